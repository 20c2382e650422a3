package helen.optim;

import helen.model.ModelParameter;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registered parameter tensor with the {@link ModelParameter}s it holds: all embedding tables
 * share one leaf, all first-order tables another, every dense weight is its own. The sharpness-aware
 * optimizers work leaf by leaf: each libtorch call from Java costs ~10-15 µs, and a per-table loop
 * over 39 tables made SAM's bookkeeping cost a quarter of a forward/backward pass.
 *
 * @param tensor   the leaf
 * @param params   the parameters it holds (one per table, or the dense parameter itself)
 * @param gathered for a {@link #rows} view, its rows' gradient; null for a registered leaf, whose
 *                 gradient is read when asked for (it changes with every backward)
 * @param rowIds   for a {@link #rows} view, the registered leaf's rows it holds, ascending; null for
 *                 a registered leaf
 */
public record ParameterLeaf(Tensor tensor, List<ModelParameter> params, Tensor gathered, int[] rowIds) {
    public ParameterLeaf(Tensor tensor, List<ModelParameter> params) {
        this(tensor, params, null, null);
    }

    /** The leaves of {@code params}, in order of first appearance (parameters grouped by the leaf object they view). */
    public static List<ParameterLeaf> of(List<ModelParameter> params) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, List<ModelParameter>> byLeaf = new IdentityHashMap<>();
        for (ModelParameter p : params) {
            byLeaf.computeIfAbsent(p.leaf(), leaf -> {
                order.add(leaf);
                return new ArrayList<>();
            }).add(p);
        }
        return order.stream().map(leaf -> new ParameterLeaf(leaf, List.copyOf(byLeaf.get(leaf)))).toList();
    }

    /** The gradient, or null before any backward (or for a leaf the loss does not reach). */
    public Tensor grad() {
        if (gathered != null) {
            return gathered;
        }
        Tensor g = tensor.grad();
        return g.isNull() || !g.defined() ? null : g;
    }

    /**
     * Some rows of this leaf as a leaf of their own: copies of their weights and gradient, the same
     * parameters (so the same role). Call under a NoGradGuard.
     *
     * @param ids   the rows, ascending
     * @param index the same as an int64 [k] tensor
     */
    ParameterLeaf rows(int[] ids, Tensor index) {
        Tensor g = grad();
        return new ParameterLeaf(tensor.index_select(0, index), params, g == null ? null : g.index_select(0, index), ids);
    }

    /** The first row of this leaf that is row {@code row} of the registered leaf or comes after it. */
    int firstAtOrAbove(int row) {
        if (rowIds == null) {
            return (int) Math.min(row, tensor.size(0));
        }
        int i = java.util.Arrays.binarySearch(rowIds, row);
        return i >= 0 ? i : -i - 1;
    }

    /** Row i of this leaf as a row of the registered leaf (the same row unless this is a {@link #rows} view). */
    int registeredRow(int i) {
        return rowIds == null ? i : rowIds[i];
    }

    /** Whether the leaf holds embedding tables (leaves hold one role each). */
    public boolean isEmbedding() {
        return params.get(0).isEmbedding();
    }

    /** Whether the leaf is a bias ({@link ModelParameter#isBias()}); table leaves never are. */
    public boolean isBias() {
        return params.size() == 1 && params.get(0).rows() < 0 && params.get(0).isBias();
    }

    /** The part of a leaf-shaped tensor that belongs to {@code p} (a row range, or all of it). */
    static Tensor part(Tensor leafShaped, ModelParameter p) {
        return p.rows() < 0 ? leafShaped : leafShaped.narrow(0, p.offset(), p.rows());
    }
}
