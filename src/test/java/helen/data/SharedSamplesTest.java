package helen.data;

import helen.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real sample in ../shared/data encodes with its preset or spec, and its statistics are right. */
class SharedSamplesTest {
    @TempDir
    Path dir;

    EncodedDataset encode(DatasetSpec spec, Path file) {
        return new Encoder(spec, new DataSources(List.of(file), null, null, true), new PrintStream(new ByteArrayOutputStream()))
                .encode(dir.resolve(spec.name()), false);
    }

    @Test
    void criteoSampleHas200RowsAnd49Positives() {
        Path f = SharedData.require("data/criteo/criteo_sample.csv");
        EncodedDataset d = encode(Presets.builtIn("criteo_x4"), f);
        var stats = DatasetStats.of(d);
        assertEquals(200, stats.get("instances").asLong());
        assertEquals(49, stats.get("positives").asLong());
        assertEquals(39, stats.get("fields").asInt());
        assertEquals(0.245, stats.get("positive_rate").asDouble(), 1e-12);
    }

    /** Counts tokens with String.split and the Transform, independently of the encoder's byte path. */
    @Test
    void criteoFrequenciesEqualABruteForceCount() throws Exception {
        Path f = SharedData.require("data/criteo/criteo_sample.csv");
        DatasetSpec spec = Presets.builtIn("criteo_x4");
        EncodedDataset d = encode(spec, f);
        List<String> lines = Files.readAllLines(f);
        List<String> header = List.of(lines.get(0).split(","));
        for (int j = 0; j < spec.features().size(); j++) {
            FeatureSpec fs = spec.features().get(j);
            int col = header.indexOf(fs.source());
            Map<String, Long> counts = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String raw = line.split(",", -1)[col];
                // an empty cell takes na_value (criteo_x4: "0", as FuxiCTR) before the transform, else stays ""
                String value = raw.isEmpty() && fs.naValue() != null ? fs.naValue() : raw;
                String token = value.isEmpty() ? "" : fs.transform().apply(value);
                counts.merge(token, 1L, Long::sum);
            }
            long oov = 0;
            Map<String, Long> kept = new HashMap<>();
            for (var e : counts.entrySet()) {
                if (e.getValue() >= 10) {
                    kept.put(e.getKey(), e.getValue());
                } else {
                    oov += e.getValue();
                }
            }
            long[] n = d.fieldFrequencies(j);
            List<String> tokens = d.tokens(j);
            assertEquals(kept.size() + 2, tokens.size(), fs.name());
            assertEquals(oov, n[Vocabulary.OOV], fs.name() + " OOV");
            for (int row = 2; row < tokens.size(); row++) {
                assertEquals(kept.get(tokens.get(row)), n[row], fs.name() + " token " + tokens.get(row));
                if (row > 2) {
                    assertTrue(n[row] <= n[row - 1], "rows are in descending frequency");
                }
            }
        }
    }

    @Test
    void avazuRawSampleHas24FieldsWithHourSplit() {
        Path f = SharedData.require("data/avazu/avazu_raw_sample.csv");
        EncodedDataset d = encode(Presets.builtIn("avazu_raw"), f);
        assertEquals(100, d.rows("train"));
        assertEquals(20, d.positives("train"));
        assertEquals(24, d.fields().size());
        // every row is hour 14102100: 00 o'clock on Tuesday 2014-10-21
        assertEquals(List.of("<pad>", "<oov>", "00"), d.tokens(0));
        assertEquals(List.of("<pad>", "<oov>", "1"), d.tokens(1));
        assertEquals(List.of("<pad>", "<oov>", "0"), d.tokens(2));
        assertEquals(100, d.fieldFrequencies(0)[2]);
    }

    @Test
    void taobaoSampleThroughItsSpecEncodesTheMultiHotHistory() throws Exception {
        Path f = SharedData.require("data/taobao/train_sample.csv");
        DatasetSpec spec = SpecLoader.load(Path.of("data-samples/specs/taobao_tiny.yaml"));
        EncodedDataset d = encode(spec, f);
        assertEquals(100, d.rows("train"));
        assertEquals(4, d.positives("train"));
        int seq = spec.features().size() - 1;
        EncodedField hist = d.fields().get(seq);
        assertTrue(hist.multiHot());
        assertEquals("adgroup_id", hist.table());
        // brute force: decode every row's history and compare with the raw column
        List<String> lines = Files.readAllLines(f);
        int col = List.of(lines.get(0).split(",", -1)).indexOf("click_sequence");
        EncodedSplit s = d.split("train");
        int[] row = new int[s.width()];
        List<String> tokens = d.tokens(hist.tableIndex());
        for (int i = 0; i < 100; i++) {
            s.readRow(i, row, 0);
            String raw = lines.get(i + 1).split(",", -1)[col];
            List<String> expected = new ArrayList<>(raw.isEmpty() ? List.of() : List.of(raw.split("\\^")));
            if (expected.size() > 10) {
                expected = expected.subList(expected.size() - 10, expected.size());
            }
            List<String> decoded = new ArrayList<>();
            for (int k = 0; k < hist.width(); k++) {
                int id = row[hist.offset() + k];
                if (id != Vocabulary.PAD) {
                    decoded.add(tokens.get(id));
                }
            }
            assertEquals(expected, decoded, "row " + i);
        }
    }
}
