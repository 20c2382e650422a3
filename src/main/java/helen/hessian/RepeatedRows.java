package helen.hessian;

import helen.data.EncodedField;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.TouchedRows;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import helen.util.StopSignals;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The closed form's second term, (1/n) Σ_i (p_i − y_i) ∂²f_i/∂e_k², where it does not vanish in
 * models that are piecewise linear in each slot: a row filling two or more slots of one sample (a
 * target category that is also in the sample's history, an item twice in one history, two fields
 * sharing a table). There ∂²f_i/∂e_k² = Σ_{a,b} ∂²f_i/∂s_a∂s_b over the row's slots a, b, and an
 * FM, PNN or DLRM product between two of them makes the cross terms non-zero.
 *
 * <p>The slot-level Hessian is per sample (eval mode: no sample sees another), so one pass of d
 * double-backward products with respect to the slots serves every sample at once, each probing one
 * of its repeated rows: pass j takes the samples with more than j repeated rows and probes the
 * slots of each one's j-th. The cost is d passes over Σ_i R_i samples (R_i: sample i's repeated
 * rows), not d HVPs per colour of every table that has any repeat. Rows that fill one slot of a
 * sample add nothing here; that their own second derivative vanishes is what the per-table check
 * of {@link GaussNewtonBlocks} verifies.
 */
final class RepeatedRows {
    /** Occurrences (sample, row) with two or more slots, and the slot-level products spent on them. */
    record Cost(long repeats, long products) {
        Cost plus(Cost o) {
            return new Cost(repeats + o.repeats, products + o.products);
        }
    }

    static final Cost NONE = new Cost(0, 0);

    /** One sample's row that fills two or more of its slots. */
    private record Repeat(int sample, int place, int[] slots) {
    }

    private RepeatedRows() {
    }

    /** Adds batch b's second term of every repeated (sample, row) to {@code acc} ([U, d·d], row-major blocks). */
    static Cost addBatch(CtrModel model, AnalysisSet set, int b, TouchedRows touched, Tensor acc) {
        List<List<Repeat>> bySample = repeats(model, set, b, touched);
        int most = bySample.stream().mapToInt(List::size).max().orElse(0);
        long repeats = bySample.stream().mapToInt(List::size).sum();
        int d = model.config().embeddingDim();
        for (int j = 0; j < most; j++) {
            List<Repeat> probed = new ArrayList<>();
            for (List<Repeat> r : bySample) {
                if (r.size() > j) {
                    probed.add(r.get(j));
                }
            }
            StopSignals.throwIfStopped();
            try (PointerScope pass = new PointerScope()) { // each pass's graph freed before the next is built
                addPass(model, set, b, probed, acc);
            }
        }
        return new Cost(repeats, (long) most * d);
    }

    /** d double-backward products on the samples of {@code probed}, each probing its repeat's slots. */
    private static void addPass(CtrModel model, AnalysisSet set, int b, List<Repeat> probed, Tensor acc) {
        int d = model.config().embeddingDim();
        int width = set.width();
        int[] samples = probed.stream().mapToInt(Repeat::sample).toArray();
        int[] places = probed.stream().mapToInt(Repeat::place).toArray();
        Tensor rows = Tensors.index(samples);
        Tensor ids = set.ids(b).index_select(0, rows);
        Tensor labels = set.labels(b).index_select(0, rows);
        Tensor slots = model.slotEmbeddings(ids).detach().requires_grad_(true);                  // [S, W, d]
        Tensor logits = model.forwardFromSlots(slots, ids);
        // (p − y)/n held fixed: the second derivative of Σ_i c_i f_i is the residual-weighted ∂²f
        Tensor residual = logits.detach().sigmoid().sub(labels).div(new Scalar((double) set.weightTotal()));
        Tensor g = torch.grad(new TensorVector(logits.mul(residual).sum()), new TensorVector(slots), new TensorVector(),
                new BoolOptional(true), true, false).get(0);
        double[] mask = new double[samples.length * width];
        for (int s = 0; s < probed.size(); s++) {
            for (int a : probed.get(s).slots()) {
                mask[s * width + a] = 1;
            }
        }
        Tensor m = Tensors.fromDoubles(mask, slots.scalar_type(), samples.length, width, 1);
        TensorVector columns = new TensorVector();
        for (int r = 0; r < d; r++) {
            double[] unit = new double[d];
            unit[r] = 1;
            Tensor probe = m.mul(Tensors.fromDoubles(unit, slots.scalar_type(), 1, 1, d));
            Tensor hv = torch.grad(new TensorVector(g.mul(probe).sum()), new TensorVector(slots), new TensorVector(),
                    new BoolOptional(true), false, false).get(0);
            columns.push_back(hv.mul(m).sum(1));                                                 // [S, d]: column r
        }
        Tensor blocks = torch.stack(columns, 2).to(ScalarType.Double).reshape(new long[]{samples.length, (long) d * d});
        acc.index_add_(0, Tensors.index(places), blocks);
    }

    /** Per sample of batch b, the rows (as places among the touched rows) that fill two or more of its slots. */
    private static List<List<Repeat>> repeats(CtrModel model, AnalysisSet set, int b, TouchedRows touched) {
        int width = set.width();
        long[] shift = TouchedRows.slotShift(model, width);
        boolean[] paddable = new boolean[width];
        for (EncodedField f : model.layout().fields()) {
            Arrays.fill(paddable, f.offset(), f.offset() + f.width(), f.multiHot());
        }
        int[] raw = set.rawIds(b);
        int n = set.batchSize(b);
        List<List<Repeat>> out = new ArrayList<>(n);
        long[] keyed = new long[width];
        for (int i = 0; i < n; i++) {
            int used = 0;
            for (int a = 0; a < width; a++) {
                int id = raw[i * width + a];
                if (paddable[a] && id == 0) {
                    continue; // a multi-hot field's padding slot is masked out of the pooling
                }
                keyed[used++] = (long) touched.placeOf(id + shift[a]) << 20 | a;
            }
            Arrays.sort(keyed, 0, used);
            List<Repeat> mine = List.of();
            for (int from = 0; from < used; ) {
                int to = from + 1;
                while (to < used && keyed[to] >>> 20 == keyed[from] >>> 20) {
                    to++;
                }
                if (to - from > 1) {
                    int[] slots = new int[to - from];
                    for (int q = from; q < to; q++) {
                        slots[q - from] = (int) (keyed[q] & ((1 << 20) - 1));
                    }
                    if (mine.isEmpty()) {
                        mine = new ArrayList<>();
                    }
                    mine.add(new Repeat(i, (int) (keyed[from] >>> 20), slots));
                }
                from = to;
            }
            out.add(mine);
        }
        return out;
    }
}
