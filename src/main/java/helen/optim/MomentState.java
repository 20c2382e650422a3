package helen.optim;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam-style per-parameter state (first and second moments, step count) for the optimizers
 * written here. The moment tensors are retained so that they outlive the PointerScope of the
 * step that created them, and are saved into checkpoints.
 */
final class MomentState {
    final List<Tensor> params;
    final List<Tensor> expAvg = new ArrayList<>();
    final List<Tensor> expAvgSq = new ArrayList<>();
    long step;

    MomentState(List<Tensor> params) {
        this.params = params;
        try (NoGradGuard g = new NoGradGuard()) {
            for (Tensor p : params) {
                expAvg.add(retained(p.detach().clone().zero_()));
                expAvgSq.add(retained(p.detach().clone().zero_()));
            }
        }
    }

    private static Tensor retained(Tensor t) {
        t.retainReference();
        return t;
    }

    /** Parameter i's gradient with torch's coupled L2 added (g + wd·w), or null if it has none yet. */
    Tensor gradient(int i, double weightDecay) {
        Tensor p = params.get(i);
        Tensor grad = p.grad();
        if (grad.isNull() || !grad.defined()) {
            return null;
        }
        return weightDecay == 0 ? grad : grad.add(p.mul(new Scalar(weightDecay)));
    }

    /** m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², in place. */
    void updateMoments(int i, Tensor grad, double beta1, double beta2) {
        expAvg.get(i).mul_(new Scalar(beta1)).add_(grad.mul(new Scalar(1 - beta1)));
        expAvgSq.get(i).mul_(new Scalar(beta2)).add_(grad.mul(grad).mul(new Scalar(1 - beta2)));
    }

    void save(OutputArchive a, String prefix) {
        a.write(prefix + "step", Tensor.create(new long[] {step}, 1));
        for (int i = 0; i < params.size(); i++) {
            a.write(prefix + "exp_avg." + i, expAvg.get(i));
            a.write(prefix + "exp_avg_sq." + i, expAvgSq.get(i));
        }
    }

    void load(InputArchive a, String prefix) {
        Tensor s = new Tensor();
        a.read(prefix + "step", s);
        step = s.item_long();
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor m = new Tensor();
                a.read(prefix + "exp_avg." + i, m);
                expAvg.get(i).copy_(m);
                Tensor v = new Tensor();
                a.read(prefix + "exp_avg_sq." + i, v);
                expAvgSq.get(i).copy_(v);
            }
        }
    }
}
