package helen.hessian;

import java.util.List;

/**
 * How an analysis runs.
 *
 * @param mode        power, exact, or both (power and exact, with their agreement reported)
 * @param samples     analysis-set size (≤ 0: the whole split)
 * @param split       the split sampled (train by default: the paper's λ is of the training loss)
 * @param tol         per-row relative tolerance of power iteration
 * @param maxIter     power-iteration cap
 * @param seed        seeds the sample and the start vectors
 * @param batchSize   batch of the HVP passes
 * @param tables      tables (fields) to analyse, or empty for all
 * @param dense       also the dense part's top eigenvalue
 * @param regularizer include (λ_emb/2)‖E‖² in the loss (adds λ_emb·I to every block)
 * @param closedForm  exact blocks in closed form where a table's check allows it ({@link GaussNewtonBlocks}),
 *                    else d HVPs per colour for every table
 */
public record AnalysisOptions(String mode, int samples, String split, double tol, int maxIter, long seed, int batchSize,
                              List<String> tables, boolean dense, boolean regularizer, boolean closedForm) {
    /** With the closed form allowed (the default). */
    public AnalysisOptions(String mode, int samples, String split, double tol, int maxIter, long seed, int batchSize,
                           List<String> tables, boolean dense, boolean regularizer) {
        this(mode, samples, split, tol, maxIter, seed, batchSize, tables, dense, regularizer, true);
    }

    /** The same analysis on the set (and probes) that {@code seed} draws. */
    public AnalysisOptions withSeed(long seed) {
        return new AnalysisOptions(mode, samples, split, tol, maxIter, seed, batchSize, tables, dense, regularizer, closedForm);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions("power", 20000, "train", 1e-3, 100, 2024, 5000, List.of(), true, false);
    }
}
