/**
 * The Hessian analysis. {@link helen.hessian.EmbeddingHessian} is the entry point (per table: power
 * iteration or exact blocks, as {@link helen.hessian.TableCurvature} / {@link helen.hessian.RowResult}
 * records); beneath it HVPs by double backprop over an analysis set, row colouring for co-occurring
 * rows, the dense top eigenvalue; {@link helen.hessian.Analyzer} runs {@code helen analyze}'s plan and
 * {@link helen.hessian.AnalysisWriter} writes the CSV/JSON.
 * Depends on {@code helen.data}, {@code helen.hessian.linalg}, {@code helen.model}, {@code helen.model.layer}, {@code helen.results}, {@code helen.stats}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.hessian;
