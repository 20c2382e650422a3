package helen.stats;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Pearson and Spearman correlation of two samples (commons-math3), returning NaN instead of
 * throwing when fewer than three pairs are given or either sample has zero variance.
 * Pearson: r = Σ(x−x̄)(y−ȳ) / sqrt(Σ(x−x̄)²·Σ(y−ȳ)²); Spearman: Pearson on the ranks (ties averaged).
 */
public final class Correlation {
    private Correlation() {
    }

    public static double pearson(double[] x, double[] y) {
        if (!usable(x, y)) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(x, y);
    }

    public static double spearman(double[] x, double[] y) {
        if (!usable(x, y)) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(x, y);
    }

    private static boolean usable(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples differ in length: " + x.length + " vs " + y.length);
        }
        return x.length >= 3 && Moments.sampleVariance(x) > 0 && Moments.sampleVariance(y) > 0;
    }
}
