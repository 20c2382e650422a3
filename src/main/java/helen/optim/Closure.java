package helen.optim;

/**
 * Computes the training loss at the current weights and leaves its gradient in every
 * parameter's {@code grad()}, as torch.optim's closure does. Two-pass optimizers call it twice.
 */
@FunctionalInterface
public interface Closure {
    /** @return the loss value */
    double lossAndGradients();
}
