package helen.stats;

/** Mean and sample variance of plain arrays (NaN where undefined, never an exception). */
public final class Moments {
    private Moments() {
    }

    /** Arithmetic mean; NaN for no values. */
    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample variance Σ(x − x̄)²/(n − 1); NaN for fewer than two values. */
    public static double sampleVariance(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }
}
