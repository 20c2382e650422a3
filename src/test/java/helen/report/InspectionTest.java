package helen.report;

import helen.analysis.AnalysisWriterAccess;
import helen.util.HelenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helen inspect}'s answers on analyses whose every number is set here. */
class InspectionTest {
    @TempDir
    Path dir;

    /**
     * Two fields: "a" (rows 2..5: λ 0.1·k, N 10·(6−k), row 1 the OOV with the largest λ and N) and
     * "b" (rows 2..3, λ 5 and 1, N 1 and 50); {@code scale} multiplies every λ.
     */
    private Path analysis(String name, double scale, String tokenOfA3) {
        Path out = dir.resolve(name);
        AnalysisWriterAccess.write(out, List.of(
                AnalysisWriterAccess.table(0, "a", List.of("<pad>", "<oov>", "a2", tokenOfA3, "a4", "a5"),
                        new long[] {0, 999, 40, 30, 20, 10}, new double[] {0, 9, 0.2, 0.3, 0.4, 0.5}, scale),
                AnalysisWriterAccess.table(1, "b", List.of("<pad>", "<oov>", "b2", "b3"),
                        new long[] {0, 0, 1, 50}, new double[] {0, 0, 5, 1}, scale)));
        return out;
    }

    @Test
    void fieldsAreRankedByTheirSharpestFeatureNotTheOovBucket() {
        Table f = Inspection.fields(analysis("x", 1, "a3"));
        assertEquals(List.of("b", "a"), f.stringColumn("field").asList(), "b's max λ 5 > a's 0.5 (a's OOV λ 9 left out)");
        assertEquals(0.5, f.doubleColumn("max_lambda").get(1), 1e-12);
        assertEquals(999, f.longColumn("oov_frequency").get(1));
    }

    @Test
    void aFieldsTopRowsFollowTheSortAndTheMinimumFrequency() {
        Path x = analysis("x", 1, "a3");
        assertEquals(List.of("a5", "a4", "a3"), Inspection.rows(x, "a", "lambda", 1, 3).stringColumn("token").asList());
        assertEquals(List.of("a2", "a3"), Inspection.rows(x, "a", "frequency", 1, 2).stringColumn("token").asList());
        assertEquals(List.of("a4", "a3", "a2"), Inspection.rows(x, "a", "lambda", 20, 5).stringColumn("token").asList(),
                "N ≥ 20 leaves a5 (N 10) out");
        // λ/N: a5 0.05, a4 0.02, a3 0.01, a2 0.005
        assertEquals(List.of("a5", "a4"), Inspection.rows(x, "a", "lambda_over_n", 1, 2).stringColumn("token").asList());
        HelenException e = assertThrows(HelenException.class, () -> Inspection.rows(x, "c", "lambda", 1, 3));
        assertTrue(e.getMessage().contains("--field 'c': no such field") && e.getMessage().contains("(fields: a, b)"),
                e.getMessage());
        assertThrows(HelenException.class, () -> Inspection.rows(x, "a", "size", 1, 3));
    }

    /**
     * The streaming top rows against the whole table read, filtered and sorted (stable: file order among
     * equals): tokens with commas, quotes and non-ASCII text, N and λ with many ties, every sort key and floor.
     */
    @Test
    void theTopRowsAreTheWholeTablesRowsRankedWithFileOrderAmongEquals() {
        java.util.Random random = new java.util.Random(3);
        List<String> tokens = new java.util.ArrayList<>(List.of("<pad>", "<oov>"));
        int rows = 300;
        long[] n = new long[rows];
        double[] lambda = new double[rows];
        for (int r = 2; r < rows; r++) {
            tokens.add(switch (r % 4) {
                case 0 -> "t" + r;
                case 1 -> "comma," + r;
                case 2 -> "quote\"" + r;
                default -> "é" + r;
            });
            n[r] = random.nextInt(6);                 // ties, and unseen rows (N = 0)
            lambda[r] = random.nextInt(8) * 0.125;    // ties
        }
        Path x = dir.resolve("ties");
        AnalysisWriterAccess.write(x, List.of(AnalysisWriterAccess.table(0, "f", tokens, n, lambda, 1),
                AnalysisWriterAccess.table(1, "g", List.of("<pad>", "<oov>", "g2"), new long[] {0, 1, 4}, new double[] {0, 1, 2}, 1)));
        Table seen = helen.results.AnalysisTables.seenFeatures(helen.results.AnalysisTables.perFeature(x));
        for (String sort : Inspection.SORT_KEYS.keySet()) {
            for (long floor : new long[] {1, 3}) {
                Table all = seen.where(seen.stringColumn("field").isEqualTo("f").and(seen.longColumn("frequency")
                        .isGreaterThanOrEqualTo(floor)));
                String column = Inspection.SORT_KEYS.get(sort);
                List<Integer> order = new java.util.ArrayList<>();
                for (int i = 0; i < all.rowCount(); i++) {
                    order.add(i);
                }
                order.sort(java.util.Comparator.comparingDouble(i -> -((Number) all.column(column).get((Integer) i)).doubleValue()));
                List<String> expected = order.stream().limit(25).map(i -> all.stringColumn("token").get(i)).toList();
                Table top = Inspection.rows(x, "f", sort, floor, 25);
                assertEquals(expected, top.stringColumn("token").asList(), sort + ", N >= " + floor);
                assertEquals(List.of("token", "row", "frequency", "lambda", "lambda_over_n", "grad_norm", "iterations", "converged",
                        "residual"), top.columnNames());
                assertEquals(all.column("frequency").type(), top.column("frequency").type());
            }
        }
    }

    @Test
    void twoAnalysesCompareRowByRowAndDifferentDataIsRefused() {
        Path adam = analysis("adam", 1, "a3");
        Path helen = analysis("helen", 0.5, "a3");
        Table c = Inspection.compare(helen, adam, "a", "lambda", 1, 10);
        assertEquals(List.of("a5", "a4", "a3", "a2"), c.stringColumn("token").asList());
        for (int i = 0; i < c.rowCount(); i++) {
            assertEquals(0.5, c.doubleColumn("ratio").get(i), 1e-12, "ratio = λ here / λ of the other analysis");
            assertEquals(2 * c.doubleColumn("lambda").get(i), c.doubleColumn("lambda_other").get(i), 1e-12);
        }
        assertEquals(6, Inspection.compare(helen, adam, null, "lambda", 1, 10).rowCount(), "both fields, seen rows only");
        Path other = analysis("other", 1, "zz");
        HelenException e = assertThrows(HelenException.class, () -> Inspection.compare(other, adam, "a", "lambda", 1, 10));
        assertTrue(e.getMessage().contains("not analyses of the same data: 1 rows carry different tokens"), e.getMessage());
    }

    /** An analysis repeated on three sets (seeds 1, 2, 3) whose λ are those of {@link #analysis} times {@code scales}. */
    private Path repeated(String name, double... scales) {
        List<Path> dirs = new java.util.ArrayList<>();
        for (int i = 0; i < scales.length; i++) {
            Path out = i == 0 ? dir.resolve(name) : dir.resolve(name).resolve("repeats/seed-" + (i + 1));
            AnalysisWriterAccess.write(out, List.of(
                    AnalysisWriterAccess.table(0, "a", List.of("<pad>", "<oov>", "a2", "a3", "a4", "a5"),
                            new long[] {0, 999, 40, 30, 20, 10}, new double[] {0, 9, 0.2, 0.3, 0.4, 0.5}, scales[i]),
                    AnalysisWriterAccess.table(1, "b", List.of("<pad>", "<oov>", "b2", "b3"),
                            new long[] {0, 0, 1, 50}, new double[] {0, 0, 5, 1}, scales[i])), i + 1);
            dirs.add(out);
        }
        AnalysisWriterAccess.summarise(dirs);
        return dir.resolve(name);
    }

    @Test
    void repeatedAnalysesCompareWithinTheirNoise() {
        Path adam = repeated("adam", 1.0, 1.1, 0.9);
        Path noisy = repeated("noisy", 1.05, 0.9, 1.2);
        Path flatter = repeated("flatter", 0.5, 0.55, 0.45);
        // paired log-ratios of field a's mean λ: log(1.05/1), log(0.9/1.1), log(1.2/0.9); scipy.stats.t.interval(0.95, 2, ...)
        var ratio = AnalysisSpread.of(noisy).get().ratioTo(AnalysisSpread.of(adam).get(), "a", "mean_lambda").get();
        assertEquals(1.0463073753753267, ratio.mean(), 1e-7);
        assertEquals(0.5704396315768785, ratio.low(), 1e-7);
        assertEquals(1.919149833153315, ratio.high(), 1e-7);
        assertTrue(AnalysisSpread.ratioCell(ratio).endsWith("≈ 1"), AnalysisSpread.ratioCell(ratio));
        var half = AnalysisSpread.of(flatter).get().ratioTo(AnalysisSpread.of(adam).get(), "a", "mean_lambda").get();
        assertEquals(0.5, half.mean(), 1e-7);
        assertTrue(!AnalysisSpread.ratioCell(half).contains("≈"), "the same ratio on every set is no noise");
        Table c = Inspection.compare(noisy, adam, "a", "lambda", 1, 10);
        assertEquals(List.of("yes", "yes", "yes", "yes"), c.stringColumn("within_noise").asList(), c.printAll());
        // a5 (λ 0.5 × scale): mean over the sets 0.5 × 1.05 here, 0.5 × 1.0 under adam
        assertEquals(0.525, c.doubleColumn("lambda_mean").get(0), 1e-9);
        assertEquals(0.5, c.doubleColumn("lambda_other_mean").get(0), 1e-9);
        Table f = Inspection.compare(flatter, adam, "a", "lambda", 1, 10);
        assertEquals(List.of("no", "no", "no", "no"), f.stringColumn("within_noise").asList(), f.printAll());
        Table fields = Inspection.fields(adam);
        int a = fields.stringColumn("field").indexOf("a");
        // field a's mean λ over its seen rows is 0.35 × scale: 0.35, 0.385, 0.315 → mean 0.35, t(2)·s/√3 around it
        assertEquals(0.35, (fields.doubleColumn("mean_lambda_ci_low").get(a) + fields.doubleColumn("mean_lambda_ci_high").get(a)) / 2,
                1e-9);
        assertEquals(4.302652729749462 * 0.035 / Math.sqrt(3),
                (fields.doubleColumn("mean_lambda_ci_high").get(a) - fields.doubleColumn("mean_lambda_ci_low").get(a)) / 2, 1e-7);
        assertTrue(Inspection.compare(noisy, analysis("single", 1, "a3"), "a", "lambda", 1, 10).columnNames()
                .stream().noneMatch(n -> n.equals("within_noise")), "no noise column where one side has a single set");
    }

    @Test
    void terminalTablesShowFourSignificantDigits() {
        Table t = Inspection.forTerminal(Inspection.rows(analysis("x", 1.0 / 3, "a3"), "a", "lambda", 1, 1));
        assertTrue(t.printAll().contains("0.1667"), t.printAll());
    }
}
