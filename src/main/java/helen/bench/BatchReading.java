package helen.bench;

import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedSplit;

/**
 * How fast an encoded split is read back in training batches, in order and shuffled: the rate that
 * bounds an epoch however fast the model steps. The best of three passes, the first of which warms the
 * page cache and the JIT.
 */
public final class BatchReading {
    private static final int PASSES = 3;

    private BatchReading() {
    }

    /**
     * @param split   an encoded split
     * @param batch   rows per batch
     * @param shuffle read in a shuffled order (as training does), else in file order
     * @return rows per second of the fastest pass
     */
    public static double rowsPerSecond(EncodedSplit split, int batch, boolean shuffle) {
        long checksum = 0;
        double best = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            long t = System.nanoTime();
            BatchIterator it = new BatchIterator(split, batch, shuffle, pass);
            long n = 0;
            while (it.hasNext()) {
                Batch b = it.next();
                n += b.size;
                checksum += b.ids[0];
            }
            best = Math.max(best, n / ((System.nanoTime() - t) / 1e9));
        }
        if (checksum == 42) {
            System.err.print(""); // keeps the reads observable to the JIT
        }
        return best;
    }
}
