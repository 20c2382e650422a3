package helen.optim;

import helen.data.Batch;
import helen.data.EncodedField;
import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.TinyModels;
import helen.tensor.Tensors;
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
 * Algorithm 1 and Table 4; the official code's batch frequencies, table norm, all rows and
 * unperturbed network), at ρ &gt; 0, on DeepFM's tiny model with its L2 term (so rows absent from the
 * batch have a gradient): table a is read by a one-hot field and by a multi-hot history (padding
 * skipped), table b by a one-hot field only. Then one step with lr = 0: the weights come back
 * exactly, and the gradient the base optimizer receives is the one at w + ε, or at w for the weights
 * the official variant leaves unperturbed.
 */
class HelenVariantsTest {
    static final double RHO = 0.2;
    /** Training-split N of tables a and b for the dataset-frequency variant. */
    static final long[][] DATASET_N = {{0, 50, 30, 20, 7, 1}, {0, 9, 4, 4, 2}};

    /** What a variant does, written out here rather than asked of {@link HelenConfig#settings}. */
    record Expected(double xi, boolean datasetN, boolean rowNorm, boolean network, boolean presentOnly, boolean stepAtW) {
    }

    @ParameterizedTest(name = "{0} variant={1} frequency={2} normalize={3} network={4} perturb={5}")
    @CsvSource({
            // name, variant, frequency, normalize, network, perturb, xi, then expected: xi, datasetN, rowNorm, network, presentOnly, stepAtW
            "helen,,,,,,, 0.3, false, false, false, false, true",
            "helen,official,,,,,0.5, 0.5, false, false, false, false, true",
            "helen,paper,,,,,, 0.3, true, true, true, true, false",
            "helen,official,,row,,,, 0.3, false, true, false, true, true",
            "helen,official,,,true,,, 0.3, false, false, true, false, true",
            "helen,paper,batch,,,all_rows,, 0.3, false, true, true, false, false",
            "helen-m,,,,,,, 0, false, false, false, false, true",
            "helen-b,,,,,,, 0, false, false, true, false, true",
            "helen-m,paper,,,,,, 0, true, true, false, true, false",
            "helen-b,paper,,,,,, 0, true, true, true, true, false"})
    void epsilonAndTheStepFollowTheDefinition(String name, String variant, String frequency, String normalize, Boolean network,
                                              String perturb, Double xi, double eXi, boolean eDataset, boolean eRowNorm,
                                              boolean eNetwork, boolean ePresent, boolean eStepAtW) {
        Expected e = new Expected(eXi, eDataset, eRowNorm, eNetwork, ePresent, eStepAtW);
        CtrModel m = TinyModels.model("deepfm", 3);
        Tensor[] b = TinyModels.batch(16, 101);
        Batch batch = TinyModels.batchObject(16, 101);
        OptimizerConfig c = new OptimizerConfig(name, 0.0, RHO, 0.01,
                new HelenConfig(xi, variant, frequency, normalize, network, perturb), 0.0);
        SharpnessAware opt = (SharpnessAware) Optimizers.create(c, m, () -> DATASET_N);
        trainingLoss(m, b).lossAndGradients();
        List<double[]> gradientAtW = gradients(m);
        List<double[]> expected = byHand(m, batch, e);
        List<Tensor> eps;
        try (NoGradGuard g = new NoGradGuard()) {
            eps = opt.perturbation().epsilonPerParameter(m.params(), batch);
        }
        List<ModelParameter> params = m.params();
        for (int i = 0; i < params.size(); i++) {
            if (expected.get(i) == null) {
                assertNull(eps.get(i), params.get(i).name() + " must not be perturbed");
            } else {
                assertArrayEquals(expected.get(i), Tensors.toDoubles(eps.get(i)), 1e-13, params.get(i).name());
            }
        }

        // one step at lr = 0: w is restored exactly, and the step's gradient is the one at w + ε
        // (or at w, for the weights the official variant leaves where they are)
        List<double[]> w = weights(m);
        opt.step(trainingLoss(m, b), batch);
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
        trainingLoss(shifted, b).lossAndGradients();
        List<double[]> gradientAtShifted = gradients(shifted);
        for (int i = 0; i < params.size(); i++) {
            boolean atW = expected.get(i) == null && e.stepAtW();
            assertArrayEquals(atW ? gradientAtW.get(i) : gradientAtShifted.get(i), Tensors.toDoubles(params.get(i).grad()),
                    1e-12, (atW ? "gradient at w, " : "gradient at w + eps, ") + params.get(i).name());
        }
    }

    /** Mean BCE plus the L2 term, as training computes it. */
    static Closure trainingLoss(CtrModel m, Tensor[] b) {
        return () -> {
            m.zero_grad(true);
            Tensor l = m.loss(b[0], b[1]);
            l.backward();
            return l.item_double();
        };
    }

    static List<double[]> gradients(CtrModel m) {
        List<double[]> g = new ArrayList<>();
        for (ModelParameter p : m.params()) {
            g.add(Tensors.toDoubles(p.grad()));
        }
        return g;
    }

    /** ε of every parameter from the gradients at w, by the definitions; null where nothing is perturbed. */
    static List<double[]> byHand(CtrModel m, Batch batch, Expected x) {
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
                if (x.network()) {
                    e = new double[g.length];
                    for (int i = 0; i < g.length; i++) {
                        e[i] = RHO * g[i] / (Math.sqrt(denseSq) + 1e-12);
                    }
                }
                out.add(e);
                continue;
            }
            int rows = (int) p.rows();
            double[] inBatch = new double[rows];
            for (EncodedField f : TinyModels.LAYOUT.fields()) {
                if (f.tableIndex() != p.table()) {
                    continue;
                }
                for (int s = 0; s < batch.size; s++) {
                    for (int j = 0; j < f.width(); j++) {
                        int id = batch.ids[s * batch.width + f.offset() + j];
                        if (!(f.multiHot() && id == 0)) {
                            inBatch[id]++;
                        }
                    }
                }
            }
            double[] n = new double[rows];
            for (int k = 0; k < rows; k++) {
                n[k] = x.datasetN() ? DATASET_N[p.table()][k] : inBatch[k];
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
                double radius = x.presentOnly() && inBatch[k] == 0 ? 0 : RHO * Math.max(n[k] / max, x.xi());
                double rowNormK = 0;
                for (int i = 0; i < d; i++) {
                    rowNormK += g[k * d + i] * g[k * d + i];
                }
                rowNormK = Math.sqrt(rowNormK);
                for (int i = 0; i < d; i++) {
                    double gi = g[k * d + i];
                    e[k * d + i] = x.rowNorm() ? radius * gi / Math.max(rowNormK, 1e-12) : radius * gi / (tableNorm + 1e-12);
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
