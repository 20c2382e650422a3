/**
 * The analysis of a trained run, around the Hessian code: which tables and rows, in which mode
 * ({@link helen.analysis.AnalysisOptions}), run table by table with progress ({@link helen.analysis.Analyzer}),
 * written as per_feature.csv, per_field.csv and analysis.json ({@link helen.analysis.AnalysisWriter}), repeated
 * on several analysis sets ({@link helen.analysis.AnalysisRepeats}), and measured during training
 * ({@link helen.analysis.CurvatureTracker}). The operators and eigen-solvers themselves are {@code hessian}'s.
 * Depends on {@code helen.data}, {@code helen.hessian}, {@code helen.hessian.operator}, {@code helen.model}, {@code helen.results}, {@code helen.stats}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.analysis;
