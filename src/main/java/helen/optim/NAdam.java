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
 * NAdam (Dozat 2016) exactly as torch.optim.NAdam defines it in PyTorch 1.13: momentum schedule
 * μ_t = β₁(1 − ½·0.96^{t·ψ}), ψ = momentum_decay = 4e-3, μ-product bias correction, and
 * w ← w − lr(1−μ_t)/(1−Πμ)·g/d − lr·μ_{t+1}/(1−Πμ·μ_t·μ_{t+1})·m/d with d = √(v/(1−β₂^t)) + ε
 * (the extra μ_t is 1.13's; see update()).
 * Weight decay, if any, is torch's coupled L2 (g + wd·w).
 */
public final class NAdam extends GradientOptimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double MOMENTUM_DECAY = 4e-3;
    private final MomentState state;
    private final double weightDecay;
    private double muProduct = 1.0;

    public NAdam(List<Tensor> params, double lr, double weightDecay) {
        this.state = new MomentState(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    @Override
    public void update() {
        state.step++;
        double t = state.step;
        double bias2 = 1 - Math.pow(BETA2, t);
        double mu = BETA1 * (1 - 0.5 * Math.pow(0.96, t * MOMENTUM_DECAY));
        double muNext = BETA1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * MOMENTUM_DECAY));
        muProduct *= mu;
        // PyTorch 1.13 (the reference) multiplies μ_t in twice here; later releases use Πμ·μ_{t+1}.
        // Kept as 1.13 does it, so trajectories match torch.optim step for step.
        double muProductNext = muProduct * mu * muNext;
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
                Tensor denom = v.div(new Scalar(bias2)).sqrt().add(new Scalar(EPS));
                p.add_(grad.div(denom).mul(new Scalar(-lr * (1 - mu) / (1 - muProduct))));
                p.add_(m.div(denom).mul(new Scalar(-lr * muNext / (1 - muProductNext))));
            }
        }
    }

    @Override
    public void save(OutputArchive a) {
        state.save(a, "nadam.");
        a.write("nadam.mu_product", Tensor.create(new double[] {muProduct}, 1));
    }

    @Override
    public void load(InputArchive a) {
        state.load(a, "nadam.");
        Tensor mp = new Tensor();
        a.read("nadam.mu_product", mp);
        muProduct = mp.item_double();
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("name", "nadam").put("lr", lr).put("beta1", BETA1).put("beta2", BETA2).put("eps", EPS)
                .put("momentum_decay", MOMENTUM_DECAY).put("weight_decay", weightDecay);
    }
}
