package helen.optim;

/**
 * How Helen perturbs (paper Eq. 6–8; ../shared/notes/paper.md).
 *
 * @param rho              base radius ρ
 * @param xi               lower bound ξ of the frequency ratio (0 disables it)
 * @param datasetFrequency N from the training split (paper, Algorithm 1) instead of the mini-batch (official code)
 * @param rowNormalize     ε_k = ρ_k·g_k/‖g_k‖ per row (paper) instead of ρ_k·G_k/‖G‖_F per table (official code)
 * @param perturbNetwork   also perturb dense weights by ρ·g/‖g‖ ("network perturbation"; off for Helen-m)
 */
public record HelenSettings(double rho, double xi, boolean datasetFrequency, boolean rowNormalize, boolean perturbNetwork) {
    /** The official code's behaviour, which produced the paper's numbers. */
    public static HelenSettings official(double rho, double xi) {
        return new HelenSettings(rho, xi, false, false, true);
    }
}
