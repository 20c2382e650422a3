package helen.hessian.operator;

import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.ParamRole;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole model's Hessian as an operator on one flat parameter vector: the embedding leaf first
 * (table t's rows at their offset), then every dense leaf (first-order tables count as dense, as
 * for Helen). Each part a curvature output is asked of (an embedding table, the dense part, the
 * whole model) is a contiguous range of that vector, so a part's operator is the whole HVP read on
 * its range, with the probe zero elsewhere.
 */
public final class ModelHessian {
    /** A contiguous range [from, to) of the flat parameter vector. */
    public record Part(String name, int from, int to) {
        public int dim() {
            return to - from;
        }
    }

    private final Hvp hvp;
    private final List<Tensor> leaves = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final int dim;

    public ModelHessian(CtrModel model, List<String> tableNames, Hvp hvp) {
        this.hvp = hvp;
        Tensor e = model.embeddingWeight();
        leaves.add(e);
        sizes.add((int) e.numel());
        int d = (int) e.size(1);
        for (ModelParameter p : model.params()) {
            if (p.isEmbedding()) {
                int from = (int) (p.offset() * d);
                parts.put(tableNames.get(p.table()), new Part(tableNames.get(p.table()), from, from + (int) (p.rows() * d)));
            }
        }
        int denseFrom = (int) e.numel();
        int n = denseFrom;
        for (Tensor leaf : denseLeaves(model)) {
            leaves.add(leaf);
            sizes.add((int) leaf.numel());
            n += (int) leaf.numel();
        }
        dim = n;
        parts.put("dense", new Part("dense", denseFrom, n));
        parts.put("model", new Part("model", 0, n));
    }

    /** Every leaf but the embedding tables', once each (first-order tables count as dense, as for Helen). */
    public static List<Tensor> denseLeaves(CtrModel model) {
        List<Tensor> dense = new ArrayList<>();
        for (ModelParameter p : model.params()) {
            if (p.role() != ParamRole.EMBEDDING && !dense.contains(p.leaf())) {
                dense.add(p.leaf());
            }
        }
        return dense;
    }

    public int dim() {
        return dim;
    }

    public Hvp hvp() {
        return hvp;
    }

    /** The embedding tables by name, then {@code dense}, then {@code model} (the whole vector). */
    public Map<String, Part> parts() {
        return parts;
    }

    public Part part(String name) {
        return parts.get(name);
    }

    /** H·v over the whole model (one HVP). */
    public double[] apply(double[] v) {
        List<double[]> split = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            split.add(java.util.Arrays.copyOfRange(v, at, at + s));
            at += s;
        }
        List<double[]> hv = hvp.apply(leaves, split);
        double[] out = new double[dim];
        at = 0;
        for (double[] h : hv) {
            System.arraycopy(h, 0, out, at, h.length);
            at += h.length;
        }
        return out;
    }

    /** The operator of a part's diagonal block H_pp (one whole HVP per product). */
    public java.util.function.UnaryOperator<double[]> restricted(Part p) {
        return v -> {
            double[] full = new double[dim];
            System.arraycopy(v, 0, full, p.from(), p.dim());
            return java.util.Arrays.copyOfRange(apply(full), p.from(), p.to());
        };
    }
}
