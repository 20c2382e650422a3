package helen.data.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import helen.cli.HelenCommand;
import helen.util.Json;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expected vocabulary after min_count: against the exact sum, against generated files, and its calibration. */
class ExpectedVocabularyTest {
    @TempDir
    Path dir;

    /** The grid's sum against Σ over every rank with the exact normaliser. */
    @ParameterizedTest
    @CsvSource({"0.6, 1", "0.6, 10", "1.0, 2", "1.1, 10", "1.5, 2"})
    void theGridSumMatchesTheSumOverEveryRank(double s, int minCount) {
        int vocab = 300_000;
        long rows = 80_000;
        double h = 0;
        for (int r = 1; r <= vocab; r++) {
            h += Math.pow(r, -s);
        }
        double exact = 0;
        for (int r = 1; r <= vocab; r++) {
            exact += Gamma.regularizedGammaP(minCount, rows * Math.pow(r, -s) / h);
        }
        double grid = ExpectedVocabulary.features(new ExpectedVocabulary.Field("f", vocab, 1), s, rows, minCount);
        assertEquals(exact, grid, 2e-3 * exact, "s " + s + ", min_count " + minCount);
    }

    /**
     * Files the generators write, counted column by column here: every large field's values seen at
     * least min_count times against the expectation (Poisson noise: a few standard deviations).
     */
    @ParameterizedTest
    @CsvSource({"AVAZU, 0.9, 2", "CRITEO, 1.1, 3"})
    void theExpectationMatchesWhatTheGeneratorWrites(SyntheticDataset d, double zipf, int minCount) throws Exception {
        int cap = 40_000;
        long rows = 60_000;
        Path csv = dir.resolve("train.csv");
        d.rows(new SyntheticOptions(zipf, cap, 11, d.defaultBias())).write(csv, rows, 12);
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.US_ASCII)) {
            String[] header = in.readLine().split(",");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",", -1);
                for (int c = 0; c < header.length; c++) {
                    if (!cells[c].isEmpty()) {
                        counts.computeIfAbsent(header[c], k -> new HashMap<>()).merge(cells[c], 1, Integer::sum);
                    }
                }
            }
        }
        List<String> checked = new ArrayList<>();
        for (ExpectedVocabulary.Field f : d.zipfFields(cap)) {
            double expected = ExpectedVocabulary.features(f, zipf, rows, minCount);
            long kept = counts.get(f.name()).values().stream().filter(n -> n >= minCount).count();
            assertEquals(expected, kept, 5 * Math.sqrt(expected) + 0.01 * expected + 1, f.name());
            if (expected > 1000) {
                checked.add(f.name());
            }
        }
        assertTrue(checked.size() >= 2, "large fields checked: " + checked);
    }

    @Test
    void theCalibratedExponentHitsItsTargetAndMoreSkewKeepsFewer() {
        List<ExpectedVocabulary.Field> fields = SyntheticDataset.AVAZU.zipfFields(Integer.MAX_VALUE);
        double s = ExpectedVocabulary.calibrateZipf(fields, 3_000_000, 2, 500_000);
        assertEquals(500_000, ExpectedVocabulary.features(fields, s, 3_000_000, 2), 500);
        assertTrue(ExpectedVocabulary.features(fields, s + 0.1, 3_000_000, 2) < 500_000);
        assertTrue(ExpectedVocabulary.features(fields, s - 0.1, 3_000_000, 2) > 500_000);
    }

    /** {@code --paper-vocab}: the real sizes, the preset's min_count, Table 5 at the paper's rows, recorded in generator.json. */
    @Test
    void paperVocabulariesAreCalibratedToTable5() throws Exception {
        Path out = dir.resolve("taobao");
        int rc = new CommandLine(new HelenCommand()).execute("data", "generate", "--dataset", "taobao", "--paper-vocab",
                "--rows", "2000", "--out", out.toString());
        assertEquals(0, rc);
        JsonNode g = Json.read(out.resolve("generator.json"), JsonNode.class);
        JsonNode p = g.get("paper_vocab");
        assertEquals(2_620_000, p.get("table5_features").asLong());
        assertEquals(2_620_000, p.get("expected_features_at_paper_rows").asDouble(), 2_620);
        assertEquals(1_141_729, p.get("vocabulary_per_field").get("userid").asInt(), "the real dataset's size, uncapped");
        assertTrue(p.get("expected_features").asLong() < 1000, "2,000 rows keep few values at min_count 10: " + p);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("\nmin_count: 10\n"), "the preset's min_count");
        assertTrue(g.get("command").asText().contains("--paper-vocab --min-count 10"), g.get("command").asText());
    }
}
