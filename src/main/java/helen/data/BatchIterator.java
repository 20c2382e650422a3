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
        return nextInto(batch);
    }

    /**
     * Reads the next mini-batch into {@code into} (same capacity and width as this iterator's
     * batches) instead of the iterator's own buffer, so that a reader ahead can fill several.
     */
    public Batch nextInto(Batch into) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (into.width != batch.width || into.labels.length != batch.labels.length) {
            throw new IllegalArgumentException("batch buffer of capacity " + into.labels.length + " × width "
                    + into.width + " given for batches of " + batch.labels.length + " × " + batch.width);
        }
        int n = Math.min(into.labels.length, total() - next);
        if (order == null) {
            split.readRange(next, n, into.ids, into.labels);
        } else {
            for (int i = 0; i < n; i++) {
                int row = order[next + i];
                split.readRow(row, into.ids, i * into.width);
                into.labels[i] = split.label(row);
            }
        }
        into.size = n;
        next += n;
        return into;
    }

    /** Passes over the first {@code batches} mini-batches without reading them (a run resumed inside an epoch). */
    public BatchIterator skip(int batches) {
        next = (int) Math.min(total(), (long) batches * batch.labels.length);
        return this;
    }

    /** A new, empty buffer of this iterator's capacity and width (for {@link #nextInto}). */
    public Batch newBuffer() {
        return new Batch(batch.labels.length, batch.width);
    }

    /** Number of batches in one pass. */
    public int batchCount() {
        return (total() + batch.labels.length - 1) / batch.labels.length;
    }

    /** Batches still to come (all of a pass, unless some were read or skipped). */
    public int remainingBatches() {
        return (total() - next + batch.labels.length - 1) / batch.labels.length;
    }
}
