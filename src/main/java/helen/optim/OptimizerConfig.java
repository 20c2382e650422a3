package helen.optim;

/**
 * The optimizer settings of a training run (the {@code optimizer:} section of a training config): the
 * keys every optimizer has, the keys families share (ρ; ASAM's η; Helen's), and the optimizer's own
 * ({@link OptimizerOptions}, the record its {@link Optimizers} entry names).
 *
 * @param name        an {@link Optimizers} name
 * @param lr          learning rate
 * @param rho         SAM-family radius, or null for the optimizer's default ({@link Optimizers.Entry#defaultRho})
 * @param eta         ASAM's η
 * @param helen       Helen's own settings
 * @param maxGradNorm clip the step's gradient to this total L2 norm (0: never); null: the paper
 *                    configs' 10, except Helen's official variant, which the official train.py never clips
 * @param options     the optimizer's own keys (null: its entry's defaults)
 */
public record OptimizerConfig(String name, double lr, Double rho, double eta, HelenConfig helen, Double maxGradNorm,
                              OptimizerOptions options) {
    /** FuxiCTR's and the official Helen configs' {@code max_grad_norm}. */
    public static final double PAPER_MAX_GRAD_NORM = 10.0;

    public OptimizerConfig {
        helen = helen == null ? HelenConfig.official() : helen;
        options = options == null ? defaultOptions(name) : options;
    }

    public OptimizerConfig(String name, double lr, Double rho, double eta, HelenConfig helen, Double maxGradNorm) {
        this(name, lr, rho, eta, helen, maxGradNorm, null);
    }

    public OptimizerConfig(String name, double lr, Double rho, double eta, HelenConfig helen) {
        this(name, lr, rho, eta, helen, null, null);
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

    /** The radius in force: the configured ρ, else the optimizer's default. */
    public double rhoOrDefault() {
        return rho != null ? rho : Optimizers.get(name).defaultRho();
    }

    /** The optimizer's own options, as the record its registry entry binds. */
    public <T extends OptimizerOptions> T options(Class<T> kind) {
        if (!kind.isInstance(options)) {
            throw new IllegalStateException(name + " has " + options.getClass().getSimpleName() + " options, not "
                    + kind.getSimpleName());
        }
        return kind.cast(options);
    }

    /** The clipping norm this run uses (0: none). */
    public double effectiveMaxGradNorm() {
        if (maxGradNorm != null) {
            return maxGradNorm;
        }
        return isHelen() && !helen.paperVariant() ? 0 : PAPER_MAX_GRAD_NORM;
    }

    /** The same settings for another optimizer (whose own options start from its defaults unless it shares the record). */
    public OptimizerConfig with(String newName, double newLr, Double newRho, Double newXi) {
        OptimizerOptions o = defaultOptions(newName).getClass().isInstance(options) ? options : null;
        return new OptimizerConfig(newName, newLr, newRho, eta, helen.withXi(newXi), maxGradNorm, o);
    }

    public OptimizerConfig withHelen(HelenConfig newHelen) {
        return new OptimizerConfig(name, lr, rho, eta, newHelen, maxGradNorm, options);
    }

    public OptimizerConfig withMaxGradNorm(Double newMaxGradNorm) {
        return new OptimizerConfig(name, lr, rho, eta, helen, newMaxGradNorm, options);
    }

    /** An unknown name gets none: the loader reports it by name, with the known ones. */
    private static OptimizerOptions defaultOptions(String name) {
        return Optimizers.contains(name) ? Optimizers.get(name).options() : new OptimizerOptions.None();
    }
}
