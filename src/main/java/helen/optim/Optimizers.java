package helen.optim;

import helen.model.CtrModel;
import helen.util.HelenException;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every optimizer helen trains with, in one place: name (the config's {@code optimizer.name}), a
 * one-line description, whether it is a column of the paper's results tables (Helen-m and Helen-b
 * appear only in its ablation, Table 4), which shared settings it reads, the record that binds its own
 * keys, and how it is built. Every sharpness-aware optimizer wraps Adam (lr as configured), as in the
 * paper. The CLI help, the config loader and writer, the grid spec, the reproduce grid, the reports and
 * the optimizer tests read {@link #all()}: adding an optimizer is its class, its entry here and, where
 * it has keys of its own, its {@link OptimizerOptions} record.
 */
public final class Optimizers {
    /**
     * The name grids and reports give Helen's official variant trained with {@code network: true}: Table 4's
     * Helen (embedding and network perturbation, with ξ), which the official variant's default is not.
     */
    public static final String HELEN_WITH_NETWORK = "helen+network";

    /** Builds an optimizer from its settings and model; Helen's dataset frequencies are asked for lazily. */
    @FunctionalInterface
    public interface Factory {
        TrainingOptimizer create(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies);
    }

    /** The settings of the {@code optimizer:} section that families of optimizers share. */
    public enum Setting {
        /** the radius ρ ({@code optimizer.rho}, a grid axis) */
        RHO,
        /** ASAM's η ({@code optimizer.eta}) */
        ETA,
        /** Helen's lower bound ξ ({@code optimizer.xi}, a grid axis) */
        XI,
        /** Helen's variant keys ({@code variant, frequency, normalize, network, perturb}) */
        HELEN
    }

    /**
     * @param name          config and CLI name
     * @param description   one line for --help and the README
     * @param inPaperTables a column of Tables 2, 3 and 6 (else: ablation only)
     * @param settings      the shared settings it reads
     * @param defaultRho    its radius where the config gives none (NaN: it has no radius)
     * @param options       the record binding its own keys, and their defaults
     * @param factory       how it is built
     */
    public record Entry(String name, String description, boolean inPaperTables, Set<Setting> settings, double defaultRho,
                        OptimizerOptions options, Factory factory) {
        public Entry {
            settings = Set.copyOf(settings);
        }

        public boolean reads(Setting s) {
            return settings.contains(s);
        }
    }

    private static final Set<Setting> NONE = Set.of();
    private static final Set<Setting> HELEN_SETTINGS = Set.of(Setting.RHO, Setting.XI, Setting.HELEN);
    private static final Set<Setting> ABLATION_SETTINGS = Set.of(Setting.RHO, Setting.HELEN);
    private static final OptimizerOptions.None NO_OPTIONS = new OptimizerOptions.None();

    private static final List<Entry> ENTRIES = List.of(
            new Entry("adam", "Adam (libtorch)", true, NONE, Double.NaN, NO_OPTIONS,
                    (c, m, f) -> clipped(c, m, base("adam", c.lr(), m))),
            new Entry("nadam", "NAdam (torch.optim 1.13)", true, NONE, Double.NaN, NO_OPTIONS,
                    (c, m, f) -> clipped(c, m, base("nadam", c.lr(), m))),
            new Entry("radam", "RAdam (torch.optim 1.13)", true, NONE, Double.NaN, NO_OPTIONS,
                    (c, m, f) -> clipped(c, m, base("radam", c.lr(), m))),
            new Entry("sam", "SAM: every weight perturbed by rho*g/||g|| (Foret et al. 2021)", true, Set.of(Setting.RHO), 0.05,
                    NO_OPTIONS, (c, m, f) -> new SharpnessAware("sam", clipped(c, m, adam(c.lr(), m)), m.params(),
                            new SamPerturbation(c.rhoOrDefault()), PresentRows.of(m))),
            new Entry("asam", "ASAM: scale-adaptive SAM (Kwon et al. 2021)", true, Set.of(Setting.RHO, Setting.ETA), 0.5,
                    NO_OPTIONS, (c, m, f) -> new SharpnessAware("asam", clipped(c, m, adam(c.lr(), m)), m.params(),
                            new AsamPerturbation(c.rhoOrDefault(), c.eta()), PresentRows.of(m))),
            new Entry("helen", "Helen: per-row radius rho*max(N/max N, xi) on embeddings (variant official: as the"
                    + " official code; paper: Algorithm 1, network perturbed too)", true, HELEN_SETTINGS, 0.05, NO_OPTIONS,
                    (c, m, f) -> helen(c, m, f, clipped(c, m, adam(c.lr(), m)))),
            new Entry("helen-m", "Helen-m (Table 4): embeddings only, no lower bound", false, ABLATION_SETTINGS, 0.05,
                    NO_OPTIONS, (c, m, f) -> helen(c, m, f, clipped(c, m, adam(c.lr(), m)))),
            new Entry("helen-b", "Helen-b (Table 4): embeddings and network, no lower bound", false, ABLATION_SETTINGS, 0.05,
                    NO_OPTIONS, (c, m, f) -> helen(c, m, f, clipped(c, m, adam(c.lr(), m)))),
            new Entry("helen-k", "Helen-k: Helen's step every k-th step (key every), Adam's in between", false,
                    HELEN_SETTINGS, 0.05, new OptimizerOptions.Periodic(null), Optimizers::periodicHelen));

    private Optimizers() {
    }

    public static List<Entry> all() {
        return ENTRIES;
    }

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /** The columns of the paper's results tables, in its order. */
    public static List<String> paperColumns() {
        return ENTRIES.stream().filter(Entry::inPaperTables).map(Entry::name).toList();
    }

    public static boolean contains(String name) {
        return names().contains(name);
    }

    /**
     * @throws HelenException naming the known optimizers if {@code name} is not one
     */
    public static Entry get(String name) {
        return ENTRIES.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new HelenException(
                "unknown optimizer '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }

    /** Whether {@code name} is an optimizer that reads setting {@code s} (false for an unknown name). */
    public static boolean reads(String name, Setting s) {
        return contains(name) && get(name).reads(s);
    }

    /** The optimizers that read setting {@code s}, in registry order. */
    public static List<String> reading(Setting s) {
        return ENTRIES.stream().filter(e -> e.reads(s)).map(Entry::name).toList();
    }

    /**
     * @param datasetFrequencies training-split N per table, asked for only by Helen with frequency: dataset
     * @throws HelenException naming the known optimizers if {@code c.name()} is not one
     */
    public static TrainingOptimizer create(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies) {
        return get(c.name()).factory().create(c, model, datasetFrequencies);
    }

    private static SharpnessAware helen(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies,
                                        GradientOptimizer base) {
        HelenSettings s = c.helen().settings(c.name(), c.rhoOrDefault());
        return new SharpnessAware(c.name(), base, model.params(),
                new HelenPerturbation(s, model.layout(), s.datasetFrequency() ? datasetFrequencies.get() : null),
                PresentRows.of(model));
    }

    private static TrainingOptimizer periodicHelen(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies) {
        GradientOptimizer base = clipped(c, model, adam(c.lr(), model));
        return new PeriodicSharpness(helen(c, model, datasetFrequencies, base), base,
                c.options(OptimizerOptions.Periodic.class).every());
    }

    /** The base optimizer, clipping the step's gradient where the config asks for it. */
    private static GradientOptimizer clipped(OptimizerConfig c, CtrModel model, GradientOptimizer base) {
        double maxNorm = c.effectiveMaxGradNorm();
        return maxNorm > 0 ? new ClippedGradients(base, model.leaves(), maxNorm) : base;
    }

    /** A plain first-order optimizer over the model's parameter tensors. */
    public static GradientOptimizer base(String name, double lr, CtrModel model) {
        List<Tensor> tensors = model.leaves();
        switch (name) {
            case "adam":
                return adam(lr, model);
            case "nadam":
                return new NAdam(tensors, lr, 0);
            case "radam":
                return new RAdam(tensors, lr, 0);
            default:
                throw new HelenException("unknown base optimizer '" + name + "'");
        }
    }

    private static LibtorchAdam adam(double lr, CtrModel model) {
        TensorVector v = new TensorVector();
        model.leaves().forEach(v::push_back);
        return new LibtorchAdam(v, lr);
    }

    /** Names for picocli's {@code ${COMPLETION-CANDIDATES}} in --help. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
