package helen.hessian;

import com.fasterxml.jackson.databind.JsonNode;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.TableHessian;
import helen.model.TinyReference;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HVP machinery against src/test/resources/reference/tiny_model_hessian.json (PyTorch, float64, dense Hessian). */
class TinyReferenceHessianTest {
    static AnalysisSet set(TinyReference ref) {
        int n = ref.json.get("ids").size();
        int[] ids = new int[2 * n];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            ids[2 * i] = ref.json.get("ids").get(i).get(0).asInt();
            ids[2 * i + 1] = ref.json.get("ids").get(i).get(1).asInt();
            labels[i] = (float) ref.json.get("labels").get(i).asDouble();
        }
        return AnalysisSet.of(ids, labels, 2, ScalarType.Double);
    }

    @Test
    void fullHessianVectorProductMatches() {
        TinyReference ref = new TinyReference();
        Hvp hvp = new Hvp(ref.model, set(ref));
        List<Tensor> leaves = ref.model.leaves();
        double[] v = TinyReference.flatten(ref.json.get("hvp").get("v_flat"));
        List<double[]> parts = new ArrayList<>();
        int k = 0;
        for (Tensor t : leaves) {
            double[] p = new double[(int) t.numel()];
            System.arraycopy(v, k, p, 0, p.length);
            k += p.length;
            parts.add(p);
        }
        List<double[]> hv = hvp.apply(leaves, parts);
        double[] flat = new double[v.length];
        k = 0;
        for (double[] p : hv) {
            System.arraycopy(p, 0, flat, k, p.length);
            k += p.length;
        }
        assertArrayEquals(TinyReference.flatten(ref.json.get("hvp").get("Hv_flat")), flat, 1e-12);
        assertEquals(ref.json.get("loss").asDouble(), hvp.loss(), 1e-12);
    }

    @Test
    void exactAndPowerBlocksMatchEveryRow() {
        TinyReference ref = new TinyReference();
        AnalysisSet set = set(ref);
        Hvp hvp = new Hvp(ref.model, set);
        double[] grads = hvp.gradient(List.of(ref.model.embeddingWeight())).get(0);
        int checked = 0;
        for (int t = 0; t < 2; t++) {
            TableHessian h = new TableHessian(hvp, ref.model, t);
            RowColouring c = RowColouring.of(set, ref.model.layout().fields(), t, h.rows());
            assertEquals(1, c.colours, "a one-hot field needs one probe group");
            RowCurvature exact = new ExactBlocks().run(h, c);
            RowCurvature power = PowerIteration.run(h, c, 1e-10, 500, 3);
            for (JsonNode row : ref.json.get("embedding_rows")) {
                if (row.get("field").asInt() != t) {
                    continue;
                }
                int k = row.get("row").asInt();
                double[] ev = TinyReference.flatten(row.get("eigenvalues_ascending"));
                assertArrayEquals(ev, exact.eigenvalues()[k], 1e-12, "table " + t + " row " + k);
                double dominant = Math.abs(ev[0]) > Math.abs(ev[2]) ? ev[0] : ev[2];
                assertEquals(dominant, exact.lambda()[k], 1e-12);
                assertEquals(dominant, power.lambda()[k], 1e-7 * Math.abs(dominant), "power, row " + k);
                assertEquals(row.get("frequency_in_batch").asLong(), c.analysisFrequency[k]);
                double[] block = TinyReference.flatten(row.get("block"));
                assertEquals(block[0] + block[4] + block[8], exact.trace()[k], 1e-12);
                long off = ref.model.tableOffset(t);
                double g = 0;
                for (int i = 0; i < 3; i++) {
                    g += grads[(int) (off + k) * 3 + i] * grads[(int) (off + k) * 3 + i];
                }
                assertEquals(row.get("grad_norm").asDouble(), Math.sqrt(g), 1e-12);
                checked++;
            }
        }
        assertEquals(9, checked);
    }

    @Test
    void crossRowBlockIsZeroAndCrossFieldBlockIsNot() {
        TinyReference ref = new TinyReference();
        Hvp hvp = new Hvp(ref.model, set(ref));
        Tensor e = ref.model.embeddingWeight();
        int rows = (int) e.size(0);
        long f1 = ref.model.tableOffset(1);
        double[] crossField = TinyReference.flatten(ref.json.get("cross_block_field0_row0_field1_row1"));
        for (int s = 0; s < 3; s++) {
            double[] probe = new double[rows * 3];
            probe[(int) (f1 + 1) * 3 + s] = 1; // e_s on field 1, row 1
            double[] hv = hvp.apply(List.of(e), List.of(probe)).get(0);
            for (int r = 0; r < 3; r++) {
                assertEquals(crossField[r * 3 + s], hv[r] /* field 0, row 0 */, 1e-12);
            }
            double[] probe0 = new double[rows * 3];
            probe0[s] = 1; // e_s on field 0, row 0
            double[] hv0 = hvp.apply(List.of(e), List.of(probe0)).get(0);
            for (int r = 0; r < 3; r++) {
                assertEquals(0.0, hv0[3 + r], 0.0, "field 0, rows 0 and 1 never co-occur"); // row 1 of field 0
            }
        }
    }

    @Test
    void denseTopEigenvalueMatches() {
        TinyReference ref = new TinyReference();
        Hvp hvp = new Hvp(ref.model, set(ref));
        List<Tensor> dense = ref.model.leaves().subList(1, ref.model.leaves().size());
        DenseEigen.Result r = DenseEigen.top(hvp, dense, 1e-12, 2000, 1);
        assertEquals(ref.json.get("dense_hessian_top_eigenvalue").asDouble(), r.value(), 1e-8);
        assertEquals(4, dense.size(), "fc1.weight, fc1.bias, fc2.weight, fc2.bias");
    }
}
