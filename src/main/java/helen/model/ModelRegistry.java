package helen.model;

import helen.model.layer.FeatureLayout;
import helen.util.HelenException;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Every model helen can build, in one place: its name (the {@code model.name} of a config), a
 * one-line description, whether it is one of the paper's seven (the default grid and the order of
 * the results tables), and its constructor. The CLI help, the config loader, the reproduce grid,
 * the reports and the model tests all read this list; adding a model is a class, its configs and
 * one line here.
 */
public final class ModelRegistry {
    /** Builds a model from its input layout, hyper-parameters, seeded generator and dtype. */
    @FunctionalInterface
    public interface Factory {
        CtrModel create(FeatureLayout layout, ModelConfig config, SplittableRandom rnd, ScalarType dtype);
    }

    /**
     * @param name           config and CLI name
     * @param description    one line for --help and the README
     * @param inPaper        one of the paper's seven models
     * @param factory        the constructor
     * @param defaultOptions the model's own keys ({@link ModelOptions}) with their defaults; their record binds them
     */
    public record Entry(String name, String description, boolean inPaper, Factory factory, ModelOptions defaultOptions) {
        /** The record that binds the model's own config keys. */
        public Class<? extends ModelOptions> options() {
            return defaultOptions.getClass();
        }
    }

    private static final ModelOptions NONE = new ModelOptions.None();

    private static final List<Entry> ENTRIES = List.of(
            new Entry("dnn", "MLP over the concatenated embeddings", true, DNN::new, NONE),
            new Entry("widedeep", "Wide & Deep: first-order (wide) part + MLP", true, WideDeep::new, NONE),
            new Entry("pnn", "PNN (IPNN): inner products of field pairs + MLP", true, PNN::new, NONE),
            new Entry("deepfm", "DeepFM: first order + FM + MLP", true, DeepFM::new, NONE),
            new Entry("dcn", "Deep & Cross: cross network + MLP", true, (l, c, r, d) -> new DCN(l, c, false, r, d),
                    new ModelOptions.Cross(null, null)),
            new Entry("dlrm", "DLRM: pairwise dot products + top MLP", true, DLRM::new, NONE),
            new Entry("dcnv2", "DCNv2: matrix cross network + MLP (parallel or stacked)", true,
                    (l, c, r, d) -> new DCN(l, c, true, r, d), new ModelOptions.Cross(null, null)),
            new Entry("xdeepfm", "xDeepFM: first order + CIN + MLP", false, XDeepFM::new, new ModelOptions.Cin(null)));

    private ModelRegistry() {
    }

    public static List<Entry> all() {
        return ENTRIES;
    }

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /** The paper's seven models, in the order of its tables. */
    public static List<String> paperModels() {
        return ENTRIES.stream().filter(Entry::inPaper).map(Entry::name).toList();
    }

    /** @throws HelenException naming the known models if {@code name} is not one */
    public static Entry get(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new HelenException(
                "unknown model '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }

    public static boolean contains(String name) {
        return names().contains(name);
    }

    /** Names for picocli's {@code ${COMPLETION-CANDIDATES}} in --help. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
