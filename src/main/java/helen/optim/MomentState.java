package helen.optim;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
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
