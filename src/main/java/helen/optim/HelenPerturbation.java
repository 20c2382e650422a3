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
 * Row k of table j gets radius ρ_k = ρ·max(N_k/max_k N_k, ξ); dense weights use ρ.
 * <ul>
 *   <li>official (default): N counted on the mini-batch (rows absent get 0, hence ξ), and
 *       ε_k = ρ_k·G_k/‖G‖_F with the whole table's gradient norm;</li>
 *   <li>paper (Algorithm 1): N from the training split, ε_k = ρ_k·g_k/‖g_k‖ per row.</li>
 * </ul>
 * Dense parameters, including the [rows, 1] first-order tables (treated as dense by the official
 * code), get ε = ρ·g_h/‖g_h‖ with the norm over all dense gradients (the official code reuses the
 * last table's norm here, a bug not reproduced). A zero gradient norm gives ε = 0, never NaN.
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
        double[] ratio = frequencyRatio(p.table(), rows, batch);
        Tensor radius = Tensors.fromDoubles(ratio, p.tensor().scalar_type(), rows, 1).mul(new Scalar(s.rho()));
        if (s.rowNormalize()) {
            Tensor rowNorm = g.square().sum(1).sqrt().unsqueeze(1);          // [rows, 1]
            Tensor safe = rowNorm.clamp_min(new Scalar(1e-12));
            return g.div(safe).mul(radius);                                  // rows with g = 0 stay 0
        }
        double tableNorm = g.square().sum().sqrt().item_double();
        return g.mul(radius).mul(new Scalar(1.0 / (tableNorm + 1e-12)));
    }

    /** max(N_k / max N, ξ) for every row of table t. */
    private double[] frequencyRatio(int t, int rows, Batch batch) {
        double[] n = new double[rows];
        if (s.datasetFrequency()) {
            long[] f = datasetFrequencies[t];
            for (int k = 0; k < rows; k++) {
                n[k] = f[k];
            }
        } else {
            countBatch(t, batch, n);
        }
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
    private void countBatch(int t, Batch batch, double[] n) {
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
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("rho", s.rho()).put("xi", s.xi())
                .put("frequency", s.datasetFrequency() ? "dataset" : "batch")
                .put("normalize", s.rowNormalize() ? "row" : "field")
                .put("network_perturbation", s.perturbNetwork());
    }
}
