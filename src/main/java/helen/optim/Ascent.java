package helen.optim;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The ascent step of one leaf as ε = scale · direction (· factor), kept apart so that the optimizer
 * adds it in one operation ({@code add_out} or {@code addcmul_out} into w + ε) instead of first
 * writing ε out.
 *
 * @param direction leaf-shaped
 * @param factor    leaf-shaped, multiplied into direction elementwise; null for none (ASAM's
 *                  T_w²g is (T_w g)·T_w: its norm needs T_w g, the ascent one more T_w)
 * @param scale     the scalar applied to both
 */
public record Ascent(Tensor direction, Tensor factor, double scale) {
    public Ascent(Tensor direction, double scale) {
        this(direction, null, scale);
    }

    /** ε itself (a new tensor). */
    public Tensor epsilon() {
        return unscaled().mul(new Scalar(scale));
    }

    private Tensor unscaled() {
        return factor == null ? direction : direction.mul(factor);
    }

    /** Writes w + ε into {@code out} (w's shape) and returns it. */
    Tensor sumInto(Tensor w, Tensor out) {
        return factor == null ? torch.add_out(out, w, direction, new Scalar(scale))
                : torch.addcmul_out(out, w, direction, factor, new Scalar(scale));
    }

    /** w[index] ← w[index] + ε, in place, for an ε of the rows {@code index} (int64 [k], no repeats). */
    void addToRows(Tensor w, Tensor index) {
        w.index_add_(0, index, unscaled(), new Scalar(scale));
    }
}
