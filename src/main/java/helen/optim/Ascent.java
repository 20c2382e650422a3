package helen.optim;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The ascent step of one leaf as ε = scale · direction, kept apart so that the optimizer adds it
 * with one in-place {@code add_(direction, scale)} instead of first writing ε out.
 *
 * @param direction leaf-shaped
 * @param scale     the factor applied to it
 */
public record Ascent(Tensor direction, double scale) {
    /** ε itself (a new tensor). */
    public Tensor epsilon() {
        return direction.mul(new Scalar(scale));
    }

    /** w ← w + ε, in place. */
    void addTo(Tensor w) {
        w.add_(direction, new Scalar(scale));
    }
}
