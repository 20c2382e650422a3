package helen.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class BatchIteratorTest {
    @TempDir
    Path dir;

    @Test
    void shuffledEpochVisitsEveryRowOnceAndIsSeeded() throws Exception {
        StringBuilder csv = new StringBuilder("label,id\n");
        for (int i = 0; i < 1003; i++) {
            csv.append(i % 2).append(",r").append(i).append('\n');
        }
        Path f = dir.resolve("d.csv");
        Files.writeString(f, csv);
        EncodedDataset d = new Encoder(Presets.generic(f, "label", ','), new DataSources(List.of(f), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("c"), false);
        EncodedSplit s = d.split("train");
        int[] seen = new int[d.tableRows(0)];
        int[] firstOrder = order(s, 7);
        for (int id : firstOrder) {
            seen[id]++;
        }
        for (int row = 2; row < seen.length; row++) {
            assertEquals(1, seen[row], "row " + row);
        }
        assertArrayEquals(firstOrder, order(s, 7));
        assertNotEquals(java.util.Arrays.toString(firstOrder), java.util.Arrays.toString(order(s, 8)));
        BatchIterator seq = new BatchIterator(s, 100, false, 0);
        assertEquals(11, seq.batchCount());
        Batch b = seq.next();
        assertEquals(100, b.size);
        for (int i = 0; i < 100; i++) {
            assertEquals(i % 2, (int) b.labels[i]);
        }
    }

    private static int[] order(EncodedSplit s, long seed) {
        BatchIterator it = new BatchIterator(s, 64, true, seed);
        int[] ids = new int[s.rows()];
        int n = 0;
        while (it.hasNext()) {
            Batch b = it.next();
            for (int i = 0; i < b.size; i++) {
                ids[n++] = b.ids[i];
            }
        }
        assertEquals(s.rows(), n);
        return ids;
    }
}
