package helen.data;

import helen.util.HelenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderTest {
    static final String SPEC = """
            name: tiny
            label: label
            features:
              - {name: u, type: categorical, min_count: 2}
              - {name: v, type: categorical}
              - {name: seq, type: sequence, separator: "^", max_len: 2}
            """;
    static final String CSV = """
            label,u,v,seq
            1,a,x,p^q
            0,a,y,q
            1,b,x,
            0,a,,p^p^r
            1,c,x,q
            """;

    @TempDir
    Path dir;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    static DatasetSpec spec(String yaml) {
        return SpecLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    EncodedDataset encode(String yaml, String csv) throws Exception {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, csv);
        return new Encoder(spec(yaml), new DataSources(List.of(f), null, null, false), new PrintStream(log))
                .encode(dir.resolve("cache"), false);
    }

    @Test
    void vocabularyAppliesMinCountAndFrequenciesAreExact() throws Exception {
        EncodedDataset d = encode(SPEC, CSV);
        assertEquals(5, d.rows("train"));
        assertEquals(3, d.positives("train"));
        // u: a (3) kept; b, c (1 each) below min count 2 -> OOV with N = 2
        assertEquals(List.of("<pad>", "<oov>", "a"), d.tokens(0));
        assertArrayEquals(new long[] {0, 2, 3}, d.fieldFrequencies(0));
        // v: x (3), then y and the missing token "" (1 each)
        assertEquals(5, d.tableRows(1));
        assertEquals("x", d.tokens(1).get(2));
        assertArrayEquals(new long[] {0, 0, 3, 1, 1}, d.fieldFrequencies(1));
        // seq: q (3), p (2: "p^q" and the kept tail "p^r" of "p^p^r"), r (1)
        assertEquals(List.of("<pad>", "<oov>", "q", "p", "r"), d.tokens(2));
        assertArrayEquals(new long[] {0, 0, 3, 2, 1}, d.fieldFrequencies(2));
    }

    @Test
    void rowsDecodeBackToTheirTokens() throws Exception {
        EncodedDataset d = encode(SPEC, CSV);
        EncodedSplit s = d.split("train");
        assertEquals(4, s.width());
        int[] row = new int[4];
        s.readRow(3, row, 0); // 0,a,,p^p^r
        assertEquals("a", d.tokens(0).get(row[0]));
        assertEquals("", d.tokens(1).get(row[1]));
        assertEquals("p", d.tokens(2).get(row[2]));
        assertEquals("r", d.tokens(2).get(row[3]));
        s.readRow(2, row, 0); // 1,b,x,<empty sequence>
        assertEquals(Vocabulary.OOV, row[0]);
        assertEquals(Vocabulary.PAD, row[2]);
        assertEquals(Vocabulary.PAD, row[3]);
        s.readRow(1, row, 0); // 0,a,y,q : one token, then padding
        assertEquals("q", d.tokens(2).get(row[2]));
        assertEquals(Vocabulary.PAD, row[3]);
        assertEquals(0, s.label(1));
        assertEquals(1, s.label(2));
    }

    @Test
    void unseenTokensOfValidAndTestMapToOov() throws Exception {
        Path train = dir.resolve("train.csv");
        Path valid = dir.resolve("valid.csv");
        Files.writeString(train, CSV);
        Files.writeString(valid, "label,u,v,seq\n1,a,new,zz^q\n");
        EncodedDataset d = new Encoder(spec(SPEC), new DataSources(List.of(train), List.of(valid), null, false),
                new PrintStream(log)).encode(dir.resolve("c"), false);
        assertEquals(1, d.rows("valid"));
        int[] row = new int[4];
        d.split("valid").readRow(0, row, 0);
        assertEquals(2, row[0]);
        assertEquals(Vocabulary.OOV, row[1]);
        assertEquals(Vocabulary.OOV, row[2]);
        assertEquals("q", d.tokens(2).get(row[3]));
        assertEquals(0, d.fieldFrequencies(1)[Vocabulary.OOV], "valid rows never count toward N");
    }

    @Test
    void singleFileIsSplitDeterministicallyAndOnlyTrainCounts() throws Exception {
        StringBuilder csv = new StringBuilder("label,u\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(i % 3 == 0 ? 1 : 0).append(",t").append(i % 50).append('\n');
        }
        String yaml = "name: s\nlabel: label\nsplit: {train: 0.8, valid: 0.1, test: 0.1, seed: 7}\nfeatures:\n  - {name: u}\n";
        EncodedDataset d = encode(yaml, csv.toString());
        long train = d.rows("train");
        assertEquals(2000, train + d.rows("valid") + d.rows("test"));
        assertTrue(train > 1500 && train < 1700, "about 80% in train: " + train);
        long sum = 0;
        for (long n : d.fieldFrequencies(0)) {
            sum += n;
        }
        assertEquals(train, sum, "N sums to the training rows only");
        SplitSpec s = new SplitSpec(0.8, 0.1, 0.1, 7);
        long expectedTrain = java.util.stream.LongStream.range(0, 2000).filter(i -> s.splitOf(i) == 0).count();
        assertEquals(expectedTrain, train);
    }

    @Test
    void upToDateCacheIsReusedAndAChangedSourceReEncodes() throws Exception {
        EncodedDataset d = encode(SPEC, CSV);
        Path meta = d.dir().resolve(EncodedDataset.META);
        FileTime first = Files.getLastModifiedTime(meta);
        Thread.sleep(20);
        Path f = dir.resolve("data.csv");
        EncodedDataset again = new Encoder(spec(SPEC), new DataSources(List.of(f), null, null, false),
                new PrintStream(log)).encode(dir.resolve("cache"), false);
        assertEquals(first, Files.getLastModifiedTime(again.dir().resolve(EncodedDataset.META)));
        assertTrue(log.toString().contains("up to date"));
        Files.writeString(f, CSV + "1,a,x,q\n");
        EncodedDataset changed = new Encoder(spec(SPEC), new DataSources(List.of(f), null, null, false),
                new PrintStream(log)).encode(dir.resolve("cache"), false);
        assertEquals(6, changed.rows("train"));
        assertNotEquals(d.fingerprint(), changed.fingerprint());
    }

    @Test
    void malformedRowsAreSkippedAndReportedWithFileAndLine() throws Exception {
        EncodedDataset d = encode(SPEC, CSV + "1,a,x\n0,a,x,q,extra\n");
        assertEquals(5, d.rows("train"));
        assertEquals(2, d.meta().get("bad_rows_skipped").asLong());
        String first = d.meta().get("bad_row_examples").get(0).asText();
        assertTrue(first.contains("data.csv: line 7: expected 4 columns, found 3"), first);
    }

    @Test
    void unparsableNumberIsSkippedWithItsColumn() throws Exception {
        String yaml = "name: n\nlabel: label\nfeatures:\n  - {name: x, type: bucketized}\n";
        EncodedDataset d = encode(yaml, "label,x\n1,5\n0,abc\n1,\n");
        assertEquals(2, d.rows("train"));
        String ex = d.meta().get("bad_row_examples").get(0).asText();
        assertTrue(ex.contains("line 3: column 'x': 'abc' is not a number"), ex);
    }

    @Test
    void badLabelIsFatalAndLeavesNoCache() throws Exception {
        HelenException e = assertThrows(HelenException.class, () -> encode(SPEC, CSV + "2,a,x,q\n"));
        assertTrue(e.getMessage().contains("data.csv: line 7: column 'label': label '2' is not 0 or 1"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cache")), "no partial cache");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temp directory left");
        }
    }

    @Test
    void missingColumnAndEmptyFieldAreClearErrors() {
        HelenException missing = assertThrows(HelenException.class,
                () -> encode(SPEC.replace("name: v,", "name: w,"), CSV));
        assertTrue(missing.getMessage().contains("line 1 (header): column of feature 'w' 'w' not found"), missing.getMessage());
        HelenException empty = assertThrows(HelenException.class,
                () -> encode(SPEC, "label,u,v,seq\n1,a,,\n0,a,,\n"));
        assertTrue(empty.getMessage().contains("field 'v' (column 'v') is empty"), empty.getMessage());
        HelenException noFile = assertThrows(HelenException.class,
                () -> new DataSources(List.of(dir.resolve("nope.csv")), null, null, false));
        assertTrue(noFile.getMessage().contains("nope.csv"));
    }

    @Test
    void genericPresetFindsTheLabelCaseInsensitively() throws Exception {
        Path f = dir.resolve("g.csv");
        Files.writeString(f, "Label,u\n1,a\n");
        DatasetSpec g = Presets.resolve("generic", null, "label", f);
        assertEquals("Label", g.label());
        assertEquals(List.of("u"), g.features().stream().map(FeatureSpec::name).toList());
        HelenException e = assertThrows(HelenException.class, () -> Presets.resolve("generic", null, "click", f));
        assertTrue(e.getMessage().contains("label column 'click' not in header"), e.getMessage());
    }

    @Test
    void unknownYamlKeyNamesTheKey() {
        HelenException e = assertThrows(HelenException.class,
                () -> spec(SPEC.replace("min_count: 2", "min_cnt: 2")));
        assertTrue(e.getMessage().startsWith("test.yaml: unknown key 'features[0].min_cnt'"), e.getMessage());
        HelenException top = assertThrows(HelenException.class, () -> spec("nam: x\n" + SPEC));
        assertTrue(top.getMessage().contains("unknown key 'nam'"), top.getMessage());
        HelenException type = assertThrows(HelenException.class, () -> spec(SPEC.replace("type: categorical}", "type: cat}")));
        assertTrue(type.getMessage().contains("key 'features[1].type' has unknown value 'cat'"), type.getMessage());
    }

    @Test
    void sharedVocabularyPoolsBothFieldsCounts() throws Exception {
        String yaml = """
                name: shared
                label: label
                features:
                  - {name: item, type: categorical}
                  - {name: hist, type: sequence, separator: "^", max_len: 3, share_vocab_with: item}
                """;
        EncodedDataset d = encode(yaml, "label,item,hist\n1,i1,i2^i1\n0,i2,i3\n1,i1,\n");
        assertEquals(List.of("item"), d.tables());
        assertEquals(d.fields().get(0).tableIndex(), d.fields().get(1).tableIndex());
        long[] total = d.tableFrequencies(0);
        long[] item = d.fieldFrequencies(0);
        long[] hist = d.fieldFrequencies(1);
        int i1 = d.tokens(0).indexOf("i1");
        int i3 = d.tokens(0).indexOf("i3");
        assertEquals(2, item[i1]);
        assertEquals(1, hist[i1]);
        assertEquals(3, total[i1]);
        assertEquals(0, item[i3]);
        assertEquals(1, hist[i3]);
    }
}
