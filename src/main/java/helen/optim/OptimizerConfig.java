package helen.optim;

/**
 * The optimizer settings of a training run (the {@code optimizer:} section of a training config).
 *
 * @param name        an {@link Optimizers} name
 * @param lr          learning rate
 * @param rho         SAM-family radius, or null for the optimizer's default (SAM/Helen 0.05, ASAM 0.5)
 * @param eta         ASAM's η
 * @param helen       Helen's own settings
 * @param maxGradNorm clip the step's gradient to this total L2 norm (0: never); null: the paper
 *                    configs' 10, except Helen's official variant, which the official train.py never clips
 */
public record OptimizerConfig(String name, double lr, Double rho, double eta, HelenConfig helen, Double maxGradNorm) {
    /** FuxiCTR's and the official Helen configs' {@code max_grad_norm}. */
    public static final double PAPER_MAX_GRAD_NORM = 10.0;

    public OptimizerConfig {
        helen = helen == null ? HelenConfig.official() : helen;
    }

    public OptimizerConfig(String name, double lr, Double rho, double eta, HelenConfig helen) {
        this(name, lr, rho, eta, helen, null);
    }

    public static OptimizerConfig adam(double lr) {
        return new OptimizerConfig("adam", lr, null, 0.01, HelenConfig.official());
    }

    /** Helen's ξ (null: the variant's default). */
    public Double xi() {
        return helen.xi();
    }

    public boolean isHelen() {
        return name.startsWith("helen");
    }

    /** The clipping norm this run uses (0: none). */
    public double effectiveMaxGradNorm() {
        if (maxGradNorm != null) {
            return maxGradNorm;
        }
        return isHelen() && !helen.paperVariant() ? 0 : PAPER_MAX_GRAD_NORM;
    }

    public OptimizerConfig with(String newName, double newLr, Double newRho, Double newXi) {
        return new OptimizerConfig(newName, newLr, newRho, eta, helen.withXi(newXi), maxGradNorm);
    }

    public OptimizerConfig withHelen(HelenConfig newHelen) {
        return new OptimizerConfig(name, lr, rho, eta, newHelen, maxGradNorm);
    }

    public OptimizerConfig withMaxGradNorm(Double newMaxGradNorm) {
        return new OptimizerConfig(name, lr, rho, eta, helen, newMaxGradNorm);
    }
}
