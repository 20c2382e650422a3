package helen.hessian;

import helen.model.CtrModel;
import helen.model.layer.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * Hessian-vector products and gradients of the mean BCE over an {@link AnalysisSet}, by double
 * backpropagation (Pearlmutter 1994): g = ∇L with create_graph, then Hv = ∇(g·v). Batch b's
 * loss is scaled by n_b/n, so the sums over batches are the products of the whole set's mean loss.
 * The model is put in eval mode (dropout off, batch norm on running statistics) and the loss has
 * no regulariser. Every batch runs in its own PointerScope; accumulators live in an outer one.
 */
public final class Hvp {
    private final CtrModel model;
    private final AnalysisSet set;
    private long hvps;
    private long gradients;

    public Hvp(CtrModel model, AnalysisSet set) {
        this.model = model;
        this.set = set;
        model.eval();
    }

    /** Hessian-vector products computed so far (each one pass over the analysis set). */
    public long count() {
        return hvps;
    }

    public long gradientCount() {
        return gradients;
    }

    public AnalysisSet set() {
        return set;
    }

    /** H·v for tensors {@code wrt} (leaves of the model) and a probe v given per tensor (row-major doubles). */
    public List<double[]> apply(List<Tensor> wrt, List<double[]> v) {
        hvps++;
        try (PointerScope outer = new PointerScope()) {
            List<Tensor> probes = new ArrayList<>();
            for (int i = 0; i < wrt.size(); i++) {
                Tensor w = wrt.get(i);
                probes.add(Tensors.fromDoubles(v.get(i), w.scalar_type(), w.sizes().vec().get()));
            }
            return sumOverBatches(wrt, (b, inputs) -> {
                TensorVector g = torch.grad(new TensorVector(batchLoss(b)), inputs, new TensorVector(),
                        new BoolOptional(true), true, false);
                Tensor gv = null;
                for (int i = 0; i < wrt.size(); i++) {
                    Tensor term = g.get(i).mul(probes.get(i)).sum();
                    gv = gv == null ? term : gv.add(term);
                }
                return torch.grad(new TensorVector(gv), inputs, new TensorVector(), new BoolOptional(false), false, false);
            });
        }
    }

    /**
     * H·v restricted to rows [{@code from}, {@code from + rows}) of one leaf {@code weight}: the probe
     * is those rows' values (row-major, zero elsewhere) and the result is those rows of H·v. Only the
     * rows cross between Java and libtorch, not the whole tensor: an embedding of a full-size dataset
     * holds millions of rows, and copying it in and out for every HVP of a small table dominated.
     */
    public double[] applyRows(Tensor weight, long from, int rows, double[] probe) {
        hvps++;
        try (PointerScope outer = new PointerScope()) {
            long[] shape = weight.sizes().vec().get();
            Tensor v = weight.detach().mul(new Scalar(0.0));
            long[] sliceShape = shape.clone();
            sliceShape[0] = rows;
            v.narrow(0, from, rows).copy_(Tensors.fromDoubles(probe, weight.scalar_type(), sliceShape));
            List<Tensor> wrt = List.of(weight);
            return sumOverBatches(wrt, (b, inputs) -> {
                TensorVector g = torch.grad(new TensorVector(batchLoss(b)), inputs, new TensorVector(),
                        new BoolOptional(true), true, false);
                Tensor gv = g.get(0).mul(v).sum();
                return torch.grad(new TensorVector(gv), inputs, new TensorVector(), new BoolOptional(false), false, false);
            }, a -> a.narrow(0, from, rows)).get(0);
        }
    }

    /** ∇L of the whole set's mean loss with respect to {@code wrt}. */
    public List<double[]> gradient(List<Tensor> wrt) {
        gradients++;
        return sumOverBatches(wrt, (b, inputs) -> torch.grad(new TensorVector(batchLoss(b)), inputs, new TensorVector(),
                new BoolOptional(false), false, false));
    }

    /** One batch's contribution, one tensor per input, computed inside that batch's PointerScope. */
    private interface BatchTerm {
        TensorVector of(int batch, TensorVector inputs);
    }

    private List<double[]> sumOverBatches(List<Tensor> wrt, BatchTerm term) {
        return sumOverBatches(wrt, term, a -> a);
    }

    /** Σ over batches of {@code term}, accumulated outside the per-batch scopes; the {@code view} of each sum returned as doubles. */
    private List<double[]> sumOverBatches(List<Tensor> wrt, BatchTerm term, java.util.function.UnaryOperator<Tensor> view) {
        try (PointerScope outer = new PointerScope()) {
            List<Tensor> acc = new ArrayList<>();
            wrt.forEach(w -> acc.add(w.detach().mul(new Scalar(0.0))));
            TensorVector inputs = vector(wrt);
            for (int b = 0; b < set.batches(); b++) {
                try (PointerScope inner = new PointerScope()) {
                    TensorVector t = term.of(b, inputs);
                    for (int i = 0; i < wrt.size(); i++) {
                        acc.get(i).add_(t.get(i));
                    }
                }
            }
            List<double[]> out = new ArrayList<>();
            acc.forEach(a -> out.add(Tensors.toDoubles(view.apply(a))));
            for (double[] a : out) {
                for (double x : a) {
                    if (!Double.isFinite(x)) {
                        // NaN would otherwise flow into λ and the correlations as if it were a value
                        throw new helen.util.HelenException("a Hessian-vector product or gradient is not finite (" + x
                                + "): the checkpoint's weights or the analysis set hold non-finite values");
                    }
                }
            }
            return out;
        }
    }

    /** Mean loss over the whole set (a check value for reports). */
    public double loss() {
        double total = 0;
        try (org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
            for (int b = 0; b < set.batches(); b++) {
                try (PointerScope inner = new PointerScope()) {
                    total += batchLoss(b).item_double();
                }
            }
        }
        return total;
    }

    /** (n_b / n)·mean BCE of batch b, n the whole set's size (also when this set is one shard of it). */
    private Tensor batchLoss(int b) {
        Tensor l = CtrModel.bce(model.forward(set.ids.get(b)), set.labels.get(b));
        return l.mul(new Scalar((double) set.sizes[b] / set.weightTotal));
    }

    private static TensorVector vector(List<Tensor> ts) {
        TensorVector v = new TensorVector();
        ts.forEach(v::push_back);
        return v;
    }
}
