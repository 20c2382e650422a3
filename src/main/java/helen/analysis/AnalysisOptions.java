package helen.analysis;

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
 * @param closedForm  exact blocks in closed form where a table's check allows it ({@code helen.hessian.GaussNewtonBlocks}),
 *                    else d HVPs per colour for every table
 * @param denseSamples the dense part's eigenvalue is taken on the first this many rows of the set (its
 *                    power iteration costs one HVP of the whole model per step, which on 100,000 rows of a
 *                    paper-sized DeepFM is about a minute on two cores)
 */
public record AnalysisOptions(String mode, int samples, String split, double tol, int maxIter, long seed, int batchSize,
                              List<String> tables, boolean dense, boolean regularizer, boolean closedForm, int denseSamples) {
    /** The default cap of {@link #denseSamples}: the default analysis set's size, whose dense eigenvalue it leaves unchanged. */
    public static final int DENSE_SAMPLES = 20000;

    /** With the closed form allowed and the default dense cap. */
    public AnalysisOptions(String mode, int samples, String split, double tol, int maxIter, long seed, int batchSize,
                           List<String> tables, boolean dense, boolean regularizer) {
        this(mode, samples, split, tol, maxIter, seed, batchSize, tables, dense, regularizer, true, DENSE_SAMPLES);
    }

    /** The same analysis on the set (and probes) that {@code seed} draws. */
    public AnalysisOptions withSeed(long seed) {
        return new AnalysisOptions(mode, samples, split, tol, maxIter, seed, batchSize, tables, dense, regularizer, closedForm,
                denseSamples);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions("power", 20000, "train", 1e-3, 100, 2024, 5000, List.of(), true, false, true, DENSE_SAMPLES);
    }
}
