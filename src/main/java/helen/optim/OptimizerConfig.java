package helen.optim;

/**
 * The optimizer settings of a training run (the {@code optimizer:} section of a training config).
 *
 * @param name  an {@link Optimizers} name
 * @param lr    learning rate
 * @param rho   SAM-family radius, or null for the optimizer's default (SAM/Helen 0.05, ASAM 0.5)
 * @param eta   ASAM's η
 * @param helen Helen's own settings
 */
public record OptimizerConfig(String name, double lr, Double rho, double eta, HelenConfig helen) {
    public OptimizerConfig {
        helen = helen == null ? HelenConfig.official() : helen;
    }

    public static OptimizerConfig adam(double lr) {
        return new OptimizerConfig("adam", lr, null, 0.01, HelenConfig.official());
    }

    /** Helen's ξ (null: the variant's default). */
    public Double xi() {
        return helen.xi();
    }

    public OptimizerConfig with(String newName, double newLr, Double newRho, Double newXi) {
        return new OptimizerConfig(newName, newLr, newRho, eta, helen.withXi(newXi));
    }
}
