package helen.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefetchingBatchesTest {
    @TempDir
    Path dir;

    private EncodedSplit split(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("label,a,b\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i % 3 == 0 ? 1 : 0).append(",r").append(i).append(",s").append(i % 17).append('\n');
        }
        Path f = dir.resolve("d.csv");
        Files.writeString(f, csv);
        return new Encoder(Presets.generic(f, "label", ','), new DataSources(List.of(f), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("c"), false).split("train");
    }

    @Test
    void sameBatchesInTheSameOrderAndEachStaysIntactUntilTheNext() throws Exception {
        EncodedSplit s = split(1003);
        BatchIterator plain = new BatchIterator(s, 64, true, 11);
        try (PrefetchingBatches ahead = new PrefetchingBatches(new BatchIterator(s, 64, true, 11))) {
            assertEquals(plain.batchCount(), ahead.batchCount());
            int batches = 0;
            while (plain.hasNext()) {
                assertTrue(ahead.hasNext());
                Batch want = plain.next();
                Batch got = ahead.next();
                int[] idsNow = Arrays.copyOf(got.ids, got.size * got.width);
                // Give the reader time to fill every free buffer: it must not touch the one we hold.
                Thread.sleep(batches < 3 ? 20 : 0);
                assertEquals(want.size, got.size, "size of batch " + batches);
                assertArrayEquals(Arrays.copyOf(want.ids, want.size * want.width), idsNow, "ids of batch " + batches);
                assertArrayEquals(idsNow, Arrays.copyOf(got.ids, got.size * got.width), "batch " + batches + " overwritten");
                assertArrayEquals(Arrays.copyOf(want.labels, want.size), Arrays.copyOf(got.labels, got.size));
                batches++;
            }
            assertFalse(ahead.hasNext());
            assertEquals(16, batches);
        }
    }

    @Test
    void closingEarlyStopsTheReader() throws Exception {
        EncodedSplit s = split(1003);
        PrefetchingBatches ahead = new PrefetchingBatches(new BatchIterator(s, 10, true, 1));
        ahead.next();
        ahead.close();
        assertFalse(readerAlive(), "reader thread still running after close()");
    }

    @Test
    void aFailingReadIsRethrownByNext() throws Exception {
        EncodedSplit s = split(50);
        int[] rows = {0, 1, 5000}; // row 5000 does not exist
        try (PrefetchingBatches ahead = new PrefetchingBatches(new BatchIterator(s, 2, rows))) {
            assertEquals(2, ahead.next().size);
            IllegalStateException e = assertThrows(IllegalStateException.class, ahead::next);
            assertTrue(e.getMessage().startsWith("reading batch 2 of 2 failed"), e.getMessage());
        }
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("helen-batch-reader") && t.isAlive());
    }
}
