package helen.hessian;

import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.TouchedRows;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import helen.util.StopSignals;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Every row's d×d block of the embedding Hessian in closed form, for every table from one gradient
 * pass, where the model allows it.
 *
 * <p>With ℓ_i the BCE of sample i's logit f_i and p_i = σ(f_i), ∂²ℓ_i/∂f_i² = p_i(1 − p_i), so row k's
 * block of the mean loss over n samples is
 * <pre>  (1/n) Σ_i p_i(1 − p_i) u_ik u_ikᵀ  +  (1/n) Σ_i (p_i − y_i) ∂²f_i/∂e_k²,   u_ik = ∂f_i/∂e_k.</pre>
 * The first (Gauss–Newton) term needs only u_ik: one backward pass of Σ_i f_i with respect to the
 * looked-up rows gives it for every sample and every occurrence (a row's occurrences in one sample,
 * in a history or in two fields sharing a table, are added first). The second term vanishes where a
 * row fills one slot of a sample and f is piecewise linear in each slot: ReLU networks, and FM's,
 * PNN's and DLRM's products between two different slots, which are linear in each. Where a row fills
 * two or more slots of a sample (a shared table, a history), those products are quadratic in it:
 * {@link RepeatedRows} adds that sample's second term from slot-level double-backward products.
 * It does not vanish for DCN's cross layers, xDeepFM's CIN, tanh or sigmoid networks, whose output
 * is curved in a single slot. So it is checked, not assumed: per table one HVP of a Gaussian probe
 * over one colour's rows of a check set (the first batch of the analysis set) against the closed
 * form's product on the same rows. A table passes when they agree to {@link #TOLERANCE}; the others
 * keep d HVPs per colour. The saving is the number of HVPs: 24 tables × d = 16 become 24 check HVPs
 * on one batch plus one gradient pass over the set (and d products per repeated row of a sample).
 */
final class GaussNewtonBlocks {
    /** Largest relative difference ‖Hv − Bv‖/‖Hv‖ at which a table's closed form is used (float32 round-off is ~1e-6). */
    static final double TOLERANCE = 1e-4;
    /** Occurrences whose outer products are formed at once (memory: this many d×d doubles). */
    private static final int CHUNK = 1 << 17;

    private GaussNewtonBlocks() {
    }

    /** Whether the [U, d·d] sums of {@code set} fit one Java array (else the tables keep their HVPs). */
    static boolean fits(CtrModel model, AnalysisSet set) {
        long d = model.config().embeddingDim();
        return (long) set.touchedRows(model).count() * d * d < Integer.MAX_VALUE - 8;
    }

    /**
     * The closed-form blocks of every row a set touches, [U, d·d] row-major over the places of
     * {@link AnalysisSet#touchedRows} (on the Java heap: the tables are read from it one after another),
     * and what the repeated rows' second term cost.
     */
    record Sums(double[] blocks, RepeatedRows.Cost repeats) {
    }

    /**
     * The closed-form blocks of every row {@code set} touches: the Gauss–Newton term summed over the
     * set with weight p(1 − p)/n (n = {@link AnalysisSet#weightTotal()}) plus the repeated rows'
     * second term, accumulated in libtorch.
     */
    static Sums accumulate(CtrModel model, AnalysisSet set) {
        model.eval();
        TouchedRows touched = set.touchedRows(model);
        long u = touched.count();
        int d = model.config().embeddingDim();
        try (PointerScope outer = new PointerScope()) {
            Tensor acc = Tensors.onDevice(torch.zeros(u, (long) d * d).to(ScalarType.Double));
            RepeatedRows.Cost cost = RepeatedRows.NONE;
            for (int b = 0; b < set.batches(); b++) {
                StopSignals.throwIfStopped();
                try (PointerScope inner = new PointerScope()) {
                    addBatch(model, set, b, touched, acc);
                    cost = cost.plus(RepeatedRows.addBatch(model, set, b, touched, acc));
                }
            }
            return new Sums(Tensors.toDoubles(acc), cost);
        }
    }

    private static void addBatch(CtrModel model, AnalysisSet set, int b, TouchedRows touched, Tensor acc) {
        int d = model.config().embeddingDim();
        long u = touched.count();
        Tensor ids = set.ids(b);
        long rows = ids.size(0);
        long width = ids.size(1);
        Tensor slots = model.slotEmbeddings(ids).detach().requires_grad_(true);
        Tensor logits = model.forwardFromSlots(slots, ids);
        Tensor g = torch.grad(new TensorVector(logits.sum()), new TensorVector(slots), new TensorVector(),
                new BoolOptional(false), false, false).get(0);                                  // [B, W, d]
        Tensor p = logits.detach().to(ScalarType.Double).sigmoid();
        Tensor weight = p.mul(p.neg().add(new Scalar(1.0))).div(new Scalar((double) set.weightTotal())); // [B]
        Tensor place = touched.place().index_select(0, ids.add(model.slotShift()).reshape(-1));      // [B·W]
        Tensor sample = torch.arange(new Scalar(rows), new TensorOptions(ScalarType.Long)).to(place.device(), ScalarType.Long)
                .unsqueeze(1).expand(new long[]{rows, width}).reshape(-1);
        // one entry per (sample, row): occurrences of a row within a sample add up before the outer product
        T_TensorTensorTensor_T unique = torch.unique_dim(sample.mul(new Scalar(u)).add(place), 0, true, true, false);
        Tensor keys = unique.get0();
        Tensor perSample = torch.zeros(keys.size(0), d).to(keys.device(), ScalarType.Double);
        perSample.index_add_(0, unique.get1(), g.reshape(new long[]{-1, d}).to(ScalarType.Double));
        Tensor rowOf = keys.remainder(new Scalar(u));
        Tensor weightOf = weight.index_select(0, keys.floor_divide(new Scalar(u)));
        for (long from = 0; from < keys.size(0); from += CHUNK) {
            long n = Math.min(CHUNK, keys.size(0) - from);
            Tensor v = perSample.narrow(0, from, n);
            Tensor outer = v.unsqueeze(2).mul(v.unsqueeze(1)).mul(weightOf.narrow(0, from, n).view(new long[]{-1, 1, 1}));
            acc.index_add_(0, rowOf.narrow(0, from, n), outer.reshape(new long[]{n, (long) d * d}));
        }
    }

    /** Rows [offset, offset + rows) of the weight as {@link ExactBlocks.Blocks}: seen rows (colour ≥ 0) get their block. */
    static ExactBlocks.Blocks tableBlocks(Sums sums, TouchedRows touched, long offset, RowColouring colouring, int d,
                                          long hvps) {
        double[] acc = sums.blocks();
        int rows = colouring.colourOf.length;
        int[] placeOf = touched.places(offset, rows);
        double[][] blocks = new double[rows][];
        for (int k = 0; k < rows; k++) {
            if (colouring.colourOf[k] >= 0) {
                int from = placeOf[k] * d * d;
                blocks[k] = Arrays.copyOfRange(acc, from, from + d * d);
            }
        }
        return new ExactBlocks.Blocks(blocks, d, hvps);
    }

    /**
     * ‖Hv − Bv‖ / ‖Hv‖ for table {@code t} on {@code check}: v Gaussian (seeded) on the rows of the
     * check set's first colour, H the HVP, B the closed-form blocks of {@code checkSums} (accumulated on
     * {@code check}); both restricted to those rows, on which the table's Hessian is block-diagonal.
     */
    static double relativeDifference(CtrModel model, AnalysisSet check, Sums checkSums, int t, long seed) {
        int rows = model.layout().tableRows()[t];
        int d = model.config().embeddingDim();
        long offset = model.tableOffset(t);
        RowColouring colouring = RowColouring.of(check, model.layout().fields(), t, rows);
        double[] probe = new double[rows * d];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < rows; k++) {
            if (colouring.colourOf[k] == 0) {
                for (int i = 0; i < d; i++) {
                    probe[k * d + i] = rnd.nextGaussian();
                }
            }
        }
        double[] hv = new Hvp(model, check).applyRows(model.embeddingWeight(), offset, rows, probe);
        ExactBlocks.Blocks blocks = tableBlocks(checkSums, check.touchedRows(model), offset, colouring, d, 0);
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < rows; k++) {
            if (colouring.colourOf[k] != 0) {
                continue;
            }
            double[] block = blocks.blocks()[k];
            for (int r = 0; r < d; r++) {
                double bv = 0;
                for (int s = 0; s < d; s++) {
                    bv += block[r * d + s] * probe[k * d + s];
                }
                double h = hv[k * d + r];
                diff += (h - bv) * (h - bv);
                norm += h * h;
            }
        }
        return norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    }
}
