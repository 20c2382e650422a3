package helen.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rows report.html gets for a field: bounded, and never without the rows its rankings show first. */
class SharpnessExplorerTest {
    private static List<SharpnessExplorer.Point> rows(int n, long seed) {
        Random r = new Random(seed);
        List<SharpnessExplorer.Point> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long f = 1 + (long) Math.floor(Math.exp(r.nextDouble() * 9));
            out.add(new SharpnessExplorer.Point("t" + i, f, f * (1e-5 + 1e-5 * r.nextDouble()), r.nextDouble()));
        }
        return out;
    }

    @Test
    void aSmallFieldKeepsEveryRowInAscendingN() {
        List<SharpnessExplorer.Point> rows = rows(120, 1);
        List<SharpnessExplorer.Point> shown = SharpnessExplorer.shown(rows);
        assertEquals(120, shown.size());
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i - 1).frequency() <= shown.get(i).frequency());
        }
    }

    @Test
    void aLargeFieldKeepsTheTopRowsOfEveryRankingAndSpansN() {
        List<SharpnessExplorer.Point> rows = rows(50_000, 2);
        List<SharpnessExplorer.Point> shown = SharpnessExplorer.shown(rows);
        assertEquals(SharpnessExplorer.POINTS_PER_FIELD, shown.size());
        assertEquals(shown.size(), new java.util.HashSet<>(shown).size(), "no row twice");
        for (ToDoubleFunction<SharpnessExplorer.Point> key : List.<ToDoubleFunction<SharpnessExplorer.Point>>of(
                SharpnessExplorer.Point::lambda, SharpnessExplorer.Point::lambdaOverN, SharpnessExplorer.Point::gradNorm,
                p -> p.frequency())) {
            List<SharpnessExplorer.Point> top = rows.stream().sorted(Comparator.comparingDouble(key).reversed())
                    .limit(SharpnessExplorer.TOP_PER_KEY).toList();
            assertTrue(shown.containsAll(top), "the top rows of a ranking are all there");
        }
        long minN = rows.stream().mapToLong(SharpnessExplorer.Point::frequency).min().orElseThrow();
        assertEquals(minN, shown.get(0).frequency(), "the rarest rows are plotted too");
    }
}
