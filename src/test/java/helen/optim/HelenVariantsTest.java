package helen.optim;

import helen.data.Batch;
import helen.data.EncodedField;
import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.TinyModels;
import helen.model.layer.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Helen's ascent ε for every variant against its definition written as plain loops (Zhu et al. 2024,
 * Algorithm 1 and Table 4; the official code's batch frequencies and table norm), at ρ &gt; 0, on
 * DeepFM's tiny model: table a is read by a one-hot field and by a multi-hot history (padding
 * skipped), table b by a one-hot field only. Then one step with lr = 0: the weights come back
 * exactly, and the gradient the base optimizer receives is the one at w + ε.
 */
class HelenVariantsTest {
    static final double RHO = 0.2;
    /** Training-split N of tables a and b for the dataset-frequency variant. */
    static final long[][] DATASET_N = {{0, 50, 30, 20, 7, 1}, {0, 9, 4, 4, 2}};

    @ParameterizedTest(name = "{0} frequency={1} normalize={2}")
    @CsvSource({"helen,batch,field,0.3,true", "helen,dataset,row,0.3,true", "helen,batch,row,0.5,true",
            "helen-m,batch,field,,false", "helen-b,batch,field,,true", "helen-b,dataset,row,,true"})
    void epsilonAndTheStepFollowTheDefinition(String name, String frequency, String normalize, Double xi,
                                              boolean network) {
        CtrModel m = TinyModels.model("deepfm", 3);
        Tensor[] b = TinyModels.batch(16, 101);
        Batch batch = TinyModels.batchObject(16, 101);
        OptimizerConfig c = new OptimizerConfig(name, 0.0, RHO, 0.01, new HelenConfig(xi, frequency, normalize));
        SharpnessAware opt = (SharpnessAware) Optimizers.create(c, m, () -> DATASET_N);
        SharpnessAwareTest.closure(m, b[0], b[1]).lossAndGradients();
        List<double[]> expected = byHand(m, batch, xi == null ? 0 : xi, frequency.equals("dataset"), normalize.equals("row"),
                network);
        List<Tensor> eps;
        try (NoGradGuard g = new NoGradGuard()) {
            eps = opt.perturbation().epsilon(m.params(), batch);
        }
        List<ModelParameter> params = m.params();
        for (int i = 0; i < params.size(); i++) {
            if (expected.get(i) == null) {
                assertNull(eps.get(i), params.get(i).name() + " must not be perturbed");
            } else {
                assertArrayEquals(expected.get(i), Tensors.toDoubles(eps.get(i)), 1e-13, params.get(i).name());
            }
        }

        // one step at lr = 0: w is restored exactly, and the second gradient is the one at w + ε
        List<double[]> w = weights(m);
        opt.step(SharpnessAwareTest.closure(m, b[0], b[1]), batch);
        List<double[]> after = weights(m);
        for (int i = 0; i < w.size(); i++) {
            assertArrayEquals(w.get(i), after.get(i), 0.0, "restored " + params.get(i).name());
        }
        CtrModel shifted = TinyModels.model("deepfm", 3);
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < params.size(); i++) {
                if (expected.get(i) != null) {
                    Tensor t = shifted.params().get(i).tensor();
                    t.add_(Tensors.fromDoubles(expected.get(i), ScalarType.Double, t.sizes().vec().get()));
                }
            }
        }
        SharpnessAwareTest.closure(shifted, b[0], b[1]).lossAndGradients();
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(Tensors.toDoubles(shifted.params().get(i).grad()), Tensors.toDoubles(params.get(i).grad()),
                    1e-12, "gradient at w + eps, " + params.get(i).name());
        }
    }

    /** ε of every parameter from the gradients at w, by the definitions; null where nothing is perturbed. */
    static List<double[]> byHand(CtrModel m, Batch batch, double xi, boolean datasetN, boolean rowNorm, boolean network) {
        List<ModelParameter> params = m.params();
        double denseSq = 0;
        for (ModelParameter p : params) {
            if (!p.isEmbedding()) {
                for (double v : Tensors.toDoubles(p.grad())) {
                    denseSq += v * v;
                }
            }
        }
        List<double[]> out = new ArrayList<>();
        int d = m.config().embeddingDim();
        for (ModelParameter p : params) {
            double[] g = Tensors.toDoubles(p.grad());
            if (!p.isEmbedding()) {
                double[] e = null;
                if (network) {
                    e = new double[g.length];
                    for (int i = 0; i < g.length; i++) {
                        e[i] = RHO * g[i] / (Math.sqrt(denseSq) + 1e-12);
                    }
                }
                out.add(e);
                continue;
            }
            int rows = (int) p.rows();
            double[] n = new double[rows];
            if (datasetN) {
                for (int k = 0; k < rows; k++) {
                    n[k] = DATASET_N[p.table()][k];
                }
            } else {
                for (EncodedField f : TinyModels.LAYOUT.fields()) {
                    if (f.tableIndex() != p.table()) {
                        continue;
                    }
                    for (int s = 0; s < batch.size; s++) {
                        for (int j = 0; j < f.width(); j++) {
                            int id = batch.ids[s * batch.width + f.offset() + j];
                            if (!(f.multiHot() && id == 0)) {
                                n[id]++;
                            }
                        }
                    }
                }
            }
            double max = 0;
            for (double v : n) {
                max = Math.max(max, v);
            }
            double tableNorm = 0;
            for (double v : g) {
                tableNorm += v * v;
            }
            tableNorm = Math.sqrt(tableNorm);
            double[] e = new double[g.length];
            for (int k = 0; k < rows; k++) {
                double radius = RHO * Math.max(n[k] / max, xi);
                double rowNormK = 0;
                for (int i = 0; i < d; i++) {
                    rowNormK += g[k * d + i] * g[k * d + i];
                }
                rowNormK = Math.sqrt(rowNormK);
                for (int i = 0; i < d; i++) {
                    double gi = g[k * d + i];
                    e[k * d + i] = rowNorm ? radius * gi / Math.max(rowNormK, 1e-12) : radius * gi / (tableNorm + 1e-12);
                }
            }
            out.add(e);
        }
        assertEquals(params.size(), out.size());
        return out;
    }

    static List<double[]> weights(CtrModel m) {
        List<double[]> w = new ArrayList<>();
        for (ModelParameter p : m.params()) {
            w.add(Tensors.toDoubles(p.tensor()));
        }
        return w;
    }
}
