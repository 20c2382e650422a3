package helen.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelimitedReaderTest {
    @TempDir
    Path dir;

    @Test
    void splitsQuotedFieldsCrLfAndEmptyCells() throws Exception {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\n2,,3.5");
        try (DelimitedReader r = new DelimitedReader(f, ',')) {
            assertTrue(r.next());
            assertEquals(3, r.fieldCount());
            assertTrue(r.next());
            assertEquals(2, r.lineNumber());
            assertEquals("x, \"y\"", r.field(1));
            assertTrue(r.isEmpty(2));
            assertEquals(Hashing.hash("x, \"y\""), r.hash(1));
            assertTrue(r.next());
            assertEquals(4, r.lineNumber(), "the empty line 3 is skipped but counted");
            assertEquals(3.5, r.parseDouble(2));
            assertFalse(r.next());
        }
    }

    @Test
    void readsGzipAndParsesNumbersLikeJava() throws Exception {
        Path f = dir.resolve("b.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("-12\t260.0\t1e3\t0.125\n".getBytes(StandardCharsets.UTF_8));
        }
        try (DelimitedReader r = new DelimitedReader(f, '\t')) {
            assertTrue(r.next());
            assertEquals(-12, r.parseDouble(0));
            assertEquals(260.0, r.parseDouble(1));
            assertEquals(1000.0, r.parseDouble(2));
            assertEquals(0.125, r.parseDouble(3));
        }
    }

    @Test
    void sequenceTokensKeepTheLastMaxLen() throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "a^b^^c^d\n");
        try (DelimitedReader r = new DelimitedReader(f, ',')) {
            r.next();
            long[] h = new long[8];
            assertEquals(3, r.hashTokens(0, (byte) '^', h, 3));
            assertEquals(Hashing.hash("b"), h[0]);
            assertEquals(Hashing.hash("d"), h[2]);
            assertEquals(java.util.List.of("b", "c", "d"), r.tokens(0, (byte) '^', 3));
        }
    }
}
