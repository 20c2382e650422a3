package helen.hessian.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The Hessian's spectral density by stochastic Lanczos quadrature (Ghorbani, Krishnan and Xiao
 * 2019; PyHessian): for each of {@code probes} Gaussian start vectors, {@code steps} Lanczos steps
 * give Ritz values θ_i with weights τ_i; the density is (1/probes) Σ Σ_i τ_i · N(t; θ_i, σ²) on a
 * grid spanning the Ritz values, σ a fixed share of that span. Each probe's weights sum to 1, so
 * the density integrates to 1 (up to the tails cut by the grid); its mean Σ τ θ estimates tr(H)/dim.
 */
public final class SpectralDensity {
    /** The density on its grid, the Ritz values and weights it is built from, and its mean. */
    public record Result(double[] grid, double[] values, double sigma, List<Lanczos.Ritz> ritz) {
        /** Σ τ θ averaged over probes: an estimate of tr(H)/dim. */
        public double mean() {
            double s = 0;
            for (Lanczos.Ritz r : ritz) {
                for (int i = 0; i < r.values().length; i++) {
                    s += r.weights()[i] * r.values()[i];
                }
            }
            return s / ritz.size();
        }
    }

    /** σ as a share of the Ritz values' span (PyHessian's default is 1e-5 of the span squared on its grid). */
    static final double SIGMA_SHARE = 0.01;
    public static final int GRID = 400;

    private SpectralDensity() {
    }

    public static Result of(UnaryOperator<double[]> h, int dim, int probes, int steps, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Lanczos.Ritz> ritz = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < probes; p++) {
            Lanczos.Ritz r = Lanczos.run(h, dim, steps, rnd.nextLong());
            ritz.add(r);
            lo = Math.min(lo, r.min());
            hi = Math.max(hi, r.max());
        }
        double span = Math.max(hi - lo, 1e-12 * Math.max(1, Math.abs(hi)));
        double sigma = SIGMA_SHARE * span;
        double from = lo - 5 * sigma;
        double step = (hi + 5 * sigma - from) / (GRID - 1);
        double[] grid = new double[GRID];
        double[] values = new double[GRID];
        for (int g = 0; g < GRID; g++) {
            grid[g] = from + g * step;
            double s = 0;
            for (Lanczos.Ritz r : ritz) {
                for (int i = 0; i < r.values().length; i++) {
                    double z = (grid[g] - r.values()[i]) / sigma;
                    s += r.weights()[i] * Math.exp(-0.5 * z * z);
                }
            }
            values[g] = s / (probes * sigma * Math.sqrt(2 * Math.PI));
        }
        return new Result(grid, values, sigma, ritz);
    }
}
