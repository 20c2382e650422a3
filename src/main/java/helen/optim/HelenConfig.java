package helen.optim;

import com.fasterxml.jackson.annotation.JsonProperty;
import helen.util.HelenException;

import java.util.List;

/**
 * Helen's own settings (the {@code optimizer:} keys only Helen reads), as the user wrote them; null
 * means "the variant's choice". {@link #settings} turns them into what the step does.
 *
 * <p>{@code variant: official} (default) is the official repository (NUS-HPC-AI-Lab/Helen,
 * {@code optim/Helen.py} with {@code conf/optim/Helen.yaml}): mini-batch frequencies, one gradient
 * norm per table, every row perturbed, no network perturbation ({@code net_pert: False}), and the
 * weights it does not perturb step with their gradient at the unperturbed w ({@code second_step}
 * gives them back {@code old_g}). {@code variant: paper} is Algorithm 1 (Eq. 6–8): training-split
 * frequencies, ε_k = ρ_k·g_k/‖g_k‖ per row, only rows present in the mini-batch perturbed, the network
 * perturbed by ρ·g_h/‖g_h‖, every weight stepping with its gradient at w + ε.
 *
 * @param xi        lower bound ξ on N/max N (null: Helen 0.3; Helen-m/-b have none)
 * @param variant   official or paper: the defaults of the four keys below
 * @param frequency batch (counted in each mini-batch) or dataset (training split)
 * @param normalize field (ε_k = ρ_k·G_k/‖G‖_F, one norm per table) or row (ε_k = ρ_k·g_k/‖g_k‖)
 * @param network   perturb the dense weights too (Helen only: Helen-m never, Helen-b always)
 * @param perturb   present_rows (rows of the mini-batch only) or all_rows; row normalisation would turn
 *                  the L2-only gradient of an absent row into a full ρ_k step, hence present_rows there
 */
public record HelenConfig(@JsonProperty("xi") Double xi, @JsonProperty("variant") String variant,
                          @JsonProperty("frequency") String frequency, @JsonProperty("normalize") String normalize,
                          @JsonProperty("network") Boolean network, @JsonProperty("perturb") String perturb) {
    public static final List<String> VARIANTS = List.of("official", "paper");

    public HelenConfig {
        variant = variant == null ? "official" : variant;
        check("variant", variant, VARIANTS);
        check("frequency", frequency, List.of("batch", "dataset"));
        check("normalize", normalize, List.of("field", "row"));
        check("perturb", perturb, List.of("present_rows", "all_rows"));
    }

    /** The keys the user gives most often; the others take the variant's choice. */
    public HelenConfig(Double xi, String frequency, String normalize) {
        this(xi, null, frequency, normalize, null, null);
    }

    public static HelenConfig official() {
        return new HelenConfig(null, null, null, null, null, null);
    }

    public static HelenConfig paper() {
        return new HelenConfig(null, "paper", null, null, null, null);
    }

    public HelenConfig withXi(Double newXi) {
        return new HelenConfig(newXi, variant, frequency, normalize, network, perturb);
    }

    public HelenConfig withVariant(String newVariant) {
        return new HelenConfig(xi, newVariant, frequency, normalize, network, perturb);
    }

    public HelenConfig withNetwork(Boolean newNetwork) {
        return new HelenConfig(xi, variant, frequency, normalize, newNetwork, perturb);
    }

    public boolean paperVariant() {
        return "paper".equals(variant);
    }

    /**
     * What the step does for optimizer {@code name} (helen, helen-m or helen-b) at radius ρ.
     *
     * @throws HelenException where a key contradicts the optimizer's definition (ξ or network on Helen-m/-b)
     */
    public HelenSettings settings(String name, double rho) {
        boolean ablation = name.equals("helen-m") || name.equals("helen-b");
        if (ablation && xi != null && xi != 0) {
            throw new HelenException(name + " has no lower bound (xi = 0 by definition); use helen for --xi");
        }
        boolean definedNetwork = name.equals("helen-b");
        if (ablation && network != null && network != definedNetwork) {
            throw new HelenException(name + (definedNetwork ? " perturbs" : " does not perturb")
                    + " the network by definition (Table 4); use helen for optimizer.network");
        }
        boolean paper = paperVariant();
        boolean rowNormalize = normalize != null ? normalize.equals("row") : paper;
        return new HelenSettings(rho, ablation ? 0 : (xi != null ? xi : 0.3),
                frequency != null ? frequency.equals("dataset") : paper,
                rowNormalize,
                ablation ? definedNetwork : (network != null ? network : paper),
                perturb != null ? perturb.equals("present_rows") : rowNormalize,
                !paper);
    }

    /** Every key filled with what optimizer {@code name} does (for config.resolved.yaml and metrics.json). */
    public HelenConfig resolved(String name, double rho) {
        HelenSettings s = settings(name, rho);
        return new HelenConfig(s.xi(), variant, s.datasetFrequency() ? "dataset" : "batch", s.rowNormalize() ? "row" : "field",
                s.perturbNetwork(), s.presentRowsOnly() ? "present_rows" : "all_rows");
    }

    private static void check(String key, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new HelenException("key 'optimizer." + key + "' is " + String.join(" or ", allowed) + ", got '" + value + "'");
        }
    }
}
