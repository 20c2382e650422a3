package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * A first-order optimizer whose update first scales every gradient by min(1, c/(‖g‖₂ + 1e-6)),
 * ‖g‖₂ over all parameters together: torch.nn.utils.clip_grad_norm_ as FuxiCTR and the official
 * Helen train.py call it before each step ({@code max_grad_norm}). Wrapping the base optimizer clips
 * the gradient that step uses: the only one for Adam, the second (at w + ε) for the sharpness-aware ones.
 */
public final class ClippedGradients extends GradientOptimizer {
    private final GradientOptimizer base;
    private final List<Tensor> params;
    private final double maxNorm;

    public ClippedGradients(GradientOptimizer base, List<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max_grad_norm must be positive, got " + maxNorm);
        }
        this.base = base;
        this.params = params;
        this.maxNorm = maxNorm;
    }

    @Override
    public void update() {
        clip(params, maxNorm);
        base.update();
    }

    /** Scales the gradients in place; returns the total norm before clipping. */
    static double clip(List<Tensor> params, double maxNorm) {
        try (NoGradGuard g = new NoGradGuard()) {
            List<Tensor> grads = params.stream().map(Tensor::grad).filter(t -> !t.isNull() && t.defined()).toList();
            double total = Perturbation.globalNorm(grads);
            double coefficient = maxNorm / (total + 1e-6);
            if (coefficient < 1) {
                Scalar c = new Scalar(coefficient);
                grads.forEach(t -> t.mul_(c));
            }
            return total;
        }
    }

    @Override
    public double learningRate() {
        return base.learningRate();
    }

    @Override
    public void setLearningRate(double lr) {
        base.setLearningRate(lr);
    }

    @Override
    public void save(OutputArchive archive) {
        base.save(archive);
    }

    @Override
    public void load(InputArchive archive) {
        base.load(archive);
    }

    @Override
    public ObjectNode describe() {
        return base.describe().put("max_grad_norm", maxNorm);
    }
}
