package helen.hessian.operator;

import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedSplit;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The samples the Hessian is taken over, cut into fixed batches whose tensors live as long as the
 * set. The loss is the mean over all of them, so batch b's loss is weighted by n_b / n.
 */
public final class AnalysisSet {
    final List<Tensor> ids = new ArrayList<>();
    final List<Tensor> labels = new ArrayList<>();
    final List<int[]> rawIds = new ArrayList<>();
    final int[] sizes;
    final int width;
    final int total;
    /** The size of the whole set whose mean loss is taken: {@link #total} unless this is one shard of it. */
    final int weightTotal;
    /**
     * The embedding rows this set looks up, found once: curvature tracking makes an {@link Hvp} per
     * measurement over the same set, and its [Σ rows] index tensor must not be rebuilt (and held) each time.
     */
    private TouchedRows touched;

    private AnalysisSet(int width, List<int[]> raw, List<float[]> lab, ScalarType dtype) {
        this(width, raw, lab, dtype, -1);
    }

    private AnalysisSet(int width, List<int[]> raw, List<float[]> lab, ScalarType dtype, int weightTotal) {
        this.width = width;
        sizes = new int[raw.size()];
        int n = 0;
        for (int b = 0; b < raw.size(); b++) {
            sizes[b] = lab.get(b).length;
            n += sizes[b];
            Tensor i = Tensors.ids(raw.get(b), sizes[b], width);
            Tensor y = Tensors.labels(lab.get(b), sizes[b], dtype);
            i.retainReference();
            y.retainReference();
            ids.add(i);
            labels.add(y);
            rawIds.add(raw.get(b));
        }
        total = n;
        this.weightTotal = weightTotal < 0 ? n : weightTotal;
    }

    /**
     * A seeded sample of {@code n} rows of a split (all rows if n ≤ 0 or n ≥ rows), in batches.
     */
    public static AnalysisSet sample(EncodedSplit split, int n, long seed, int batchSize, ScalarType dtype) {
        return sample(split, n, seed, batchSize, dtype, Shard.WHOLE);
    }

    /**
     * One shard of that sample: its slice of the chosen rows (in file order), each batch's loss
     * still weighted by n_b / n of the whole sample, so that the shards' HVPs add up to the set's.
     */
    public static AnalysisSet sample(EncodedSplit split, int n, long seed, int batchSize, ScalarType dtype, Shard shard) {
        int rows = split.rows();
        int[] order = BatchIterator.permutation(rows, seed);
        int take = n <= 0 || n >= rows ? rows : n;
        int[] sample = Arrays.copyOf(order, take);
        Arrays.sort(sample); // file order: a different n keeps the same rows first, and reads are sequential
        int[] chosen = Arrays.copyOfRange(sample, shard.from(take), shard.to(take));
        BatchIterator it = new BatchIterator(split, batchSize, chosen);
        List<int[]> raw = new ArrayList<>();
        List<float[]> lab = new ArrayList<>();
        while (it.hasNext()) {
            Batch b = it.next();
            raw.add(Arrays.copyOf(b.ids, b.size * b.width));
            lab.add(Arrays.copyOf(b.labels, b.size));
        }
        return new AnalysisSet(split.width(), raw, lab, dtype, take);
    }

    /** An analysis set from explicit ids [n × width] and labels, in one batch (tests, tiny models). */
    public static AnalysisSet of(int[] ids, float[] labels, int width, ScalarType dtype) {
        return new AnalysisSet(width, List.of(ids), List.of(labels), dtype);
    }

    /** An analysis set from explicit batches (ids [rows × width] and labels per batch). */
    public static AnalysisSet ofBatches(List<int[]> ids, List<float[]> labels, int width, ScalarType dtype) {
        return new AnalysisSet(width, ids, labels, dtype);
    }

    /** The first batch alone, as a set of its own (its loss the mean over that batch). */
    public AnalysisSet firstBatch(ScalarType dtype) {
        return head(sizes[0], dtype);
    }

    /** The first {@code n} rows (in batches as here), as a set of its own: its loss the mean over them. */
    public AnalysisSet head(int n, ScalarType dtype) {
        List<int[]> raw = new ArrayList<>();
        List<float[]> lab = new ArrayList<>();
        int left = n;
        for (int b = 0; b < sizes.length && left > 0; b++) {
            int take = Math.min(left, sizes[b]);
            double[] y = Tensors.toDoubles(labels.get(b));
            float[] l = new float[take];
            for (int i = 0; i < take; i++) {
                l[i] = (float) y[i];
            }
            raw.add(Arrays.copyOf(rawIds.get(b), take * width));
            lab.add(l);
            left -= take;
        }
        return new AnalysisSet(width, raw, lab, dtype);
    }

    /** Rows in this set (in this shard, for a shard). */
    public int size() {
        return total;
    }

    /** Rows of the whole set the loss is the mean over (larger than {@link #size()} for a shard). */
    public int weightTotal() {
        return weightTotal;
    }

    public int batches() {
        return sizes.length;
    }

    /** Ids per sample: the model's input width (a multi-hot field fills several slots). */
    public int width() {
        return width;
    }

    /** Batch {@code b}'s rows. */
    public int batchSize(int b) {
        return sizes[b];
    }

    /** Batch {@code b}'s ids, [rows, width] (held by the set: do not close). */
    public Tensor ids(int b) {
        return ids.get(b);
    }

    /** Batch {@code b}'s labels, [rows] (held by the set: do not close). */
    public Tensor labels(int b) {
        return labels.get(b);
    }

    /** Batch {@code b}'s ids as the array they were made from, row-major [rows × width] (read only). */
    public int[] rawIds(int b) {
        return rawIds.get(b);
    }

    /** The rows of {@code model}'s embedding weight that this set looks up (a set is used with one model layout). */
    public synchronized TouchedRows touchedRows(CtrModel model) {
        if (touched == null) {
            touched = TouchedRows.of(model, this);
        }
        return touched;
    }
}
