package helen.hessian;

import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.TableHessian;
import helen.model.CtrModel;
import helen.model.TinyModels;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HvpCheckTest {
    static AnalysisSet tinySet(int n, long seed) {
        double[] ids = Tensors.toDoubles(TinyModels.batch(n, seed)[0].to(ScalarType.Double));
        double[] y = Tensors.toDoubles(TinyModels.batch(n, seed)[1]);
        int[] i = new int[ids.length];
        float[] l = new float[n];
        for (int k = 0; k < ids.length; k++) {
            i[k] = (int) ids[k];
        }
        for (int k = 0; k < n; k++) {
            l[k] = (float) y[k];
        }
        return AnalysisSet.of(i, l, 5, ScalarType.Double);
    }

    /** H·v against central differences of the gradient, (∇L(w + hv) − ∇L(w − hv)) / 2h, for every model. */
    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void hvpMatchesFiniteDifferencesOfTheGradient(String name) {
        CtrModel m = TinyModels.model(name, 11);
        Hvp hvp = new Hvp(m, tinySet(24, 3));
        List<Tensor> leaves = m.leaves();
        SplittableRandom r = new SplittableRandom(5);
        List<double[]> v = new ArrayList<>();
        for (Tensor t : leaves) {
            double[] x = new double[(int) t.numel()];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            v.add(x);
        }
        List<double[]> hv = hvp.apply(leaves, v);
        double h = 1e-5;
        shift(leaves, v, h);
        List<double[]> plus = hvp.gradient(leaves);
        shift(leaves, v, -2 * h);
        List<double[]> minus = hvp.gradient(leaves);
        shift(leaves, v, h);
        double maxErr = 0;
        double maxAbs = 0;
        for (int p = 0; p < leaves.size(); p++) {
            for (int i = 0; i < v.get(p).length; i++) {
                double fd = (plus.get(p)[i] - minus.get(p)[i]) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(fd - hv.get(p)[i]));
                maxAbs = Math.max(maxAbs, Math.abs(fd));
            }
        }
        assertTrue(maxAbs > 1e-4, name + ": the check needs a non-trivial Hessian, max |Hv| " + maxAbs);
        assertTrue(maxErr < 1e-6 * Math.max(1, maxAbs), name + ": max |Hv - FD| " + maxErr + " (max |Hv| " + maxAbs + ")");
    }

    private static void shift(List<Tensor> leaves, List<double[]> v, double h) {
        try (NoGradGuard g = new NoGradGuard()) {
            for (int p = 0; p < leaves.size(); p++) {
                Tensor t = leaves.get(p);
                t.add_(Tensors.fromDoubles(v.get(p), ScalarType.Double, t.sizes().vec().get()).mul(new Scalar(h)));
            }
        }
    }

    /**
     * Field-batched results equal a brute-force dense Hessian of the whole embedding tensor, also for
     * table a, which a one-hot field and a multi-hot history share (rows co-occur: colouring needed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"deepfm", "pnn"})
    void fieldBatchedBlocksEqualTheDenseHessian(String name) {
        CtrModel m = TinyModels.model(name, 2);
        AnalysisSet set = tinySet(40, 8);
        Hvp hvp = new Hvp(m, set);
        Tensor e = m.embeddingWeight();
        int rows = (int) e.size(0);
        int d = (int) e.size(1);
        int n = rows * d;
        double[][] dense = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] unit = new double[n];
            unit[j] = 1;
            dense[j] = hvp.apply(List.of(e), List.of(unit)).get(0); // column j
        }
        boolean crossRowSeen = false;
        for (int t = 0; t < 2; t++) {
            TableHessian h = new TableHessian(hvp, m, t);
            RowColouring c = RowColouring.of(set, m.layout().fields(), t, h.rows());
            assertEquals(t == 0, c.colours > 1, "table a is shared with a multi-hot field; b is one-hot");
            RowCurvature exact = new ExactBlocks().run(h, c);
            RowCurvature power = PowerIteration.run(h, c, 1e-12, 2000, 4);
            int off = (int) m.tableOffset(t);
            for (int k = 0; k < h.rows(); k++) {
                double[][] block = new double[d][d];
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        block[a][b] = dense[(off + k) * d + b][(off + k) * d + a];
                    }
                }
                double[] ev = new org.apache.commons.math3.linear.EigenDecomposition(
                        new org.apache.commons.math3.linear.Array2DRowRealMatrix(block)).getRealEigenvalues();
                java.util.Arrays.sort(ev);
                for (int i = 0; i < d; i++) {
                    assertEquals(ev[i], exact.eigenvalues()[k][i], 1e-12, name + " table " + t + " row " + k);
                }
                double dominant = ExactBlocks.dominant(ev);
                assertEquals(dominant, power.lambda()[k], 1e-6 * Math.max(Math.abs(dominant), 1e-12),
                        name + " power, table " + t + " row " + k);
                for (int l = 0; l < h.rows(); l++) {
                    if (l == k || c.colourOf[k] < 0 || c.colourOf[l] < 0) {
                        continue;
                    }
                    double cross = 0;
                    for (int a = 0; a < d; a++) {
                        for (int b = 0; b < d; b++) {
                            cross = Math.max(cross, Math.abs(dense[(off + l) * d + b][(off + k) * d + a]));
                        }
                    }
                    if (c.colourOf[k] == c.colourOf[l]) {
                        assertEquals(0.0, cross, 1e-15, "rows sharing a colour must have a zero cross block");
                    } else if (cross > 1e-9) {
                        crossRowSeen = true;
                    }
                }
            }
        }
        assertTrue(crossRowSeen, "the multi-hot table has co-occurring rows with non-zero cross blocks");
    }

    @Test
    void unseenRowsAreReportedAsZeroWithoutProbing() {
        CtrModel m = TinyModels.model("deepfm", 2);
        AnalysisSet set = tinySet(3, 8); // 3 samples cannot cover table b's 4 real rows
        Hvp hvp = new Hvp(m, set);
        TableHessian h = new TableHessian(hvp, m, 1);
        RowColouring c = RowColouring.of(set, m.layout().fields(), 1, h.rows());
        RowCurvature p = PowerIteration.run(h, c, 1e-8, 200, 1);
        int unseen = 0;
        for (int k = 0; k < h.rows(); k++) {
            if (c.analysisFrequency[k] == 0) {
                unseen++;
                assertEquals(0.0, p.lambda()[k], 0.0);
                assertEquals(-1, c.colourOf[k]);
            } else {
                assertTrue(p.lambda()[k] != 0);
            }
        }
        assertTrue(unseen >= 2, "row 0 (padding) and at least one more are unseen");
    }
}
