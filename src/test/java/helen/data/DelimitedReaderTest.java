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

    /** Excel saves CSV with a UTF-8 byte-order mark: the header must read as if it had none. */
    @Test
    void aByteOrderMarkIsNotPartOfTheFirstField() throws Exception {
        Path f = dir.resolve("excel.csv");
        Files.write(f, ("\uFEFFLabel,C1\n1,\uFEFFx\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("Label", "C1"), DelimitedReader.readHeader(f, ','));
        try (DelimitedReader r = new DelimitedReader(f, ',')) {
            r.next();
            assertEquals(Hashing.hash("Label"), r.hash(0));
            assertTrue(r.next());
            assertEquals("\uFEFFx", r.field(1), "only a mark at the start of the file is dropped");
        }
    }

    /** The bundled Criteo sample saved with a byte-order mark encodes to the same vocabularies and ids. */
    @Test
    void aFileWithAByteOrderMarkEncodesAsWithout() throws Exception {
        Path sample = Path.of("data-samples/criteo_synth/train.csv");
        Path marked = dir.resolve("marked.csv");
        try (OutputStream out = Files.newOutputStream(marked)) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            Files.copy(sample, out);
        }
        DatasetSpec spec = Presets.builtIn("criteo_x4");
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        EncodedDataset plain = new Encoder(spec, new DataSources(java.util.List.of(sample), null, null, false), quiet)
                .encode(dir.resolve("plain"), false);
        EncodedDataset withMark = new Encoder(spec, new DataSources(java.util.List.of(marked), null, null, false), quiet)
                .encode(dir.resolve("marked"), false);
        assertEquals(DatasetStats.of(plain).toString(), DatasetStats.of(withMark).toString());
        for (String table : java.util.List.of("C1", "I1")) {
            assertEquals(Files.readString(dir.resolve("plain/vocab/" + table + ".csv")),
                    Files.readString(dir.resolve("marked/vocab/" + table + ".csv")), table);
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
