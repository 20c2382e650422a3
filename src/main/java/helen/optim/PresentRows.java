package helen.optim;

import helen.data.Batch;
import helen.data.EncodedField;
import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.layer.FeatureLayout;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of each table leaf (embedding or first-order tables) that a batch looks up. Without a
 * regulariser on the tables, a table's gradient is exactly zero outside those rows, so the ε of
 * SAM, ASAM and Helen is zero there as well: the ascent and the restore after the second pass need
 * only touch the looked-up rows. On a large table (a Criteo-shaped one has ~10⁵–10⁶ rows) the dense
 * ascent reads and writes every row several times per step; a 1,024-row batch looks up a few
 * percent of them. Rows the batch pads (multi-hot PAD ids) count as looked up: a superset is safe.
 */
final class PresentRows {
    /**
     * Above this share of a leaf's rows the leaf is handled whole: per row, gathering, scattering
     * and restoring take about twice the passes over memory of SAM's whole-leaf norm and sum (nine
     * against four; counted, not tuned by measurement).
     */
    static final double MAX_SHARE = 0.5;
    /**
     * Leaves of fewer elements (4 MB of float32) are handled whole: a pass over them costs less than
     * the bookkeeping of a gather. The peer's DeepFM at batch 1,024 on 16k-row tables, interleaved with
     * Adam (`bench train --interleave`): row-wise SAM steps took 1.87 / 1.88 × Adam's where the whole-leaf
     * code before took 1.82 / 1.84 ×; on 551k-row tables row-wise ASAM steps took 1.60–1.68 × against
     * 1.97–2.24 × whole.
     */
    static final long MIN_ELEMENTS = 1L << 20;

    private final FeatureLayout layout;
    /** Per leaf, the first row of each table in it (-1: not in this leaf); null for leaves handled whole. */
    private final int[][] tableStart;
    private final int[] leafRows;
    private final BitSet[] seen;
    private final double maxShare;

    PresentRows(FeatureLayout layout, List<ParameterLeaf> leaves, boolean tablesRegularized, double maxShare, long minElements) {
        this.layout = layout;
        this.maxShare = maxShare;
        this.tableStart = new int[leaves.size()][];
        this.leafRows = new int[leaves.size()];
        this.seen = new BitSet[leaves.size()];
        for (int i = 0; i < leaves.size(); i++) {
            ParameterLeaf leaf = leaves.get(i);
            if (tablesRegularized || leaf.params().get(0).rows() < 0 || leaf.tensor().numel() < minElements) {
                continue;  // a dense weight, a table whose gradient has the regulariser's term on every row, or a small one
            }
            int[] start = new int[layout.tables().size()];
            Arrays.fill(start, -1);
            for (ModelParameter p : leaf.params()) {
                start[p.table()] = Math.toIntExact(p.offset());
            }
            tableStart[i] = start;
            leafRows[i] = Math.toIntExact(leaf.tensor().size(0));
            seen[i] = new BitSet(leafRows[i]);
        }
    }

    /**
     * For the leaves of {@code model}'s parameters ({@link ParameterLeaf#of} order), given that its
     * training loss is {@link CtrModel#loss}: BCE over the looked-up rows plus the configured regulariser.
     */
    static PresentRows of(CtrModel model) {
        return new PresentRows(model.layout(), ParameterLeaf.of(model.params()),
                model.config().embeddingRegularizer() != 0, MAX_SHARE, MIN_ELEMENTS);
    }

    int leafCount() {
        return tableStart.length;
    }

    /**
     * Per leaf, the rows {@code batch} looks up, ascending, or null where the leaf is to be handled
     * whole (a dense weight, a regularised table, or a batch that looks up more than the maximum
     * share of its rows). Leaves laid out alike (the embedding and first-order tables) share one array.
     */
    int[][] rows(Batch batch) {
        int[][] out = new int[tableStart.length][];
        for (int i = 0; i < tableStart.length; i++) {
            if (tableStart[i] == null || batch == null) {
                continue;
            }
            for (int j = 0; j < i && out[i] == null; j++) {
                if (out[j] != null && leafRows[j] == leafRows[i] && Arrays.equals(tableStart[j], tableStart[i])) {
                    out[i] = out[j];
                }
            }
            if (out[i] == null) {
                out[i] = lookedUp(i, batch);
            }
        }
        return out;
    }

    private int[] lookedUp(int leaf, Batch batch) {
        int[] start = tableStart[leaf];
        BitSet s = seen[leaf];
        s.clear();
        for (EncodedField f : layout.fields()) {
            int first = start[f.tableIndex()];
            if (first < 0) {
                continue;
            }
            for (int r = 0; r < batch.size; r++) {
                int base = r * batch.width + f.offset();
                for (int k = 0; k < f.width(); k++) {
                    s.set(first + batch.ids[base + k]);
                }
            }
        }
        int n = s.cardinality();
        if (n == 0 || n > maxShare * leafRows[leaf]) {
            return null;
        }
        int[] out = new int[n];
        for (int j = 0, row = s.nextSetBit(0); row >= 0; row = s.nextSetBit(row + 1)) {
            out[j++] = row;
        }
        return out;
    }
}
