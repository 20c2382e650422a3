package helen.model;

import helen.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch → tensor copies read only the filled part of a reused (larger) batch array. */
class TensorsTest {
    @Test
    void idsOfAShortBatchAreTheFirstRowsWidenedToInt64() {
        try (PointerScope scope = new PointerScope()) {
            int[] capacity3x2 = {7, 7, 2_000_000_000, 0, 99, 98};
            Tensor t = Tensors.ids(capacity3x2, 2, 2);
            assertEquals(ScalarType.Long, t.scalar_type().intern());
            assertArrayEquals(new long[] {2, 2}, t.sizes().vec().get());
            long[] got = new long[4];
            for (int i = 0; i < 4; i++) {
                got[i] = t.view(-1).get(i).item_long();
            }
            assertArrayEquals(new long[] {7, 7, 2_000_000_000L, 0}, got);
        }
    }

    @Test
    void labelsOfAShortBatchInEitherDtype() {
        try (PointerScope scope = new PointerScope()) {
            float[] capacity4 = {1f, 0f, 1f, 0.5f};
            Tensor f = Tensors.labels(capacity4, 3, ScalarType.Float);
            Tensor d = Tensors.labels(capacity4, 3, ScalarType.Double);
            assertEquals(ScalarType.Float, f.scalar_type().intern());
            assertTrue(Tensors.isDouble(d.scalar_type()));
            assertEquals(3, d.size(0));
            assertEquals(2.0, d.sum().item_double(), 0);
            assertEquals(1.0, f.get(2).item_double(), 0);
        }
    }
}
