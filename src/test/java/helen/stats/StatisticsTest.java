package helen.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics against values computed independently (scipy.stats 1.10 on the same inputs). */
class StatisticsTest {
    @Test
    void confidenceIntervalsMatchScipy() {
        // scipy.stats.t.interval(0.95, 3, loc=mean, scale=std(ddof=1)/sqrt(4)) of [1, 2.5, 2, 4]
        ConfidenceInterval m = ConfidenceInterval.ofMean(new double[] {1, 2.5, Double.NaN, 2, 4});
        assertEquals(4, m.n(), "NaN left out");
        assertEquals(2.375, m.mean(), 1e-15);
        assertEquals(1.25, m.std(), 1e-15);
        assertEquals(0.3859710591976826, m.low(), 1e-12);
        assertEquals(4.364028940802317, m.high(), 1e-12);
        assertEquals(3.1824463052837078, ConfidenceInterval.tQuantile(3), 1e-12);
        // the same on Fisher's z = arctanh r, mapped back with tanh
        ConfidenceInterval r = ConfidenceInterval.ofCorrelations(new double[] {0.8, 0.85, 0.9, 0.7, 0.75});
        assertEquals(0.8121960500743277, r.mean(), 1e-12);
        assertEquals(0.6843478083592985, r.low(), 1e-12);
        assertEquals(0.8915947885247081, r.high(), 1e-12);
        assertEquals(0.0790569415042095, r.std(), 1e-12);
        ConfidenceInterval one = ConfidenceInterval.ofMean(new double[] {3});
        assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.std()) && one.mean() == 3 && !one.contains(3));
    }

    @Test
    void ninetyFivePercentIntervalsCoverTheMeanNinetyFivePercentOfTheTime() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
        int covered = 0;
        int trials = 4000;
        for (int i = 0; i < trials; i++) {
            double[] v = new double[5];
            for (int j = 0; j < v.length; j++) {
                v[j] = 10 + 3 * rnd.nextGaussian(); // exactly normal: the t-interval is exact
            }
            covered += ConfidenceInterval.ofMean(v).contains(10) ? 1 : 0;
        }
        double rate = covered / (double) trials;
        assertTrue(Math.abs(rate - 0.95) < 4 * Math.sqrt(0.95 * 0.05 / trials), "coverage " + rate);
    }

    @Test
    void pairedTTestMatchesScipy() {
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {1.5, 2.1, 2.9, 4.6, 5.2};
        PairedTTest t = PairedTTest.of(a, b);
        // scipy.stats.ttest_rel(a, b): statistic=-2.017991366836466, pvalue=0.1137578048286257
        assertEquals(-2.017991366836466, t.t(), 1e-12);
        assertEquals(0.1137578048286257, t.p(), 1e-9);
        // alternative='greater' with a negative t: 0.9431210975856871
        assertEquals(0.9431210975856871, t.pGreater(), 1e-9);
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

    /** Edge cases, each against scipy 1.17.1 / numpy or the definition: tiny samples, constant differences, clipping. */
    @Test
    void edgeCasesMatchScipy() {
        assertTrue(Double.isNaN(Moments.mean(new double[0])));
        assertTrue(Double.isNaN(Moments.sampleVariance(new double[] {3})));
        assertEquals(0.5, Moments.sampleVariance(new double[] {1, 2}), 1e-15);
        // scipy.stats.pearsonr([1,2,4],[2,3,7]) and spearmanr([1,2,4],[3,2,7]): three values are enough
        assertEquals(0.989743318610787, Correlation.pearson(new double[] {1, 2, 4}, new double[] {2, 3, 7}), 1e-12);
        assertEquals(0.5, Correlation.spearman(new double[] {1, 2, 4}, new double[] {3, 2, 7}), 1e-12);
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 2}, new double[] {2, 3})), "two values: undefined");
        assertTrue(Double.isNaN(Correlation.spearman(new double[] {1, 2}, new double[] {2, 3})), "two values: undefined");
        // scipy.stats.ttest_rel([1,2],[0.5,2.5]): statistic 0.0, pvalue 1.0
        PairedTTest two = PairedTTest.of(new double[] {1, 2}, new double[] {0.5, 2.5});
        assertEquals(0.0, two.t(), 1e-15);
        assertEquals(1.0, two.p(), 1e-12);
        assertEquals(0.0, two.meanDifference(), 1e-15);
        PairedTTest constant = PairedTTest.of(new double[] {1, 2, 3}, new double[] {0.5, 1.5, 2.5});
        assertTrue(Double.isNaN(constant.t()) && Double.isNaN(constant.p()), "zero variance of the differences");
        assertEquals(0.5, constant.meanDifference(), 1e-15);
        // -mean(y log p + (1-y) log(1-p)), p clipped to [1e-7, 1-1e-7] (numpy)
        double[] p = {0.9, 0.2, 0.6, 0.4, 1e-9, 1.0};
        float[] y = {1, 0, 1, 0, 0, 1};
        assertEquals(0.22502591908400457, Auc.logloss(p, y, 6), 1e-15);
    }
}
