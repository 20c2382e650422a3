package helen.optim;

/**
 * How Helen perturbs (paper Eq. 6–8; ../shared/notes/paper.md), resolved from a {@link HelenConfig}.
 *
 * @param rho                 base radius ρ
 * @param xi                  lower bound ξ of the frequency ratio (0 disables it)
 * @param datasetFrequency    N from the training split (paper, Algorithm 1) instead of the mini-batch (official code)
 * @param rowNormalize        ε_k = ρ_k·g_k/‖g_k‖ per row (paper) instead of ρ_k·G_k/‖G‖_F per table (official code)
 * @param perturbNetwork      also perturb dense weights by ρ·g/‖g‖ ("network perturbation"; off for Helen-m)
 * @param presentRowsOnly     rows absent from the mini-batch get ε = 0
 * @param unperturbedStepAtW  weights left unperturbed step with their gradient at w (the official
 *                            {@code second_step} restores {@code old_g}), not with the one at w + ε
 */
public record HelenSettings(double rho, double xi, boolean datasetFrequency, boolean rowNormalize, boolean perturbNetwork,
                            boolean presentRowsOnly, boolean unperturbedStepAtW) {
    /** The official code's behaviour, which produced the paper's numbers. */
    public static HelenSettings official(double rho, double xi) {
        return HelenConfig.official().withXi(xi).settings("helen", rho);
    }
}
