package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.data.EncodedField;
import helen.data.Vocabulary;
import helen.model.layer.FeatureLayout;
import helen.model.ModelParameter;
import helen.model.layer.Tensors;
import helen.util.Json;
import org.bytedeco.pytorch.Scalar;
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

    public HelenPerturbation(HelenSettings settings, FeatureLayout layout, long[][] datasetFrequencies) {
        this.s = settings;
        this.layout = layout;
        this.datasetFrequencies = datasetFrequencies;
        if (settings.datasetFrequency() && datasetFrequencies == null) {
            throw new IllegalArgumentException("Helen with dataset frequencies needs the training-split counts");
        }
    }

    @Override
    public List<Tensor> epsilon(List<ModelParameter> params, Batch batch) {
        List<Tensor> eps = new ArrayList<>();
        List<Tensor> dense = new ArrayList<>();
        for (ModelParameter p : params) {
            Tensor g = p.grad();
            if (!p.isEmbedding() && !g.isNull() && g.defined()) {
                dense.add(g);
            }
        }
        double denseScale = s.rho() / (Perturbation.globalNorm(dense) + 1e-12);
        for (ModelParameter p : params) {
            Tensor g = p.grad();
            if (g.isNull() || !g.defined()) {
                eps.add(null);
            } else if (p.isEmbedding()) {
                eps.add(embeddingEpsilon(p, g, batch));
            } else {
                eps.add(s.perturbNetwork() ? g.mul(new Scalar(denseScale)) : null);
            }
        }
        return eps;
    }

    private Tensor embeddingEpsilon(ModelParameter p, Tensor g, Batch batch) {
        int rows = layout.tableRows()[p.table()];
        double[] inBatch = s.datasetFrequency() && !s.presentRowsOnly() ? null : countBatch(p.table(), rows, batch);
        double[] ratio = frequencyRatio(p.table(), inBatch);
        if (s.presentRowsOnly()) {
            for (int k = 0; k < rows; k++) {
                ratio[k] = inBatch[k] > 0 ? ratio[k] : 0;
            }
        }
        Tensor radius = Tensors.fromDoubles(ratio, p.tensor().scalar_type(), rows, 1).mul(new Scalar(s.rho()));
        if (s.rowNormalize()) {
            Tensor rowNorm = g.square().sum(1).sqrt().unsqueeze(1);          // [rows, 1]
            Tensor safe = rowNorm.clamp_min(new Scalar(1e-12));
            return g.div(safe).mul(radius);                                  // rows with g = 0 stay 0
        }
        double tableNorm = g.square().sum().sqrt().item_double();
        return g.mul(radius).mul(new Scalar(1.0 / (tableNorm + 1e-12)));
    }

    /** max(N_k / max N, ξ) for every row of table t (N of the training split, or the batch's counts). */
    private double[] frequencyRatio(int t, double[] inBatch) {
        double[] n;
        if (s.datasetFrequency()) {
            long[] f = datasetFrequencies[t];
            n = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                n[k] = f[k];
            }
        } else {
            n = inBatch.clone();
        }
        int rows = n.length;
        double max = 0;
        for (double v : n) {
            max = Math.max(max, v);
        }
        for (int k = 0; k < rows; k++) {
            n[k] = Math.max(max == 0 ? 0 : n[k] / max, s.xi());
        }
        return n;
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
