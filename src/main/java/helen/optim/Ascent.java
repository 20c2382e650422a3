package helen.optim;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The ascent step of one leaf as ε = scale · direction, kept apart so that the optimizer adds it
 * in one operation ({@code add_out(w, direction, scale)}) instead of first writing ε out.
 *
 * @param direction leaf-shaped
 * @param scale     the factor applied to it
 */
public record Ascent(Tensor direction, double scale) {
    /** ε itself (a new tensor). */
    public Tensor epsilon() {
        return direction.mul(new Scalar(scale));
    }

    /** Writes w + ε into {@code out} (w's shape) and returns it. */
    Tensor sumInto(Tensor w, Tensor out) {
        return torch.add_out(out, w, direction, new Scalar(scale));
    }

    /** w[index] ← w[index] + ε, in place, for an ε of the rows {@code index} (int64 [k], no repeats). */
    void addToRows(Tensor w, Tensor index) {
        w.index_add_(0, index, direction, new Scalar(scale));
    }
}
