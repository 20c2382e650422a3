package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/**
 * A sharpness-aware optimizer taken every k-th step only: steps 1, k + 1, 2k + 1, … run its two passes
 * (gradient at w, ascent, gradient at w + ε), the steps between run one pass and the base optimizer's
 * plain update. Both kinds of step move the same base optimizer, so its moments see every step. A step
 * then costs (k + 1)/k gradient passes on average instead of two. The step count is saved with the
 * base optimizer's state, so that a resumed run perturbs on the same steps as an uninterrupted one.
 */
public final class PeriodicSharpness implements TrainingOptimizer {
    private static final String STEP_KEY = "periodic.step";
    private final SharpnessAware sharp;
    private final GradientOptimizer base;
    private final int every;
    private long steps;

    /**
     * @param sharp the two-pass optimizer, built on {@code base}
     * @param base  the optimizer {@code sharp} updates, stepped alone between perturbed steps
     * @param every k ≥ 1
     */
    PeriodicSharpness(SharpnessAware sharp, GradientOptimizer base, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1, got " + every);
        }
        this.sharp = sharp;
        this.base = base;
        this.every = every;
    }

    @Override
    public double step(Closure closure, Batch batch) {
        boolean perturbed = steps % every == 0;
        steps++;
        if (perturbed) {
            return sharp.step(closure, batch);
        }
        double loss = closure.lossAndGradients();
        base.update();
        return loss;
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
        sharp.save(archive);
        archive.write(STEP_KEY, Tensor.create(new long[] {steps}, 1));
    }

    @Override
    public void load(InputArchive archive) {
        sharp.load(archive);
        Tensor s = new Tensor();
        archive.read(STEP_KEY, s);
        steps = s.item_long();
    }

    @Override
    public ObjectNode describe() {
        ObjectNode o = sharp.describe();
        o.put("every", every);
        return o;
    }
}
