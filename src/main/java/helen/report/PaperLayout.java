package helen.report;

import java.util.List;

/**
 * Which optimizers and models each of the paper's tables and figures shows, said once: the registries list
 * every optimizer and model helen has, these are the paper's picks among them. A report of other runs
 * still shows every optimizer it finds in its side-by-side tables; only the paper's own figures keep to these.
 */
public final class PaperLayout {
    /** The optimizer every ratio and gap is taken against (the paper's baseline). */
    public static final String BASELINE = "adam";
    /** The paper's optimizer. */
    public static final String HELEN = "helen";
    /** Figure 4's optimizers, the curvature tracked during training, and the order optimizers are discussed in. */
    public static final List<String> SHARPNESS_COMPARED = List.of(BASELINE, "sam", HELEN);
    /** Figures 5 and 6: the baseline against Helen. */
    public static final List<String> BASELINE_AND_HELEN = List.of(BASELINE, HELEN);
    /** Table 4's columns: the baseline, SAM, Helen's two ablations (Helen-m: embeddings only, Helen-b: embeddings and network, both ξ = 0), Helen. */
    public static final List<String> ABLATION = List.of(BASELINE, "sam", "helen-m", "helen-b", HELEN);
    /** The models whose embeddings the paper's analysis figures (3, 4 and 6) show. */
    public static final List<String> ANALYSED_MODELS = List.of("pnn", "deepfm");
    /** The model of Table 4 and of the curvature and spectrum figures. */
    public static final String MAIN_MODEL = "deepfm";

    private PaperLayout() {
    }
}
