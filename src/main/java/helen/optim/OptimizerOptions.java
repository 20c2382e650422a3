package helen.optim;

import com.fasterxml.jackson.annotation.JsonProperty;
import helen.util.HelenException;

/**
 * The settings that only one optimizer has, one record per kind. In a config they sit in the
 * {@code optimizer:} section beside the shared keys (name, lr, max_grad_norm, and the family keys
 * ρ, η and Helen's); the optimizer's {@link Optimizers} entry says which record binds them, so a key
 * another optimizer owns is an error, not silently ignored. Null components take the default.
 */
public sealed interface OptimizerOptions permits OptimizerOptions.None, OptimizerOptions.Periodic {
    /** Optimizers with no keys of their own. */
    record None() implements OptimizerOptions {
    }

    /**
     * Helen-k: Helen's two-pass step on every k-th step only.
     *
     * @param every k, the steps from one perturbed step to the next (1: every step, which is Helen)
     */
    record Periodic(@JsonProperty("every") Integer every) implements OptimizerOptions {
        /** LookSAM's period (Liu et al. 2022), the usual choice for SAM taken every k steps. */
        public static final int DEFAULT_EVERY = 5;

        public Periodic {
            every = every == null ? DEFAULT_EVERY : every;
            if (every < 1) {
                throw new HelenException("key 'optimizer.every' must be at least 1, got " + every);
            }
        }
    }
}
