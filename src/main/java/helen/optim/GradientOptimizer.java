package helen.optim;

import helen.data.Batch;

/** A first-order optimizer: one gradient evaluation, then {@link #update()} with the gradients in grad(). */
public abstract class GradientOptimizer implements TrainingOptimizer {
    /** The learning rate the next update uses. */
    protected double lr;

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** Applies one update with the gradients currently in every parameter's grad(). */
    public abstract void update();

    @Override
    public final double step(Closure closure, Batch batch) {
        double loss = closure.lossAndGradients();
        update();
        return loss;
    }
}
