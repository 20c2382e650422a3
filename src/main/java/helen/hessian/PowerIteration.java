package helen.hessian;

import helen.hessian.operator.BlockOperator;

import java.util.SplittableRandom;

/**
 * Field-batched power iteration (the PyHessian eigenvalue method, run for all rows of a table at
 * once): per-row random unit start, one operator application per colour per iteration, per-row
 * Rayleigh quotient λ_k = v_kᵀ(Hv)_k and normalisation v_k ← (Hv)_k/‖(Hv)_k‖, per-row stop when
 * |λ_k − λ_k,prev| &lt; tol·|λ_k,prev|. A converged row is no longer probed. Returns the eigenvalue
 * of largest magnitude with its sign (a row whose Hv vanishes has λ = 0) and each row's residual
 * ‖Hv − λv‖ at its last probe, an a-posteriori bound: some eigenvalue of the block lies within it.
 */
public final class PowerIteration {
    private PowerIteration() {
    }

    public static RowCurvature run(BlockOperator h, RowColouring colouring, double tol, int maxIter, long seed) {
        return run(h, colouring, tol, maxIter, seed, null);
    }

    /**
     * As {@link #run(BlockOperator, RowColouring, double, int, long)}, started from {@code start}
     * ([rows × d], row-major) where a row of it is non-zero, from a random unit vector elsewhere; on
     * return {@code start} holds each probed row's last vector. Curvature tracking starts each
     * measurement from the previous one's vectors: the weights moved little, so rows meet the
     * tolerance in fewer iterations (on a Criteo-shaped DeepFM: 133–177 HVPs per measurement, not 199–249).
     */
    public static RowCurvature run(BlockOperator h, RowColouring colouring, double tol, int maxIter, long seed, double[] start) {
        int rows = h.rows();
        int d = h.dim();
        double[] v = new double[rows * d];
        double[] lambda = new double[rows];
        double[] residual = new double[rows];
        int[] iters = new int[rows];
        boolean[] done = new boolean[rows];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < rows; k++) {
            if (colouring.colourOf[k] < 0) {
                done[k] = true;
                continue;
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += start == null ? 0 : start[k * d + i] * start[k * d + i];
            }
            boolean warm = norm > 0;
            for (int i = 0; i < d && !warm; i++) {
                double x = rnd.nextGaussian();
                v[k * d + i] = x;
                norm += x * x;
            }
            if (warm) {
                System.arraycopy(start, k * d, v, k * d, d);
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                v[k * d + i] /= norm;
            }
        }
        long hvps = 0;
        for (int it = 1; it <= maxIter; it++) {
            boolean any = false;
            for (int c = 0; c < colouring.colours; c++) {
                double[] probe = new double[rows * d];
                boolean active = false;
                for (int k = 0; k < rows; k++) {
                    if (!done[k] && colouring.colourOf[k] == c) {
                        System.arraycopy(v, k * d, probe, k * d, d);
                        active = true;
                    }
                }
                if (!active) {
                    continue;
                }
                any = true;
                double[] hv = h.apply(probe);
                hvps++;
                for (int k = 0; k < rows; k++) {
                    if (done[k] || colouring.colourOf[k] != c) {
                        continue;
                    }
                    double rayleigh = 0;
                    double norm = 0;
                    for (int i = 0; i < d; i++) {
                        rayleigh += v[k * d + i] * hv[k * d + i];
                        norm += hv[k * d + i] * hv[k * d + i];
                    }
                    norm = Math.sqrt(norm);
                    iters[k] = it;
                    if (norm == 0) {
                        lambda[k] = 0;
                        residual[k] = 0;
                        done[k] = true;
                        continue;
                    }
                    double r2 = 0; // ‖Hv − ρv‖ for this probe: the row's eigen-residual, at no extra HVP
                    for (int i = 0; i < d; i++) {
                        double e = hv[k * d + i] - rayleigh * v[k * d + i];
                        r2 += e * e;
                    }
                    residual[k] = Math.sqrt(r2);
                    if (it > 1 && Math.abs(rayleigh - lambda[k]) < tol * Math.abs(lambda[k])) {
                        done[k] = true;
                    }
                    lambda[k] = rayleigh;
                    for (int i = 0; i < d; i++) {
                        v[k * d + i] = hv[k * d + i] / norm;
                    }
                }
            }
            if (!any) {
                break;
            }
        }
        if (start != null) {
            for (int k = 0; k < rows; k++) {
                if (colouring.colourOf[k] >= 0) {
                    System.arraycopy(v, k * d, start, k * d, d);
                }
            }
        }
        boolean[] converged = new boolean[rows];
        for (int k = 0; k < rows; k++) {
            converged[k] = done[k];
        }
        return new RowCurvature(lambda, iters, converged, null, null, hvps, residual);
    }
}
