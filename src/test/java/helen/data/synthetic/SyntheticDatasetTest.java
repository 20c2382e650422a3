package helen.data.synthetic;

import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.Presets;
import helen.data.SpecLoader;
import helen.data.Transform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three synthetic datasets: their formats against the presets, their shapes, and their click models. */
class SyntheticDatasetTest {
    @TempDir
    Path dir;

    private static SyntheticRows rows(SyntheticDataset d, long seed) {
        return d.rows(new SyntheticOptions(1.1, 2000, seed, d.defaultBias()));
    }

    /** Parses the generated CSV lines (no quoting in generated data) with their header. */
    private static List<Map<String, String>> draw(SyntheticRows source, int n, long seed, double[] probs) {
        String[] header = source.header().split(",");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LineBuffer line = new LineBuffer();
            probs[i] = source.next(rnd, line);
            line.setLabel(rnd.nextDouble() < probs[i]);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                line.writeTo(b);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            String[] cells = b.toString(StandardCharsets.US_ASCII).split(",", -1);
            assertEquals(header.length, cells.length, "columns of line " + i);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], cells[c]);
            }
            out.add(row);
        }
        return out;
    }

    /** The refactor into ZipfField/FactorLogit/SyntheticWriter kept every byte of the bundled Criteo sample. */
    @Test
    void theBundledCriteoSampleIsRegeneratedByteForByte() throws Exception {
        Path sample = Path.of("data-samples", "criteo_synth");
        SyntheticRows g = rows(SyntheticDataset.CRITEO, 2024);
        for (String[] f : new String[][] {{"train", "16000", "2025"}, {"valid", "2000", "2026"}, {"test", "2000", "2027"}}) {
            Path out = dir.resolve(f[0] + ".csv");
            g.write(out, Long.parseLong(f[1]), Long.parseLong(f[2]));
            assertArrayEquals(Files.readAllBytes(sample.resolve(f[0] + ".csv")), Files.readAllBytes(out), f[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(SyntheticDataset.class)
    void theSpecIsThePresetsFeaturesAndReadsTheFilesAsThePresetWould(SyntheticDataset d) throws Exception {
        DatasetSpec spec = SpecLoader.parse(new ByteArrayInputStream(d.specYaml(3).getBytes(StandardCharsets.UTF_8)), "spec");
        DatasetSpec preset = Presets.builtIn(d.preset());
        assertEquals("synthetic_" + d.cliName(), spec.name());
        assertEquals(3, spec.minCount());
        assertEquals(preset.features(), spec.features());
        assertEquals(preset.label(), spec.label());

        SyntheticRows g = rows(d, 7);
        var info = g.write(dir.resolve("train.csv"), 4000, 8);
        EncodedDataset e = new Encoder(spec, new DataSources(List.of(dir.resolve("train.csv")), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("cache"), false);
        assertEquals(preset.features().size(), e.fields().size());
        int expectedFields = switch (d) {
            case CRITEO -> 39;
            case AVAZU -> 24;
            case TAOBAO -> 20;
        };
        assertEquals(expectedFields, e.fields().size(), "the paper's field count (Table 5)");
        // the 8:1:1 cut of a single file keeps every row somewhere
        assertEquals(4000, e.rows("train") + e.rows("valid") + e.rows("test"));
        assertTrue(info.get("oracle_auc").asDouble() > 0.7, "the hidden model carries signal: " + info);
    }

    /** Taobao read as the official Helen code reads it: 20 one-hot fields, a whole history one token. */
    @Test
    void taobaoAlsoReadsAsTheOfficialCodeDoesAndAPresetOfOtherColumnsIsRefused() throws Exception {
        DatasetSpec spec = SpecLoader.parse(new ByteArrayInputStream(SyntheticDataset.TAOBAO.specYaml("taobaoad_x1_official", 2)
                .getBytes(StandardCharsets.UTF_8)), "spec");
        rows(SyntheticDataset.TAOBAO, 7).write(dir.resolve("t.csv"), 2000, 8);
        EncodedDataset e = new Encoder(spec, new DataSources(List.of(dir.resolve("t.csv")), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("official"), false);
        assertEquals(20, e.fields().size());
        assertTrue(e.fields().stream().noneMatch(helen.data.EncodedField::multiHot), "no multi-hot field");
        assertEquals(20, e.tables().size(), "no shared table");
        var refused = org.junit.jupiter.api.Assertions.assertThrows(helen.util.HelenException.class,
                () -> SyntheticDataset.AVAZU.specYaml("criteo_x4", 2));
        assertTrue(refused.getMessage().contains("preset criteo_x4 reads column 'I1'"), refused.getMessage());
    }

    /**
     * Each dataset's share of positives is near the real one's (Table 5: Criteo 25.6 %, Avazu 17.0 %,
     * Taobao 5.15 %; the Criteo generator keeps its older intercept), and the label is drawn from the
     * probability the oracle reports: their means agree within 4 standard errors.
     */
    @ParameterizedTest
    @EnumSource(SyntheticDataset.class)
    void labelsFollowTheOracleAndThePositiveShareIsTheRealDatasets(SyntheticDataset d) {
        int n = 40_000;
        double[] p = new double[n];
        List<Map<String, String>> rows = draw(rows(d, 11), n, 12, p);
        String label = Presets.builtIn(d.preset()).label();
        double positives = rows.stream().filter(r -> r.get(label).equals("1")).count();
        assertEquals(n, rows.stream().filter(r -> r.get(label).matches("[01]")).count(), "every label is 0 or 1");
        double meanP = java.util.Arrays.stream(p).average().orElseThrow();
        double se = Math.sqrt(meanP * (1 - meanP) / n);
        assertEquals(meanP, positives / n, 4 * se, "labels drawn from the oracle's probabilities");
        double target = switch (d) {
            case CRITEO -> 0.20;
            case AVAZU -> 0.17;
            case TAOBAO -> 0.0515;
        };
        assertEquals(target, positives / n, 0.35 * target, d + " share of positives");
    }

    @Test
    void avazuHoursAreTenDaysOfOctober2014ReadableByThePresetsTransforms() {
        int n = 5000;
        List<Map<String, String>> rows = draw(rows(SyntheticDataset.AVAZU, 3), n, 4, new double[n]);
        Set<String> days = new HashSet<>();
        Set<String> weekend = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int[] perHour = new int[24];
        for (Map<String, String> r : rows) {
            String hour = r.get("hour");
            assertTrue(hour.matches("14102[1-9]\\d\\d|141030\\d\\d"), hour);
            days.add(hour.substring(0, 6));
            weekend.add(Transform.WEEKEND.apply(hour));
            perHour[Integer.parseInt(Transform.HOUR_OF_DAY.apply(hour))]++;
            ids.add(r.get("id"));
        }
        assertEquals(10, days.size(), "21 to 30 October");
        assertEquals(Set.of("0", "1"), weekend, "25 and 26 October 2014 were a weekend");
        assertTrue(perHour[15] > 2 * perHour[2], "afternoon traffic above night traffic: " + java.util.Arrays.toString(perHour));
        assertEquals(n, ids.size(), "ids are unique");
    }

    /**
     * Taobao's shape: the user profile is a function of the user and the ad's category, campaign,
     * customer and brand of the ad group; the three histories have one length per row, at most 50
     * items, about one in five empty; a history's items are its item field's tokens, not another's.
     */
    @Test
    void taobaoProfilesFollowTheUserAdsTheirGroupAndHistoriesShareTheItemTokens() {
        int n = 20_000;
        List<Map<String, String>> rows = draw(rows(SyntheticDataset.TAOBAO, 5), n, 6, new double[n]);
        Map<String, String> profile = new HashMap<>();
        Map<String, String> ad = new HashMap<>();
        Set<String> cateIds = new HashSet<>();
        Set<String> brands = new HashSet<>();
        Set<String> cateHis = new HashSet<>();
        int empty = 0;
        for (Map<String, String> r : rows) {
            String p = String.join("|", java.util.Arrays.stream(SyntheticTaobao.USER_FIELDS).map(r::get).toList());
            assertEquals(p, profile.computeIfAbsent(r.get("userid"), k -> p), "profile of user " + r.get("userid"));
            String a = String.join("|", java.util.Arrays.stream(SyntheticTaobao.AD_FIELDS).map(r::get).toList());
            assertEquals(a, ad.computeIfAbsent(r.get("adgroup_id"), k -> a), "ad group " + r.get("adgroup_id"));
            cateIds.add(r.get("cate_id"));
            brands.add(r.get("brand"));
            int[] lengths = java.util.Arrays.stream(SyntheticTaobao.HISTORIES)
                    .mapToInt(h -> r.get(h).isEmpty() ? 0 : r.get(h).split("\\^").length).toArray();
            assertEquals(lengths[0], lengths[1], "one history length per row");
            assertEquals(lengths[0], lengths[2], "one history length per row");
            assertTrue(lengths[0] <= SyntheticTaobao.MAX_HISTORY, "at most 50 items");
            empty += lengths[0] == 0 ? 1 : 0;
            if (lengths[0] > 0) {
                cateHis.addAll(List.of(r.get("cate_his").split("\\^")));
            }
            assertFalse(r.get("price").isEmpty());
            Double.parseDouble(r.get("price"));
        }
        assertEquals(0.2, (double) empty / n, 0.02, "share of empty histories");
        assertTrue(profile.size() > 200 && ad.size() > 200, "many users and ad groups: " + profile.size() + ", " + ad.size());
        Set<String> common = new HashSet<>(cateHis);
        common.retainAll(cateIds);
        assertTrue(common.size() > 0.5 * cateIds.size(), "cate_his draws from cate_id's tokens: " + common.size() + " of "
                + cateIds.size());
        Set<String> foreign = new HashSet<>(cateHis);
        foreign.retainAll(brands);
        assertTrue(foreign.isEmpty(), "cate_his never holds a brand token: " + foreign);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        for (SyntheticDataset d : SyntheticDataset.values()) {
            rows(d, 1).write(dir.resolve("a.csv"), 500, 2);
            rows(d, 1).write(dir.resolve("b.csv"), 500, 2);
            rows(d, 9).write(dir.resolve("c.csv"), 500, 2);
            assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")), d.name());
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("c.csv"))),
                    d.name());
        }
    }
}
