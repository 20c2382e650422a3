package helen.optim;

/**
 * The optimizer settings of a training run (the {@code optimizer:} section of a training config).
 *
 * @param name      adam, nadam, radam, sam, asam, helen, helen-m, helen-b
 * @param lr        learning rate
 * @param rho       SAM-family radius, or null for the optimizer's default (SAM/Helen 0.05, ASAM 0.5)
 * @param xi        Helen's lower bound on the frequency ratio, or null (Helen 0.3; Helen-m/-b 0)
 * @param eta       ASAM's η
 * @param frequency Helen: batch (official code) or dataset (paper, Algorithm 1)
 * @param normalize Helen: field (official, table norm) or row (paper)
 */
public record OptimizerConfig(String name, double lr, Double rho, Double xi, double eta, String frequency,
                              String normalize) {
    public static OptimizerConfig adam(double lr) {
        return new OptimizerConfig("adam", lr, null, null, 0.01, "batch", "field");
    }

    public OptimizerConfig with(String newName, double newLr, Double newRho, Double newXi) {
        return new OptimizerConfig(newName, newLr, newRho, newXi, eta, frequency, normalize);
    }
}
