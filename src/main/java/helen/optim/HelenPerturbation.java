package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.data.EncodedField;
import helen.data.Vocabulary;
import helen.model.ModelParameter;
import helen.model.layer.FeatureLayout;
import helen.tensor.Tensors;
import helen.util.Json;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Helen (Zhu et al., WWW 2024): frequency-wise perturbation of embedding rows.
 * Row k of table j gets radius ρ_k = ρ·max(N_k/max_k N_k, ξ); dense weights, if perturbed, ρ·g_h/‖g_h‖.
 * {@link HelenConfig} says which choice comes from the paper and which from the official code.
 * Dense parameters include the [rows, 1] first-order tables (treated as dense by the official code).
 * The dense norm is over all dense gradients (the official code reuses the last table's norm there,
 * a bug not reproduced). A zero gradient norm gives ε = 0, never NaN.
 */
public final class HelenPerturbation implements Perturbation {
    private final HelenSettings s;
    private final FeatureLayout layout;
    /** Training-split N per table (paper variant), else null. */
    private final long[][] datasetFrequencies;
    /** max_k N_k per table of {@link #datasetFrequencies}. */
    private final double[] datasetMax;

    public HelenPerturbation(HelenSettings settings, FeatureLayout layout, long[][] datasetFrequencies) {
        this.s = settings;
        this.layout = layout;
        this.datasetFrequencies = datasetFrequencies;
        if (settings.datasetFrequency() && datasetFrequencies == null) {
            throw new IllegalArgumentException("Helen with dataset frequencies needs the training-split counts");
        }
        this.datasetMax = new double[datasetFrequencies == null ? 0 : datasetFrequencies.length];
        for (int t = 0; t < datasetMax.length; t++) {
            for (long n : datasetFrequencies[t]) {
                datasetMax[t] = Math.max(datasetMax[t], n);
            }
        }
    }

    @Override
    public List<Ascent> epsilon(List<ParameterLeaf> leaves, Batch batch) {
        List<Tensor> dense = new ArrayList<>();
        for (ParameterLeaf leaf : leaves) {
            Tensor g = leaf.isEmbedding() ? null : leaf.grad();
            if (g != null) {
                dense.add(g);
            }
        }
        double denseScale = s.rho() / (Perturbation.globalNorm(dense) + 1e-12);
        List<Ascent> eps = new ArrayList<>();
        for (ParameterLeaf leaf : leaves) {
            Tensor g = leaf.grad();
            if (g == null) {
                eps.add(null);
            } else if (leaf.isEmbedding()) {
                eps.add(embeddingEpsilon(leaf, g, batch));
            } else {
                eps.add(s.perturbNetwork() ? new Ascent(g, denseScale) : null);
            }
        }
        return eps;
    }

    /**
     * ε of every row of the embedding leaf (or of the rows a view of it holds: rows absent from the
     * batch have g = 0, so ε = 0, and add nothing to a table's norm): g_k times a per-row factor
     * ρ_k / ‖g‖ (the table's norm, or the row's own with row normalisation), the factors computed
     * here in double precision from the rows' squared gradient norms, so that the whole leaf takes a
     * handful of tensor operations.
     */
    private Ascent embeddingEpsilon(ParameterLeaf leaf, Tensor g, Batch batch) {
        double[] rowSquares = Tensors.toDoubles(g.square().sum(1));
        double[] factor = new double[rowSquares.length];  // rows of no table keep 0
        for (ModelParameter p : leaf.params()) {
            int t = p.table();
            int rows = layout.tableRows()[t];
            int offset = (int) p.offset();
            int from = leaf.firstAtOrAbove(offset);
            int to = leaf.firstAtOrAbove(offset + rows);
            double[] inBatch = s.datasetFrequency() && !s.presentRowsOnly() ? null : countBatch(t, rows, batch);
            double maxN = s.datasetFrequency() ? datasetMax[t] : max(inBatch);
            double tableSquares = 0;
            for (int i = from; i < to; i++) {
                tableSquares += rowSquares[i];
            }
            double tableNorm = Math.sqrt(tableSquares) + 1e-12;
            for (int i = from; i < to; i++) {
                int k = leaf.registeredRow(i) - offset;
                double n = s.datasetFrequency() ? datasetFrequencies[t][k] : inBatch[k];
                double ratio = Math.max(maxN == 0 ? 0 : n / maxN, s.xi());  // max(N_k / max N, ξ)
                double radius = s.presentRowsOnly() && inBatch[k] == 0 ? 0 : s.rho() * ratio;
                // a row with g = 0 stays at 0 either way (1e-12 only keeps the factor finite)
                double norm = s.rowNormalize() ? Math.max(Math.sqrt(rowSquares[i]), 1e-12) : tableNorm;
                factor[i] = radius / norm;
            }
        }
        return new Ascent(g.mul(Tensors.fromDoubles(factor, g.scalar_type(), factor.length, 1)), 1.0);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Occurrences of every row of table t in the batch, over every field that uses the table. */
    private double[] countBatch(int t, int rows, Batch batch) {
        double[] n = new double[rows];
        for (EncodedField f : layout.fields()) {
            if (f.tableIndex() != t) {
                continue;
            }
            for (int i = 0; i < batch.size; i++) {
                int base = i * batch.width + f.offset();
                for (int k = 0; k < f.width(); k++) {
                    int id = batch.ids[base + k];
                    if (f.multiHot() && id == Vocabulary.PAD) {
                        continue;
                    }
                    n[id]++;
                }
            }
        }
        return n;
    }

    @Override
    public boolean unperturbedStepAtW() {
        return s.unperturbedStepAtW();
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("variant", s.unperturbedStepAtW() ? "official" : "paper").put("rho", s.rho()).put("xi", s.xi())
                .put("frequency", s.datasetFrequency() ? "dataset" : "batch")
                .put("normalize", s.rowNormalize() ? "row" : "field")
                .put("network_perturbation", s.perturbNetwork())
                .put("perturb", s.presentRowsOnly() ? "present_rows" : "all_rows")
                .put("unperturbed_weights_step_with", s.unperturbedStepAtW() ? "gradient at w" : "gradient at w + eps");
    }
}
