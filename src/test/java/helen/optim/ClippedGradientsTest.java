package helen.optim;

import helen.model.CtrModel;
import helen.model.TinyModels;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** max_grad_norm as torch.nn.utils.clip_grad_norm_ defines it, and which optimizers clip by default. */
class ClippedGradientsTest {
    @Test
    void scalesEveryGradientByTheTotalNormLikeClipGradNorm() {
        CtrModel m = TinyModels.model("deepfm", 3);
        Tensor[] b = TinyModels.batch(16, 101);
        HelenVariantsTest.trainingLoss(m, b).lossAndGradients();
        List<double[]> before = grads(m);
        double sq = 0;
        for (double[] g : before) {
            for (double v : g) {
                sq += v * v;
            }
        }
        double total = Math.sqrt(sq);
        double max = total / 3;   // active: every gradient shrinks by max / (total + 1e-6)
        assertEquals(total, ClippedGradients.clip(m.leaves(), max), 1e-12 * total);
        List<double[]> after = grads(m);
        for (int i = 0; i < before.size(); i++) {
            double[] expected = before.get(i).clone();
            for (int k = 0; k < expected.length; k++) {
                expected[k] *= max / (total + 1e-6);
            }
            assertArrayEquals(expected, after.get(i), 1e-15);
        }
        // below the bound: untouched, bit for bit
        ClippedGradients.clip(m.leaves(), 10 * total);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(after.get(i), grads(m).get(i), 0.0);
        }
    }

    @Test
    void thePaperConfigsClipAtTenExceptOfficialHelen() {
        assertEquals(10.0, OptimizerConfig.adam(1e-3).effectiveMaxGradNorm());
        assertEquals(10.0, new OptimizerConfig("sam", 1e-3, null, 0.01, null).effectiveMaxGradNorm());
        assertEquals(0.0, new OptimizerConfig("helen", 1e-3, null, 0.01, null).effectiveMaxGradNorm(),
                "the official train.py's Helen step never calls clip_grad_norm_");
        assertEquals(10.0, new OptimizerConfig("helen-b", 1e-3, null, 0.01, HelenConfig.paper()).effectiveMaxGradNorm());
        assertEquals(2.5, new OptimizerConfig("helen", 1e-3, null, 0.01, null, 2.5).effectiveMaxGradNorm());
        CtrModel m = TinyModels.model("deepfm", 3);
        assertTrue(Optimizers.create(OptimizerConfig.adam(1e-3), m, () -> null).describe().has("max_grad_norm"));
        assertFalse(Optimizers.create(OptimizerConfig.adam(1e-3).withMaxGradNorm(0.0), m, () -> null).describe()
                .has("max_grad_norm"));
        assertEquals(10.0, Optimizers.create(new OptimizerConfig("sam", 1e-3, null, 0.01, null), m, () -> null).describe()
                .path("base").path("max_grad_norm").asDouble());
        assertThrows(IllegalArgumentException.class, () -> new ClippedGradients(null, List.of(), 0));
    }

    private static List<double[]> grads(CtrModel m) {
        List<double[]> g = new ArrayList<>();
        for (Tensor t : m.leaves()) {
            g.add(Tensors.toDoubles(t.grad()));
        }
        return g;
    }
}
