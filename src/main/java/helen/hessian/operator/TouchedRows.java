package helen.hessian.operator;

import helen.data.EncodedField;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The rows of the model's embedding weight ([Σ rows, d], every table) that an analysis set looks
 * up, ascending, and a compact [U, d] stand-in for the weight during {@link Hvp}'s passes. Rows the
 * set never looks up have no gradient and a zero Hessian (eval mode, no regulariser), so derivatives
 * with respect to the U rows say everything; taking them with respect to the whole weight instead
 * costs [Σ rows, d] tensors per HVP, which for full-size vocabularies (millions of rows) dwarfed the
 * few thousand rows a probe set touches (curvature tracking: ~90 ms per HVP at 100k rows per field).
 */
public final class TouchedRows {
    /** Touched rows of the weight, ascending. */
    private final long[] rows;
    private final int dim;
    /** int64 [U]: {@link #rows}. */
    private final Tensor rowsTensor;
    /** int64 [Σ rows]: each touched row's place among {@link #rows} (0 for untouched rows, which no lookup reads). */
    private final Tensor place;

    private TouchedRows(long[] rows, long totalRows, int dim) {
        this.rows = rows;
        this.dim = dim;
        long[] where = new long[Math.toIntExact(totalRows)];
        for (int p = 0; p < rows.length; p++) {
            where[(int) rows[p]] = p;
        }
        rowsTensor = longs(rows);
        place = longs(where);
    }

    /** The rows that {@code set}'s lookups read, padding slots of multi-hot fields included (they are gathered, then masked). */
    static TouchedRows of(CtrModel model, AnalysisSet set) {
        Tensor w = model.embeddingWeight();
        long total = w.size(0);
        long[] shift = slotShift(model, set.width);
        BitSet seen = new BitSet(Math.toIntExact(total));
        for (int[] ids : set.rawIds) {
            for (int i = 0; i < ids.length; i++) {
                seen.set((int) (ids[i] + shift[i % set.width]));
            }
        }
        return new TouchedRows(seen.stream().asLongStream().toArray(), total, (int) w.size(1));
    }

    /** Per slot of an encoded row, the offset of its field's table in the weight (id + shift = the weight's row). */
    public static long[] slotShift(CtrModel model, int width) {
        long[] shift = new long[width];
        for (EncodedField f : model.layout().fields()) {
            Arrays.fill(shift, f.offset(), f.offset() + f.width(), model.tableOffset(f.tableIndex()));
        }
        return shift;
    }

    /** The place of a touched row of the weight among the touched rows. */
    public int placeOf(long row) {
        int i = Arrays.binarySearch(rows, row);
        if (i < 0) {
            throw new IllegalArgumentException("row " + row + " is not among the set's touched rows");
        }
        return i;
    }

    public int count() {
        return rows.length;
    }

    /** Tensor of the places of the weight's rows among the touched ones, for {@code FeatureEmbedding.gatherFrom}. */
    public Tensor place() {
        return place;
    }

    /** A fresh leaf [U, d] holding the weight's touched rows now (the weight may have changed since the last pass). */
    Tensor compactLeaf(Tensor weight) {
        return weight.detach().index_select(0, rowsTensor).requires_grad_(true);
    }

    /** The touched rows' values of {@code full}, rows [from, from + full.length / d) of the weight, row-major [U, d]; zero for touched rows outside. */
    double[] compact(double[] full, long from) {
        long to = from + full.length / dim;
        double[] out = new double[rows.length * dim];
        for (int p = first(from); p < rows.length && rows[p] < to; p++) {
            System.arraycopy(full, (int) (rows[p] - from) * dim, out, p * dim, dim);
        }
        return out;
    }

    /** The weight's rows [from, from + count) from a compact [U, d] array, zero where untouched. */
    double[] expand(double[] compact, long from, int count) {
        double[] out = new double[count * dim];
        for (int p = first(from); p < rows.length && rows[p] < from + count; p++) {
            System.arraycopy(compact, p * dim, out, (int) (rows[p] - from) * dim, dim);
        }
        return out;
    }

    /** The places of the weight's rows [from, from + count) among the touched rows; -1 for a row not touched. */
    public int[] places(long from, int count) {
        int[] out = new int[count];
        Arrays.fill(out, -1);
        for (int p = first(from); p < rows.length && rows[p] < from + count; p++) {
            out[(int) (rows[p] - from)] = p;
        }
        return out;
    }

    /** The first place whose row is ≥ {@code row}. */
    private int first(long row) {
        int i = Arrays.binarySearch(rows, row);
        return i >= 0 ? i : -i - 1;
    }

    private static Tensor longs(long[] values) {
        Tensor t = torch.empty(new long[]{values.length}, new TensorOptions(ScalarType.Long), null);
        t.data_ptr_long().put(values, 0, values.length);
        Tensor d = Tensors.onDevice(t);
        d.retainReference(); // lives as long as this object, whatever PointerScope it was made in
        return d;
    }
}
