package helen.analysis;

import helen.analysis.CurvatureTracker;
import helen.data.EncodedDataset;
import helen.hessian.EmbeddingHessian;
import helen.hessian.TinyData;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.ModelHessian;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What --track-curvature measures, against independent answers on a tiny float64 DeepFM whose probe
 * set is its whole data: each table's mean and max λ over the probed rows against the exact blocks'
 * eigendecomposition, the dense top eigenvalue against the dense Hessian's, the trace within 4
 * standard errors of the dense Hessian's; and the model handed back unchanged, in its mode.
 */
class CurvatureTrackerTest {
    @TempDir
    Path dir;

    @Test
    void measurementsMatchTheExactHessianAndLeaveTheModelAsItWas() throws Exception {
        StringBuilder csv = new StringBuilder("label,a,b\n");
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 150; i++) {
            csv.append(r.nextInt(3) == 0 ? 1 : 0).append(",a").append((int) (Math.pow(r.nextDouble(), 2) * 9)).append(",b")
                    .append(r.nextInt(5)).append('\n');
        }
        EncodedDataset data = TinyData.encode(TinyData.TWO_FIELDS_SPEC, csv, dir);
        CtrModel model = TinyData.deepfm(data, 0.0, 4);
        model.train(true);
        double[] before = Tensors.toDoubles(model.embeddingWeight());
        CurvatureTracker tracker = new CurvatureTracker(model, data, new CurvatureTracker.Settings(0, 3, 2, 1e-12, 2000, 400, 1));
        Map<String, Double> m = new HashMap<>();
        tracker.measure(5, 1).forEach(x -> {
            assertEquals(5, x.step());
            m.put(x.part() + "/" + x.statistic(), x.value());
        });
        assertTrue(model.is_training(), "handed back in training mode");
        assertArrayEquals(before, Tensors.toDoubles(model.embeddingWeight()), "weights untouched");

        AnalysisSet set = AnalysisSet.sample(data.split("train"), 0, 1, 5000, ScalarType.Double);
        EmbeddingHessian h = EmbeddingHessian.of(model, data, set);
        for (int t = 0; t < data.tables().size(); t++) {
            int[] rows = tracker.probedRows(t);
            assertEquals(5, rows.length, "3 most frequent + 2 random rows");
            double[] exact = h.table(t).exact().lambda();
            double[] probed = Arrays.stream(rows).mapToDouble(k -> exact[k]).toArray();
            String name = data.tables().get(t);
            double max = Arrays.stream(probed).max().orElseThrow();
            assertEquals(Arrays.stream(probed).average().orElseThrow(), m.get(name + "/mean_lambda"), 1e-8 * max, name);
            assertEquals(max, m.get(name + "/max_lambda"), 1e-8 * max, name);
        }
        model.train(true);
        ModelHessian whole = new ModelHessian(model, data.tables(), new Hvp(model, set));
        int n = whole.dim();
        double[][] dense = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            dense[i] = whole.apply(e);
        }
        ModelHessian.Part d = whole.part("dense");
        double[][] hh = new double[d.dim()][d.dim()];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += dense[i][i];
        }
        for (int i = 0; i < d.dim(); i++) {
            for (int j = 0; j < d.dim(); j++) {
                hh[i][j] = 0.5 * (dense[d.from() + i][d.from() + j] + dense[d.from() + j][d.from() + i]);
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(hh)).getRealEigenvalues();
        double top = Arrays.stream(ev).max().orElseThrow();
        assertEquals(top, m.get("dense/top_lambda"), 1e-6 * Math.abs(top), "dense top eigenvalue");
        double se = m.get("model/trace_stderr");
        assertTrue(Math.abs(m.get("model/trace") - trace) < 4 * se, "trace " + m.get("model/trace") + " vs exact " + trace + " ± " + se);
        assertEquals(new Hvp(model, set).loss(), m.get("model/loss"), 1e-12);
        assertTrue(m.get("model/hvps") > 400, "the probes and the power iterations");
        List.of("a", "b").forEach(f -> assertTrue(m.get(f + "/max_lambda") > 0, f));

        // The next measurement starts from these vectors: the same weights give the same values for fewer HVPs.
        Map<String, Double> again = new HashMap<>();
        tracker.measure(6, 1).forEach(x -> again.put(x.part() + "/" + x.statistic(), x.value()));
        for (String k : List.of("a/mean_lambda", "a/max_lambda", "b/mean_lambda", "b/max_lambda", "dense/top_lambda")) {
            assertEquals(m.get(k), again.get(k), 1e-8 * Math.abs(m.get(k)), k);
        }
        double powerHvps = m.get("model/hvps") - 400; // 400 trace probes in both
        assertTrue(again.get("model/hvps") - 400 < 0.5 * powerHvps,
                "warm start: " + (again.get("model/hvps") - 400) + " power-iteration HVPs vs " + powerHvps + " from random starts");
    }
}
