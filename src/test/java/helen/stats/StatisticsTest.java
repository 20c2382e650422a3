package helen.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics against values computed independently (scipy.stats 1.10 on the same inputs). */
class StatisticsTest {
    @Test
    void pairedTTestMatchesScipy() {
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {1.5, 2.1, 2.9, 4.6, 5.2};
        PairedTTest t = PairedTTest.of(a, b);
        // scipy.stats.ttest_rel(a, b): statistic=-2.017991366836466, pvalue=0.1137578048286257
        assertEquals(-2.017991366836466, t.t(), 1e-12);
        assertEquals(0.1137578048286257, t.p(), 1e-9);
        assertEquals(-0.26, t.meanDifference(), 1e-12);
        assertEquals(5, t.n());
        assertTrue(Double.isNaN(PairedTTest.of(new double[] {1}, new double[] {2}).p()));
        assertEquals(0.04, helen.stats.Moments.sampleVariance(new double[] {80.1, 80.3, 79.9}), 1e-12);
    }

    @Test
    void correlationsMatchScipy() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        // scipy: pearsonr 0.7745966692414834, spearmanr 0.7378647873726218 (ties averaged)
        assertEquals(0.7745966692414834, Correlation.pearson(x, y), 1e-12);
        assertEquals(0.7378647873726218, Correlation.spearman(x, y), 1e-12);
        assertTrue(Double.isNaN(Correlation.pearson(x, new double[] {3, 3, 3, 3, 3})), "zero variance gives NaN");
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 2}, new double[] {2, 1})), "fewer than 3 pairs give NaN");
    }
}
