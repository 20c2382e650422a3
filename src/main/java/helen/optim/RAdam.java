package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.Json;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * RAdam (Liu et al. 2020) exactly as torch.optim.RAdam defines it (PyTorch 1.13):
 * ρ∞ = 2/(1−β₂) − 1, ρ_t = ρ∞ − 2tβ₂^t/(1−β₂^t); while ρ_t ≤ 5 the step is the bias-corrected
 * momentum alone, afterwards it is rectified: w ← w − lr·m̂·r_t·√(1−β₂^t)/(√v + ε).
 */
public final class RAdam extends GradientOptimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private final MomentState state;
    private final double weightDecay;

    public RAdam(List<Tensor> params, double lr, double weightDecay) {
        this.state = new MomentState(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    @Override
    public void update() {
        state.step++;
        double t = state.step;
        double bias1 = 1 - Math.pow(BETA1, t);
        double bias2 = 1 - Math.pow(BETA2, t);
        double rhoInf = 2 / (1 - BETA2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(BETA2, t) / bias2;
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < state.params.size(); i++) {
                Tensor grad = state.gradient(i, weightDecay);
                if (grad == null) {
                    continue;
                }
                state.updateMoments(i, grad, BETA1, BETA2);
                Tensor p = state.params.get(i);
                Tensor m = state.expAvg.get(i);
                Tensor v = state.expAvgSq.get(i);
                Tensor mHat = m.div(new Scalar(bias1));
                if (rhoT > 5) {
                    double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                    Tensor adaptive = v.sqrt().add(new Scalar(EPS)).reciprocal().mul(new Scalar(Math.sqrt(bias2)));
                    p.sub_(mHat.mul(new Scalar(lr)).mul(adaptive).mul(new Scalar(rect)));
                } else {
                    p.sub_(mHat.mul(new Scalar(lr)));
                }
            }
        }
    }

    @Override
    public void save(OutputArchive a) {
        state.save(a, "radam.");
    }

    @Override
    public void load(InputArchive a) {
        state.load(a, "radam.");
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("name", "radam").put("lr", lr).put("beta1", BETA1).put("beta2", BETA2).put("eps", EPS)
                .put("weight_decay", weightDecay);
    }
}
