package helen.bench;

import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.ParamRole;
import helen.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A roofline for a CTR model's step on this machine, measured with libtorch itself.
 *
 * <p>Two limits: the GEMM rate at the model's own shapes (torch.mm of [batch × in]·[in × out] for every
 * 2-D dense weight, FLOPs = 2·batch·in·out, the best of several repeats) and the memory bandwidth (a
 * copy of a 256 MiB float tensor, counting the bytes read and written). A step's floor is its GEMM
 * FLOPs at that rate plus its table traffic at that bandwidth; the fraction reached is the floor over
 * the measured step. The work is counted, not guessed from the time:
 * <ul>
 * <li>training step: 6·batch·in·out per dense 2-D weight (forward, input gradient, weight gradient);
 *     table traffic 4 bytes × (8 passes over every row of every embedding table: the gradient zeroed,
 *     Adam's read of weight, gradient, m and v and write of weight, m and v; 3 more with the L2 term
 *     on whole tables: ‖E‖² read, its gradient read and written) + the lookups (gather and scatter of
 *     batch × slots × d, read and written);</li>
 * <li>HVP with respect to the embedding rows: double backpropagation without weight gradients,
 *     8·batch·in·out per weight (the forward pass, the backward pass to the inputs, and the backward
 *     of that backward, which runs through both again); its tables move only the touched rows (the
 *     lookups, twice).</li>
 * </ul>
 * Not counted: the FM, cross and CIN layers' own arithmetic (elementwise, small at these widths), the
 * activations' traffic. The fraction is then a lower bound on how close a step is to its limit.
 */
public final class Roofline {
    private static final long BANDWIDTH_FLOATS = 64L << 20;

    /**
     * @param gemmFlops per second, over the model's weight shapes at the batch (time-weighted: total FLOPs / total time)
     * @param bandwidth bytes per second, read and written
     */
    public record Limits(double gemmFlops, double bandwidth) {
    }

    /** @param flops GEMM FLOPs @param bytes memory traffic */
    public record Work(double flops, double bytes) {
        /** The shortest time this work can take under {@code limits}. */
        public double floorSeconds(Limits limits) {
            return flops / limits.gemmFlops() + bytes / limits.bandwidth();
        }
    }

    private Roofline() {
    }

    /** The [in, out] of every 2-D dense weight (libtorch stores a Linear's weight as [out, in]). */
    static List<long[]> gemmShapes(CtrModel model) {
        List<long[]> out = new ArrayList<>();
        for (ModelParameter p : model.params()) {
            Tensor t = p.tensor();
            if (p.role() == ParamRole.DENSE && t.dim() == 2 && t.size(0) > 1 && t.size(1) > 1) {
                out.add(new long[]{t.size(1), t.size(0)});
            }
        }
        return out;
    }

    /** Rows × d summed over the embedding tables (the first-order tables included). */
    static long tableFloats(CtrModel model) {
        return model.params().stream().filter(p -> p.role() != ParamRole.DENSE).mapToLong(p -> p.tensor().numel()).sum();
    }

    /** Σ in·out over the dense 2-D weights: a row's multiply-adds in one pass through them. */
    static double weightProducts(CtrModel model) {
        return gemmShapes(model).stream().mapToDouble(s -> (double) s[0] * s[1]).sum();
    }

    /** A training step of {@code batch} rows (see the class comment for what is counted). */
    public static Work trainingStep(CtrModel model, int batch) {
        double flops = 6.0 * batch * weightProducts(model);
        double passes = 8 + (model.config().embeddingRegularizer() != 0 ? 3 : 0);
        double lookups = 4.0 * batch * model.layout().rowWidth() * model.config().embeddingDim();
        return new Work(flops, 4.0 * (passes * tableFloats(model) + lookups));
    }

    /** One Hessian-vector product over {@code rows} rows. */
    public static Work hvp(CtrModel model, int rows) {
        double flops = 8.0 * rows * weightProducts(model);
        return new Work(flops, 4.0 * 8.0 * rows * model.layout().rowWidth() * model.config().embeddingDim());
    }

    /** Measures both limits: the GEMMs at {@code model}'s shapes with {@code batch} rows, and a large copy. */
    public static Limits measure(CtrModel model, int batch, int repeats) {
        double flops = 0;
        double seconds = 0;
        for (long[] s : gemmShapes(model)) {
            try (PointerScope scope = new PointerScope()) {
                Tensor a = Tensors.onDevice(torch.randn(batch, s[0]));
                Tensor b = Tensors.onDevice(torch.randn(s[0], s[1]));
                flops += 2.0 * batch * s[0] * s[1];
                seconds += bestSeconds(repeats, () -> a.mm(b));
            }
        }
        return new Limits(flops / seconds, bandwidth(repeats));
    }

    /** The fastest of {@code repeats} runs of {@code op}, after one that warms the kernels and the allocator. */
    private static double bestSeconds(int repeats, Supplier<Tensor> op) {
        finish(op.get());
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            finish(op.get());
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** Waits for the device to finish {@code t} (one element read back; on the CPU the op has already run). */
    private static void finish(Tensor t) {
        t.reshape(-1).narrow(0, 0, 1).item_double();
    }

    /** Bytes per second of a copy of 256 MiB of floats (read + write), the best of {@code repeats}. */
    static double bandwidth(int repeats) {
        try (PointerScope scope = new PointerScope()) {
            Tensor src = Tensors.onDevice(torch.ones(BANDWIDTH_FLOATS));
            Tensor dst = Tensors.onDevice(torch.zeros(BANDWIDTH_FLOATS));
            return 2.0 * 4 * BANDWIDTH_FLOATS / bestSeconds(repeats, () -> dst.copy_(src));
        }
    }
}
