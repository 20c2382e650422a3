package helen.hessian;

import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedSplit;
import helen.model.layer.Tensors;
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

    private AnalysisSet(int width, List<int[]> raw, List<float[]> lab, ScalarType dtype) {
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
    }

    /**
     * A seeded sample of {@code n} rows of a split (all rows if n ≤ 0 or n ≥ rows), in batches.
     */
    public static AnalysisSet sample(EncodedSplit split, int n, long seed, int batchSize, ScalarType dtype) {
        int rows = split.rows();
        int[] order = BatchIterator.permutation(rows, seed);
        int take = n <= 0 || n >= rows ? rows : n;
        int[] chosen = Arrays.copyOf(order, take);
        Arrays.sort(chosen); // file order: a different n keeps the same rows first, and reads are sequential
        BatchIterator it = new BatchIterator(split, batchSize, chosen);
        List<int[]> raw = new ArrayList<>();
        List<float[]> lab = new ArrayList<>();
        while (it.hasNext()) {
            Batch b = it.next();
            raw.add(Arrays.copyOf(b.ids, b.size * b.width));
            lab.add(Arrays.copyOf(b.labels, b.size));
        }
        return new AnalysisSet(split.width(), raw, lab, dtype);
    }

    /** An analysis set from explicit ids [n × width] and labels, in one batch (tests, tiny models). */
    public static AnalysisSet of(int[] ids, float[] labels, int width, ScalarType dtype) {
        return new AnalysisSet(width, List.of(ids), List.of(labels), dtype);
    }

    /** An analysis set from explicit batches (ids [rows × width] and labels per batch). */
    public static AnalysisSet ofBatches(List<int[]> ids, List<float[]> labels, int width, ScalarType dtype) {
        return new AnalysisSet(width, ids, labels, dtype);
    }

    public int size() {
        return total;
    }

    public int batches() {
        return sizes.length;
    }
}
