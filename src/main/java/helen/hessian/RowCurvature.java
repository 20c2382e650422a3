package helen.hessian;

/**
 * Per-row results for one table. Rows absent from the analysis set have λ = 0, 0 iterations and
 * converged = true (their block is exactly zero, so no HVP is spent on them).
 *
 * @param lambda      the dominant eigenvalue (largest |λ|, signed) of each row's d×d block
 * @param iterations  power-iteration steps each row took (d probes per colour in exact mode)
 * @param converged   whether the row met the tolerance (always true in exact mode)
 * @param eigenvalues exact mode: every eigenvalue of the block, ascending; null in power mode
 * @param trace       exact mode: the block's trace; null in power mode
 * @param hvps        Hessian-vector products spent on the table
 * @param residual    power mode: ‖H_k v − λ_k v‖ at the row's last iterate v (unit); the block, being
 *                    symmetric, has an eigenvalue within that distance of λ_k (0 for unprobed rows).
 *                    Null in exact mode, whose eigenvalues come from the whole block.
 */
public record RowCurvature(double[] lambda, int[] iterations, boolean[] converged, double[][] eigenvalues,
                           double[] trace, long hvps, double[] residual) {
    /** Results without residuals (exact blocks, or a caller that has none). */
    public RowCurvature(double[] lambda, int[] iterations, boolean[] converged, double[][] eigenvalues, double[] trace, long hvps) {
        this(lambda, iterations, converged, eigenvalues, trace, hvps, null);
    }
}
