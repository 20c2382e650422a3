package helen.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of a {@link BatchIterator}, read ahead on a background thread: while a training
 * step runs, the next shuffled batch is gathered from the memory-mapped split (on a full-size
 * file that is thousands of random page reads). Same batches in the same order as the source.
 *
 * <p>A returned batch stays valid until the next call to {@link #next()}, as with the source.
 * Always {@link #close()} (try-with-resources): it stops the reader when the loop ends early.
 * A failure of the reader is rethrown by {@link #next()}.
 */
public final class PrefetchingBatches implements Iterator<Batch>, AutoCloseable {
    /** Batches read ahead: one being filled and one ready while the caller uses a third. */
    private static final int AHEAD = 2;
    private static final Batch FAILED = new Batch(0, 0);

    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(AHEAD + 1);
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(AHEAD + 1);
    private final Thread reader;
    private final int total;
    private volatile Throwable failure;
    private int taken;
    private Batch current;

    public PrefetchingBatches(BatchIterator source) {
        this.total = source.remainingBatches();
        for (int i = 0; i < AHEAD + 1; i++) {
            free.add(source.newBuffer());
        }
        reader = new Thread(() -> readAll(source), "helen-batch-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll(BatchIterator source) {
        try {
            while (source.hasNext()) {
                Batch b = free.take();
                source.nextInto(b);
                ready.put(b);
            }
        } catch (InterruptedException e) {
            // closed by the consumer: stop quietly
        } catch (RuntimeException | Error e) {
            failure = e;
            ready.offer(FAILED);
        }
    }

    @Override
    public boolean hasNext() {
        return taken < total;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (current != null) {
            free.add(current); // the caller is done with it (contract of next())
            current = null;
        }
        Batch b;
        try {
            b = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next batch", e);
        }
        if (b == FAILED) {
            throw new IllegalStateException("reading batch " + (taken + 1) + " of " + total + " failed: " + failure,
                    failure);
        }
        taken++;
        current = b;
        return b;
    }

    /** Number of batches this iterator gives (a pass, less what the source had read or skipped before). */
    public int batchCount() {
        return total;
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
