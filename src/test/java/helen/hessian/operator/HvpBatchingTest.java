package helen.hessian.operator;

import helen.hessian.PowerIteration;
import helen.hessian.RowColouring;
import helen.hessian.RowCurvature;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.TableHessian;
import helen.model.CtrModel;
import helen.model.TinyModels;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The analysis set's mean loss does not depend on how it is cut into batches: the same 24 rows in
 * batches of 7 (7, 7, 7, 3, weighted by size) and in one batch give the same gradient, H·v and
 * per-row λ, in float64.
 */
class HvpBatchingTest {
    @Test
    void batchesOfSevenEqualOneBatch() {
        double[] rawIds = Tensors.toDoubles(TinyModels.batch(24, 3)[0].to(ScalarType.Double));
        double[] rawY = Tensors.toDoubles(TinyModels.batch(24, 3)[1]);
        int[] ids = new int[rawIds.length];
        float[] labels = new float[rawY.length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = (int) rawIds[k];
        }
        for (int k = 0; k < labels.length; k++) {
            labels[k] = (float) rawY[k];
        }
        AnalysisSet one = AnalysisSet.of(ids, labels, 5, ScalarType.Double);
        AnalysisSet sevens = split(ids, labels, 5, 7);
        assertEquals(4, sevens.batches());
        CtrModel m = TinyModels.model("deepfm", 11);
        Hvp a = new Hvp(m, one);
        Hvp b = new Hvp(m, sevens);
        List<Tensor> leaves = m.leaves();
        assertEquals(a.loss(), b.loss(), 1e-14);
        List<double[]> ga = a.gradient(leaves);
        List<double[]> gb = b.gradient(leaves);
        SplittableRandom r = new SplittableRandom(4);
        List<double[]> v = new ArrayList<>();
        for (double[] g : ga) {
            v.add(r.doubles(g.length).map(x -> x - 0.5).toArray());
        }
        List<double[]> ha = a.apply(leaves, v);
        List<double[]> hb = b.apply(leaves, v);
        for (int i = 0; i < ga.size(); i++) {
            assertArrayEquals(ga.get(i), gb.get(i), 1e-13, "gradient " + i);
            assertArrayEquals(ha.get(i), hb.get(i), 1e-12, "Hv " + i);
        }
        for (int t = 0; t < 2; t++) {
            int rows = TinyModels.LAYOUT.tableRows()[t];
            RowCurvature pa = PowerIteration.run(new TableHessian(a, m, t),
                    RowColouring.of(one, TinyModels.LAYOUT.fields(), t, rows), 1e-10, 200, 5);
            RowCurvature pb = PowerIteration.run(new TableHessian(b, m, t),
                    RowColouring.of(sevens, TinyModels.LAYOUT.fields(), t, rows), 1e-10, 200, 5);
            assertArrayEquals(pa.lambda(), pb.lambda(), 1e-12, "lambda of table " + t);
        }
    }

    /** The same rows, in the same order, cut into batches of {@code size}. */
    static AnalysisSet split(int[] ids, float[] labels, int width, int size) {
        List<int[]> idBatches = new ArrayList<>();
        List<float[]> labelBatches = new ArrayList<>();
        for (int start = 0; start < labels.length; start += size) {
            int end = Math.min(labels.length, start + size);
            idBatches.add(Arrays.copyOfRange(ids, start * width, end * width));
            labelBatches.add(Arrays.copyOfRange(labels, start, end));
        }
        return AnalysisSet.ofBatches(idBatches, labelBatches, width, ScalarType.Double);
    }
}
