package helen.stats;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Paired t-test (commons-math3): t = d̄ / (s_d/√n) over the differences d_i = a_i − b_i, with n − 1
 * degrees of freedom; the p-value is two-sided. NaN when fewer than two pairs are given.
 *
 * @param t      the t statistic (positive when a is larger on average)
 * @param p      two-sided p-value
 * @param n      pairs
 * @param meanDifference mean of a − b
 */
public record PairedTTest(double t, double p, int n, double meanDifference) {
    public static PairedTTest of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length");
        }
        if (a.length < 2) {
            return new PairedTTest(Double.NaN, Double.NaN, a.length, Double.NaN);
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
            return new PairedTTest(Double.NaN, Double.NaN, a.length, md);
        }
        return new PairedTTest(t.pairedT(a, b), t.pairedTTest(a, b), a.length, md);
    }
}
