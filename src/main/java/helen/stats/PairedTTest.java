package helen.stats;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Paired t-test (commons-math3): t = d̄ / (s_d/√n) over the differences d_i = a_i − b_i, with n − 1
 * degrees of freedom. Both p-values are given: a paper that says "p = 8×10⁻³" for Helen vs Adam
 * quotes the one-sided one. NaN when fewer than two pairs are given or the differences are constant.
 * Cells that share data and seed are not independent replicates: the p-values are descriptive.
 *
 * @param t        the t statistic (positive when a is larger on average)
 * @param p        two-sided p-value
 * @param pGreater one-sided p-value for the alternative mean(a − b) &gt; 0
 * @param n        pairs
 * @param meanDifference mean of a − b
 */
public record PairedTTest(double t, double p, double pGreater, int n, double meanDifference) {
    public static PairedTTest of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length");
        }
        if (a.length < 2) {
            return new PairedTTest(Double.NaN, Double.NaN, Double.NaN, a.length, Double.NaN);
        }
        double md = 0;
        for (int i = 0; i < a.length; i++) {
            md += a[i] - b[i];
        }
        md /= a.length;
        TTest t = new TTest();
        boolean constant = true;
        for (int i = 1; i < a.length; i++) {
            constant &= (a[i] - b[i]) == (a[0] - b[0]);
        }
        if (constant) {
            return new PairedTTest(Double.NaN, Double.NaN, Double.NaN, a.length, md);
        }
        double stat = t.pairedT(a, b);
        double two = t.pairedTTest(a, b);
        return new PairedTTest(stat, two, stat > 0 ? two / 2 : 1 - two / 2, a.length, md);
    }
}
