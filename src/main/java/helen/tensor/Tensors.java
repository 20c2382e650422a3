package helen.tensor;

import helen.util.HelenException;
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
    /** Where new tensors are made; null: the CPU. Set once per process, before a model is built. */
    private static volatile org.bytedeco.pytorch.Device device;
    private static volatile String deviceName = "cpu";

    private Tensors() {
    }

    /**
     * Makes every tensor created from here on (weights, batches, probes) live on {@code name}: cpu,
     * cuda or cuda:N. Every tensor helen makes comes through this class, so this one switch is what
     * makes the code device-agnostic; values read back to Java go through {@link #toDoubles}, which
     * copies to the CPU. CUDA needs the CUDA build of libtorch (docs/gpu.md).
     */
    /** Whether {@code name} names a device helen can be asked for (cpu, cuda, cuda:N); not whether it is here. */
    public static boolean isDeviceName(String name) {
        return name != null && name.matches("cpu|cuda(:\\d+)?");
    }

    /**
     * Makes {@code name} (cpu, cuda, cuda:N) the device every later tensor is made on.
     *
     * @throws HelenException if it is not a device name, or names a GPU this build or machine lacks
     */
    public static void useDevice(String name) {
        if (name == null || name.equals("cpu")) {
            device = null;
            deviceName = "cpu";
            return;
        }
        if (!isDeviceName(name)) {
            throw new HelenException("device must be cpu, cuda or cuda:N (--device, training.device), got '" + name + "'");
        }
        if (!torch.cuda_is_available()) {
            throw new HelenException("device " + name + ": libtorch sees no CUDA device (this is the CPU build of "
                    + "helen, or no GPU or driver is visible); build with mvn -Pcuda on a machine with a GPU, see docs/gpu.md");
        }
        int index = name.contains(":") ? Integer.parseInt(name.substring(5)) : 0;
        if (index >= torch.cuda_device_count()) {
            throw new HelenException("device " + name + ": only " + torch.cuda_device_count() + " CUDA device(s) here");
        }
        org.bytedeco.pytorch.Device d = new org.bytedeco.pytorch.Device(name);
        d.retainReference();
        device = d;
        deviceName = name;
    }

    /** cpu, cuda or cuda:N: where tensors are made now. */
    public static String deviceName() {
        return deviceName;
    }

    /** The device tensors are made on, or null for the CPU (e.g. for loading a checkpoint onto it). */
    public static org.bytedeco.pytorch.Device device() {
        return device;
    }

    /** {@code t} on the current device (itself on the CPU). */
    public static Tensor onDevice(Tensor t) {
        org.bytedeco.pytorch.Device d = device;
        return d == null ? t : t.to(d, t.scalar_type());
    }

    public static Tensor fromDoubles(double[] v, ScalarType dtype, long... shape) {
        if (isDouble(dtype)) {
            return onDevice(Tensor.create(v, shape));
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return onDevice(Tensor.create(f, shape));
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
        return int64(ids, rows, width);
    }

    /** An int64 [n] index tensor of {@code values} (row indices for index_select and index_add). */
    public static Tensor index(int[] values) {
        return int64(values, values.length);
    }

    private static Tensor int64(int[] values, long... shape) {
        Tensor narrow = torch.empty(shape, new TensorOptions(ScalarType.Int), null);
        narrow.data_ptr_int().put(values, 0, (int) numel(shape));
        return onDevice(narrow.to(ScalarType.Long));
    }

    /** A [rows] tensor of the first rows labels, in the model's dtype. */
    public static Tensor labels(float[] labels, int rows, ScalarType dtype) {
        Tensor t = torch.empty(new long[]{rows}, new TensorOptions(ScalarType.Float), null);
        t.data_ptr_float().put(labels, 0, rows);
        return onDevice(isDouble(dtype) ? t.to(ScalarType.Double) : t);
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
        double[] out = new double[(int) t.numel()];
        copyToDoubles(t, out, 0);
        return out;
    }

    /** Writes the tensor's values (any floating dtype, row-major) into {@code out} from {@code offset}. */
    public static void copyToDoubles(Tensor t, double[] out, int offset) {
        Tensor c = t.detach().cpu().to(ScalarType.Double).contiguous();
        c.data_ptr_double().get(out, offset, (int) c.numel());
    }

    public static long numel(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
