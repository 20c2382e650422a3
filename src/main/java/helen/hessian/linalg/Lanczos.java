package helen.hessian.linalg;

import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Lanczos tridiagonalisation of a symmetric operator with full reorthogonalisation (every new
 * vector is orthogonalised twice against all earlier ones, so the Ritz values carry no ghost
 * copies). After m steps from a start vector q₁, the tridiagonal T_m's eigenvalues (Ritz values)
 * approximate the extreme eigenvalues, and the squared first components of its eigenvectors are
 * the weights of stochastic Lanczos quadrature: Σ_i τ_i f(θ_i) ≈ q₁ᵀ f(H) q₁. Stops early when the
 * Krylov space is exhausted (β below 1e-10 of the largest |α|, β seen).
 */
public final class Lanczos {
    /** Ritz values in ascending order and their quadrature weights (summing to 1). */
    public record Ritz(double[] values, double[] weights) {
        public double max() {
            return values[values.length - 1];
        }

        public double min() {
            return values[0];
        }

        /** The k largest Ritz values, largest first. */
        public double[] top(int k) {
            double[] out = new double[Math.min(k, values.length)];
            for (int i = 0; i < out.length; i++) {
                out[i] = values[values.length - 1 - i];
            }
            return out;
        }
    }

    private Lanczos() {
    }

    /** m steps (at most dim) from a Gaussian start vector drawn with {@code seed}. */
    public static Ritz run(UnaryOperator<double[]> h, int dim, int steps, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] start = new double[dim];
        for (int i = 0; i < dim; i++) {
            start[i] = rnd.nextGaussian();
        }
        return run(h, start, steps);
    }

    public static Ritz run(UnaryOperator<double[]> h, double[] start, int steps) {
        int dim = start.length;
        int m = Math.min(steps, dim);
        List<double[]> q = new ArrayList<>();
        double[] alpha = new double[m];
        double[] beta = new double[m];
        double[] v = start.clone();
        Vectors.scale(v, 1 / Vectors.norm(v));
        int k = 0;
        double scaleSeen = 0;
        while (k < m) {
            q.add(v);
            double[] w = h.apply(v);
            alpha[k] = Vectors.dot(w, v);
            scaleSeen = Math.max(scaleSeen, Math.abs(alpha[k]));
            for (int pass = 0; pass < 2; pass++) { // full reorthogonalisation, twice is enough (Parlett)
                for (double[] u : q) {
                    Vectors.axpy(-Vectors.dot(w, u), u, w);
                }
            }
            double b = Vectors.norm(w);
            k++;
            if (k == m || b <= 1e-10 * Math.max(scaleSeen, b) || b == 0) {
                break;
            }
            beta[k - 1] = b;
            scaleSeen = Math.max(scaleSeen, b);
            Vectors.scale(w, 1 / b);
            v = w;
        }
        double[] main = Arrays.copyOf(alpha, k);
        double[] off = Arrays.copyOf(beta, Math.max(0, k - 1));
        if (k == 1) {
            return new Ritz(main, new double[] {1});
        }
        EigenDecomposition e = new EigenDecomposition(main, off);
        double[] values = e.getRealEigenvalues();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] sorted = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            sorted[i] = values[order[i]];
            double first = e.getEigenvector(order[i]).getEntry(0);
            weights[i] = first * first;
        }
        return new Ritz(sorted, weights);
    }
}
