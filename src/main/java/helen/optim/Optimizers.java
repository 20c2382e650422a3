package helen.optim;

import helen.model.CtrModel;
import helen.util.HelenException;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

import java.util.List;
import java.util.function.Supplier;

/**
 * Every optimizer helen trains with, in one place: name (the config's {@code optimizer.name}), a
 * one-line description, whether it is a column of the paper's results tables (Helen-m and Helen-b
 * appear only in its ablation, Table 4), and how it is built. Every sharpness-aware optimizer
 * wraps Adam (lr as configured), as in the paper. The CLI help, the config loader, the reproduce
 * grid, the reports and the optimizer tests read {@link #all()}.
 */
public final class Optimizers {
    /** Builds an optimizer from its settings and model; Helen's dataset frequencies are asked for lazily. */
    @FunctionalInterface
    public interface Factory {
        TrainingOptimizer create(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies);
    }

    /**
     * @param name          config and CLI name
     * @param description   one line for --help and the README
     * @param inPaperTables a column of Tables 2, 3 and 6 (else: ablation only)
     * @param factory       how it is built
     */
    public record Entry(String name, String description, boolean inPaperTables, Factory factory) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("adam", "Adam (libtorch)", true, (c, m, f) -> clipped(c, m, base("adam", c.lr(), m))),
            new Entry("nadam", "NAdam (torch.optim 1.13)", true, (c, m, f) -> clipped(c, m, base("nadam", c.lr(), m))),
            new Entry("radam", "RAdam (torch.optim 1.13)", true, (c, m, f) -> clipped(c, m, base("radam", c.lr(), m))),
            new Entry("sam", "SAM: every weight perturbed by rho*g/||g|| (Foret et al. 2021)", true,
                    (c, m, f) -> new SharpnessAware("sam", clipped(c, m, adam(c.lr(), m)), m.params(),
                            new SamPerturbation(orDefault(c.rho(), 0.05)), PresentRows.of(m))),
            new Entry("asam", "ASAM: scale-adaptive SAM (Kwon et al. 2021)", true,
                    (c, m, f) -> new SharpnessAware("asam", clipped(c, m, adam(c.lr(), m)), m.params(),
                            new AsamPerturbation(orDefault(c.rho(), 0.5), c.eta()), PresentRows.of(m))),
            new Entry("helen", "Helen: per-row radius rho*max(N/max N, xi) on embeddings (variant official: as the"
                    + " official code; paper: Algorithm 1, network perturbed too)", true, (c, m, f) -> helen(c, m, f)),
            new Entry("helen-m", "Helen-m (Table 4): embeddings only, no lower bound", false, (c, m, f) -> helen(c, m, f)),
            new Entry("helen-b", "Helen-b (Table 4): embeddings and network, no lower bound", false, (c, m, f) -> helen(c, m, f)));

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
     * @param datasetFrequencies training-split N per table, asked for only by Helen with frequency: dataset
     * @throws HelenException naming the known optimizers if {@code c.name()} is not one
     */
    public static TrainingOptimizer create(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies) {
        Entry e = ENTRIES.stream().filter(x -> x.name().equals(c.name())).findFirst().orElseThrow(() -> new HelenException(
                "unknown optimizer '" + c.name() + "' (known: " + String.join(", ", names()) + ")"));
        return e.factory().create(c, model, datasetFrequencies);
    }

    private static TrainingOptimizer helen(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies) {
        HelenSettings s = c.helen().settings(c.name(), orDefault(c.rho(), 0.05));
        return new SharpnessAware(c.name(), clipped(c, model, adam(c.lr(), model)), model.params(),
                new HelenPerturbation(s, model.layout(), s.datasetFrequency() ? datasetFrequencies.get() : null),
                PresentRows.of(model));
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

    private static double orDefault(Double v, double d) {
        return v != null ? v : d;
    }

    /** Names for picocli's {@code ${COMPLETION-CANDIDATES}} in --help. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
