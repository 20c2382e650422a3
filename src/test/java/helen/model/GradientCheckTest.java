package helen.model;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Autograd gradients of every model (loss with regulariser) against central finite differences, float64. */
class GradientCheckTest {
    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void gradientsMatchCentralDifferences(String name) {
        CtrModel m = TinyModels.model(name, 5);
        Tensor[] b = TinyModels.batch(12, 9);
        Tensor loss = m.loss(b[0], b[1]);
        loss.backward();
        SplittableRandom r = new SplittableRandom(1);
        int checked = 0;
        double h = 1e-6;
        for (ModelParameter p : m.params()) {
            double[] grad = Tensors.toDoubles(p.grad());
            double[] w = Tensors.toDoubles(p.tensor());
            for (int trial = 0; trial < Math.min(6, w.length); trial++) {
                int i = r.nextInt(w.length);
                double plus;
                double minus;
                try (NoGradGuard g = new NoGradGuard()) {
                    TinyModels.setEntry(p.tensor(), i, w[i] + h);
                    plus = m.loss(b[0], b[1]).item_double();
                    TinyModels.setEntry(p.tensor(), i, w[i] - h);
                    minus = m.loss(b[0], b[1]).item_double();
                    TinyModels.setEntry(p.tensor(), i, w[i]);
                }
                double fd = (plus - minus) / (2 * h);
                assertEquals(fd, grad[i], 1e-7 + 1e-5 * Math.abs(fd), name + " " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 20, "checked " + checked);
    }
}
