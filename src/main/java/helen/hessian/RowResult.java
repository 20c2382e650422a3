package helen.hessian;

import java.util.Locale;

/**
 * One embedding row's curvature.
 *
 * @param table             table (field) name
 * @param row               row index in the table
 * @param token             the feature value
 * @param frequency         N in the training split
 * @param frequencyAnalysis occurrences in the analysis set (λ is 0 when it is 0: the block is zero)
 * @param lambda            top eigenvalue of the row's d×d Hessian block
 * @param gradNorm          ‖g_k‖
 * @param iterations        power-iteration steps (d probes in exact mode)
 * @param converged         whether the row met the tolerance
 */
public record RowResult(String table, int row, String token, long frequency, long frequencyAnalysis, double lambda,
                        double gradNorm, int iterations, boolean converged) {
    /** λ/N: curvature per training occurrence (NaN when N = 0). */
    public double lambdaOverN() {
        return frequency > 0 ? lambda / frequency : Double.NaN;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s row %d '%s': N %d, lambda %.4g, lambda/N %.3g, |g| %.3g%s", table, row, token,
                frequency, lambda, lambdaOverN(), gradNorm, converged ? "" : " (not converged)");
    }
}
