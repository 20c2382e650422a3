package helen.optim;

import helen.data.Batch;
import helen.model.CtrModel;
import helen.model.Models;
import helen.model.TinyModels;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-wise ascent of SAM and ASAM rests on one fact about every model: without a regulariser, a
 * table's gradient is zero outside the rows the batch looks up. Checked on every registered model,
 * then the row-wise ascent against the whole-leaf one.
 */
class PresentRowsTest {
    static CtrModel unregularised(String name, long seed) {
        return Models.create(TinyModels.LAYOUT, TinyModels.config(name).withEmbeddingRegularizer(0), seed, ScalarType.Double);
    }

    /** Every table row with a non-zero gradient is among the rows named present, and they are few. */
    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void tableGradientsVanishOutsideThePresentRows(String model) {
        CtrModel m = unregularised(model, 4);
        Tensor[] b = TinyModels.batch(2, 11);
        Batch batch = TinyModels.batchObject(2, 11);
        m.zero_grad(true);
        m.loss(b[0], b[1]).backward();
        List<ParameterLeaf> leaves = ParameterLeaf.of(m.params());
        PresentRows present = new PresentRows(TinyModels.LAYOUT, leaves, false, 1.0, 0);
        int tableLeaves = 0;
        int[][] all = present.rows(batch);
        for (int i = 0; i < leaves.size(); i++) {
            ParameterLeaf leaf = leaves.get(i);
            int[] rows = all[i];
            if (leaf.params().get(0).rows() < 0) {
                assertNull(rows, "a dense weight is handled whole");
                continue;
            }
            tableLeaves++;
            assertNotNull(rows);
            long total = leaf.tensor().size(0);
            assertTrue(rows.length < total, model + ": two batch rows look up " + rows.length + " of " + total + " rows");
            double[] g = Tensors.toDoubles(leaf.grad());
            int dim = g.length / (int) total;
            for (int r = 0; r < total; r++) {
                double sq = 0;
                for (int d = 0; d < dim; d++) {
                    sq += g[r * dim + d] * g[r * dim + d];
                }
                if (sq != 0) {
                    assertTrue(Arrays.binarySearch(rows, r) >= 0, model + ": row " + r + " of a table leaf has a gradient but is not named present");
                }
            }
        }
        assertTrue(tableLeaves > 0);
    }

    /** A regularised table has a gradient on every row, and a small one costs less whole: both are handled whole. */
    @Test
    void regularisedTablesAreHandledWhole() {
        CtrModel m = TinyModels.model("deepfm", 4);  // λ_emb = 0.01
        for (int[] rows : PresentRows.of(m).rows(TinyModels.batchObject(2, 11))) {
            assertNull(rows);
        }
        CtrModel small = unregularised("deepfm", 4);
        for (int[] rows : PresentRows.of(small).rows(TinyModels.batchObject(1, 11))) {
            assertNull(rows, "tables of a few rows are handled whole");
        }
        assertNotNull(new PresentRows(TinyModels.LAYOUT, ParameterLeaf.of(small.params()), false, 1.0, 0)
                .rows(TinyModels.batchObject(1, 11))[0]);
    }

    /** Three SAM / ASAM steps perturbing only the looked-up rows land where the whole-leaf steps do. */
    @ParameterizedTest
    @ValueSource(strings = {"sam", "asam"})
    void rowWiseAscentEqualsTheWholeLeafAscent(String name) {
        double rho = name.equals("sam") ? 0.5 : 2.0;
        java.util.function.DoubleFunction<Perturbation> rule = r -> name.equals("sam") ? new SamPerturbation(r) : new AsamPerturbation(r, 0.01);
        assertRowWiseEqualsWhole(name, rule, rho);
    }

    /** The same for every Helen variant (frequencies from the batch or the dataset, table or row norms, present or all rows). */
    @ParameterizedTest(name = "{0} variant={1} frequency={2} normalize={3} network={4} perturb={5}")
    @org.junit.jupiter.params.provider.CsvSource({
            "helen,official,,,,", "helen,paper,,,,", "helen,official,dataset,row,true,", "helen,paper,batch,,,all_rows",
            "helen,paper,dataset,field,false,present_rows", "helen-m,,,,,", "helen-b,paper,,,,"})
    void rowWiseHelenEqualsTheWholeLeafHelen(String name, String variant, String frequency, String normalize, Boolean network,
                                             String perturb) {
        HelenConfig config = new HelenConfig(name.equals("helen") ? 0.3 : null, variant, frequency, normalize, network, perturb);
        assertRowWiseEqualsWhole(name, r -> {
            HelenSettings s = config.settings(name, r);
            return new HelenPerturbation(s, TinyModels.LAYOUT, s.datasetFrequency() ? HelenVariantsTest.DATASET_N : null);
        }, 0.5);
    }

    private static void assertRowWiseEqualsWhole(String name, java.util.function.DoubleFunction<Perturbation> rule, double rho) {
        double[] rowWise = threeSteps(name, rule.apply(rho), true);
        double[] whole = threeSteps(name, rule.apply(rho), false);
        assertArrayEquals(whole, rowWise, 1e-13, name);
        double[] unperturbed = threeSteps(name, rule.apply(0.0), false);
        double moved = 0;
        for (int i = 0; i < whole.length; i++) {
            moved = Math.max(moved, Math.abs(whole[i] - unperturbed[i]));
        }
        assertTrue(moved > 1e-4, name + ": the ascent changes the steps (by " + moved + ")");
    }

    private static double[] threeSteps(String name, Perturbation p, boolean rowWise) {
        CtrModel m = unregularised("deepfm", 4);
        PresentRows present = rowWise ? new PresentRows(TinyModels.LAYOUT, ParameterLeaf.of(m.params()), false, 1.0, 0) : null;
        SharpnessAware opt = new SharpnessAware(name, Optimizers.base("adam", 1e-2, m), m.params(), p, present);
        for (int s = 0; s < 3; s++) {
            Tensor[] b = TinyModels.batch(2, 20 + s);
            opt.step(() -> {
                m.zero_grad(true);
                Tensor l = m.loss(b[0], b[1]);
                l.backward();
                return l.item_double();
            }, TinyModels.batchObject(2, 20 + s));
        }
        return SharpnessAwareTest.flat(m);
    }
}
