package helen.model.layer;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/**
 * Creating tensors from Java arrays and back. Initial weights are drawn in Java from a seeded
 * {@link SplittableRandom}, so a model's initialisation depends only on the seed, never on
 * libtorch's global generator or the thread count.
 */
public final class Tensors {
    private Tensors() {
    }

    public static Tensor fromDoubles(double[] v, ScalarType dtype, long... shape) {
        if (isDouble(dtype)) {
            return Tensor.create(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.create(f, shape);
    }

    /** N(0, std²) entries. */
    public static Tensor gaussian(SplittableRandom rnd, double std, ScalarType dtype, long... shape) {
        double[] v = new double[(int) numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * rnd.nextGaussian();
        }
        return fromDoubles(v, dtype, shape);
    }

    public static Tensor zeros(ScalarType dtype, long... shape) {
        return fromDoubles(new double[(int) numel(shape)], dtype, shape);
    }

    /**
     * An int64 [rows, width] tensor of the first rows·width ids. int64 rather than the cache's int32:
     * index_select's backward (index_add) measured 10–15 % faster with int64 indices. The ids are
     * copied in one bulk copy into an int32 tensor and widened by libtorch: no per-step Java array
     * (a fresh 200 kB long[] per DeepFM step kept first-touching new heap pages in the first epoch).
     */
    public static Tensor ids(int[] ids, int rows, int width) {
        Tensor narrow = torch.empty(new long[]{rows, width}, new TensorOptions(ScalarType.Int), null);
        narrow.data_ptr_int().put(ids, 0, rows * width);
        return narrow.to(ScalarType.Long);
    }

    /** A [rows] tensor of the first rows labels, in the model's dtype. */
    public static Tensor labels(float[] labels, int rows, ScalarType dtype) {
        Tensor t = torch.empty(new long[]{rows}, new TensorOptions(ScalarType.Float), null);
        t.data_ptr_float().put(labels, 0, rows);
        return isDouble(dtype) ? t.to(ScalarType.Double) : t;
    }

    /**
     * Whether a dtype is float64. Tensor.scalar_type() returns enum objects that are not the
     * canonical constants (== and equals are false for the same type); intern() maps them back.
     */
    public static boolean isDouble(ScalarType dtype) {
        return dtype.intern() == ScalarType.Double;
    }

    /** The tensor's values as doubles (any floating dtype, any shape, row-major). */
    public static double[] toDoubles(Tensor t) {
        Tensor c = t.detach().to(ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        c.data_ptr_double().get(out);
        return out;
    }

    public static long numel(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
