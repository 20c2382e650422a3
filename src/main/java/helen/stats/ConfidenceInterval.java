package helen.stats;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * A statistic measured on K independent replicates (analysis sets drawn with distinct seeds, say):
 * their mean, sample standard deviation and a two-sided Student-t confidence interval for the
 * mean, x̄ ± t_{K−1} · s/√K. Non-finite values (a correlation undefined on one replicate) are left
 * out and counted in {@link #n}. Fewer than two values give NaN spread and bounds, never an exception.
 *
 * @param n     finite values used
 * @param mean  their mean (for correlations, tanh of the mean Fisher z: see {@link #ofCorrelations})
 * @param std   their sample standard deviation (of the values themselves, not of z)
 * @param low   lower bound of the interval
 * @param high  upper bound of the interval
 */
public record ConfidenceInterval(int n, double mean, double std, double low, double high) {
    /** The confidence level of every interval helen reports. */
    public static final double CONFIDENCE = 0.95;

    /** The t-interval of the mean of {@code values}. */
    public static ConfidenceInterval ofMean(double[] values) {
        double[] v = finite(values);
        double m = Moments.mean(v);
        double s = Math.sqrt(Moments.sampleVariance(v));
        return ofMoments(v.length, m, s);
    }

    /** The t-interval from {@code n} values' mean and sample standard deviation (a running summary). */
    public static ConfidenceInterval ofMoments(int n, double mean, double std) {
        double half = n < 2 ? Double.NaN : tQuantile(n - 1) * std / Math.sqrt(n);
        return new ConfidenceInterval(n, n == 0 ? Double.NaN : mean, n < 2 ? Double.NaN : std, mean - half, mean + half);
    }

    /**
     * Correlation coefficients: the interval is taken on Fisher's z = atanh r, where the sampling
     * distribution is near normal, and mapped back (so it stays inside [−1, 1] and is asymmetric near ±1).
     */
    public static ConfidenceInterval ofCorrelations(double[] r) {
        double[] v = finite(r);
        double[] z = Arrays.stream(v).map(x -> atanh(Math.max(-1 + 1e-15, Math.min(1 - 1e-15, x)))).toArray();
        ConfidenceInterval inZ = ofMean(z);
        return new ConfidenceInterval(v.length, Math.tanh(inZ.mean), Math.sqrt(Moments.sampleVariance(v)), Math.tanh(inZ.low),
                Math.tanh(inZ.high));
    }

    /** Whether {@code x} lies inside the interval (false where the interval is undefined). */
    public boolean contains(double x) {
        return low <= x && x <= high;
    }

    /** Half the interval's width (NaN where undefined). */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** The (1 + CONFIDENCE)/2 quantile of Student's t with {@code df} degrees of freedom. */
    static double tQuantile(int df) {
        return df < T_QUANTILES.length ? T_QUANTILES[df] : quantile(df);
    }

    /** t quantiles for the usual replicate counts, computed once (a per-row summary asks for them millions of times). */
    private static final double[] T_QUANTILES = java.util.stream.IntStream.range(0, 64)
            .mapToDouble(df -> df == 0 ? Double.NaN : quantile(df)).toArray();

    private static double quantile(int df) {
        return new TDistribution(null, df, 1e-14).inverseCumulativeProbability((1 + CONFIDENCE) / 2); // default solver accuracy is 1e-9
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }
}
