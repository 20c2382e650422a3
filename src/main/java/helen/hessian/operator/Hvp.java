package helen.hessian.operator;

import helen.model.CtrModel;
import helen.model.layer.FeatureEmbedding;
import helen.tensor.Tensors;
import helen.util.HelenException;
import helen.util.StopSignals;
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
            Leaves leaves = new Leaves(wrt);
            List<Tensor> probes = new ArrayList<>();
            for (int i = 0; i < wrt.size(); i++) {
                Tensor w = leaves.inputs.get(i);
                double[] p = i == leaves.embedding ? touched().compact(v.get(i), 0) : v.get(i);
                probes.add(Tensors.fromDoubles(p, w.scalar_type(), w.sizes().vec().get()));
            }
            return leaves.full(sumOverBatches(leaves, (b, inputs) -> hv(b, inputs, probes)));
        }
    }

    /**
     * H·v restricted to rows [{@code from}, {@code from + rows}) of the embedding weight: the probe is
     * those rows' values (row-major, zero elsewhere) and the result is those rows of H·v. Only the
     * rows the set touches cross between Java and libtorch: an embedding of a full-size dataset holds
     * millions of rows, and copying it in and out for every HVP of a small table dominated.
     */
    public double[] applyRows(Tensor weight, long from, int rows, double[] probe) {
        hvps++;
        try (PointerScope outer = new PointerScope()) {
            Leaves leaves = new Leaves(List.of(weight));
            if (leaves.embedding != 0) {
                throw new IllegalArgumentException("applyRows is for the embedding weight");
            }
            Tensor c = leaves.inputs.get(0);
            List<Tensor> probes = List.of(Tensors.fromDoubles(touched().compact(probe, from), c.scalar_type(), c.sizes().vec().get()));
            double[] hv = Tensors.toDoubles(sumOverBatches(leaves, (b, inputs) -> hv(b, inputs, probes)).get(0));
            return finite(touched().expand(hv, from, rows));
        }
    }

    /** ∇L of the whole set's mean loss with respect to {@code wrt}. */
    public List<double[]> gradient(List<Tensor> wrt) {
        gradients++;
        try (PointerScope outer = new PointerScope()) {
            Leaves leaves = new Leaves(wrt);
            return leaves.full(sumOverBatches(leaves, (b, inputs) -> torch.grad(new TensorVector(batchLoss(b)), inputs,
                    new TensorVector(), new BoolOptional(false), false, false)));
        }
    }

    /** Batch b's part of H·v: ∇(∇L_b · v) (Pearlmutter). */
    private TensorVector hv(int b, TensorVector inputs, List<Tensor> probes) {
        TensorVector g = torch.grad(new TensorVector(batchLoss(b)), inputs, new TensorVector(), new BoolOptional(true), true, false);
        Tensor gv = null;
        for (int i = 0; i < probes.size(); i++) {
            Tensor term = g.get(i).mul(probes.get(i)).sum();
            gv = gv == null ? term : gv.add(term);
        }
        return torch.grad(new TensorVector(gv), inputs, new TensorVector(), new BoolOptional(false), false, false);
    }

    /** The set's touched rows, found at the first pass that differentiates the embedding and kept with the set. */
    private TouchedRows touched() {
        return set.touchedRows(model);
    }

    /**
     * The tensors differentiated in one pass: {@code wrt}, with the embedding weight (if among them)
     * replaced by a compact leaf of the rows the set touches (see {@link TouchedRows}).
     */
    private final class Leaves {
        final List<Tensor> inputs = new ArrayList<>();
        /** Index of the embedding weight in {@code wrt}, or -1. */
        final int embedding;
        final long embeddingRows;

        Leaves(List<Tensor> wrt) {
            Tensor e = model.embeddingWeight();
            int at = -1;
            for (int i = 0; i < wrt.size(); i++) {
                Tensor w = wrt.get(i);
                if (at < 0 && w.is_same(e)) {
                    at = i;
                    inputs.add(touched().compactLeaf(w));
                } else {
                    inputs.add(w);
                }
            }
            embedding = at;
            embeddingRows = e.size(0);
        }

        /** The sums as row-major doubles in {@code wrt}'s shapes (the embedding's scattered back to all its rows). */
        List<double[]> full(List<Tensor> sums) {
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < sums.size(); i++) {
                double[] d = Tensors.toDoubles(sums.get(i));
                out.add(finite(i == embedding ? touched().expand(d, 0, Math.toIntExact(embeddingRows)) : d));
            }
            return out;
        }
    }

    /** One batch's contribution, one tensor per input, computed inside that batch's PointerScope. */
    private interface BatchTerm {
        TensorVector of(int batch, TensorVector inputs);
    }

    /** Σ over batches of {@code term}, accumulated outside the per-batch scopes (in the caller's scope). */
    private List<Tensor> sumOverBatches(Leaves leaves, BatchTerm term) {
        List<Tensor> acc = new ArrayList<>();
        leaves.inputs.forEach(w -> acc.add(w.detach().mul(new Scalar(0.0))));
        TensorVector inputs = vector(leaves.inputs);
        try (FeatureEmbedding.Redirect redirect = leaves.embedding >= 0
                ? model.gatherEmbeddingsFrom(leaves.inputs.get(leaves.embedding), touched().place()) : null) {
            for (int b = 0; b < set.batches(); b++) {
                StopSignals.throwIfStopped();
                try (PointerScope inner = new PointerScope()) {
                    TensorVector t = term.of(b, inputs);
                    for (int i = 0; i < acc.size(); i++) {
                        acc.get(i).add_(t.get(i));
                    }
                }
            }
        }
        return acc;
    }

    /** NaN would otherwise flow into λ and the correlations as if it were a value. */
    private static double[] finite(double[] a) {
        for (double x : a) {
            if (!Double.isFinite(x)) {
                throw new HelenException("a Hessian-vector product or gradient is not finite (" + x
                        + "): the checkpoint's weights or the analysis set hold non-finite values");
            }
        }
        return a;
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
