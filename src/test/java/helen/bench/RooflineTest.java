package helen.bench;

import helen.data.EncodedField;
import helen.data.FeatureType;
import helen.model.CtrModel;
import helen.model.ModelConfig;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roofline's work counts against the model's shapes written out by hand, and its limits measured as positive rates. */
class RooflineTest {
    /** Two one-hot fields of 7 and 11 rows, embedding dim 3: the MLP's input is 6 wide. */
    private static CtrModel dnn(double l2) {
        FeatureLayout layout = new FeatureLayout(List.of(new EncodedField("a", "a", 0, FeatureType.CATEGORICAL, 1, 0),
                new EncodedField("b", "b", 1, FeatureType.CATEGORICAL, 1, 1)), List.of("a", "b"), new int[]{7, 11});
        ModelConfig c = ModelConfig.defaults("dnn").withEmbeddingDim(3).withHidden(List.of(5, 4), "relu")
                .withEmbeddingRegularizer(l2);
        return Models.create(layout, c, 1, ScalarType.Float);
    }

    @Test
    void aStepCountsEveryHiddenGemmThreeTimesAndEveryTableRowEachPass() {
        int batch = 100;
        Roofline.Work w = Roofline.trainingStep(dnn(0), batch);
        // Linear layers 6→5 and 5→4 (the 4→1 output is a matrix-vector product, not counted)
        assertEquals(6.0 * batch * (6 * 5 + 5 * 4), w.flops(), 1e-9);
        // 18 rows × 3 floats, 8 passes; lookups: 100 rows × 2 slots × 3 floats, gathered and scattered, read and written
        assertEquals(4.0 * (8 * 18 * 3 + 4 * batch * 2 * 3), w.bytes(), 1e-9);
        Roofline.Work withL2 = Roofline.trainingStep(dnn(1e-4), batch);
        assertEquals(4.0 * 3 * 18 * 3, withL2.bytes() - w.bytes(), 1e-9, "L2 on whole tables: three more passes");
        Roofline.Work hvp = Roofline.hvp(dnn(0), batch);
        assertEquals(8.0 * batch * (6 * 5 + 5 * 4), hvp.flops(), 1e-9, "forward, backward to the inputs, and its backward");
        Roofline.Limits limits = new Roofline.Limits(1e9, 1e9);
        assertEquals(w.flops() / 1e9 + w.bytes() / 1e9, w.floorSeconds(limits), 1e-15);
    }

    @Test
    void theLimitsAreMeasuredRates() {
        Roofline.Limits l = Roofline.measure(dnn(0), 256, 2);
        assertTrue(l.gemmFlops() > 1e6 && Double.isFinite(l.gemmFlops()), "GEMM FLOP/s " + l.gemmFlops());
        assertTrue(l.bandwidth() > 1e8 && Double.isFinite(l.bandwidth()), "copy bytes/s " + l.bandwidth());
    }
}
