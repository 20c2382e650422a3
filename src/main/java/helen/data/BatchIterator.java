package helen.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Iterates an encoded split in mini-batches, in file order or in a seeded random permutation
 * (a new permutation per epoch seed, like a shuffling DataLoader). The last batch may be short.
 * The returned {@link Batch} is reused between calls.
 */
public final class BatchIterator implements Iterator<Batch> {
    private final EncodedSplit split;
    private final int[] order;
    private final Batch batch;
    private int next;

    public BatchIterator(EncodedSplit split, int batchSize, boolean shuffle, long seed) {
        this(split, batchSize, shuffle ? permutation(split.rows(), seed) : null);
    }

    /** Iterates only the given rows, in the given order (e.g. a sampled analysis set). */
    public BatchIterator(EncodedSplit split, int batchSize, int[] rows) {
        this.split = split;
        this.order = rows;
        this.batch = new Batch(batchSize, split.width());
    }

    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private int total() {
        return order != null ? order.length : split.rows();
    }

    @Override
    public boolean hasNext() {
        return next < total();
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int n = Math.min(batch.labels.length, total() - next);
        if (order == null) {
            split.readRange(next, n, batch.ids, batch.labels);
        } else {
            for (int i = 0; i < n; i++) {
                int row = order[next + i];
                split.readRow(row, batch.ids, i * batch.width);
                batch.labels[i] = split.label(row);
            }
        }
        batch.size = n;
        next += n;
        return batch;
    }

    /** Number of batches in one pass. */
    public int batchCount() {
        return (total() + batch.labels.length - 1) / batch.labels.length;
    }
}
