/**
 * The Hessian of a CTR model's loss and its eigen-solvers, with no files and no plan.
 * {@link helen.hessian.EmbeddingHessian} is the entry point (per table: power iteration or exact blocks,
 * as {@link helen.hessian.TableCurvature} / {@link helen.hessian.RowResult} records); the solvers beneath
 * it: power iteration and exact blocks on row colourings, the closed-form (Gauss-Newton plus repeated-row)
 * blocks, the dense top eigenvalue, Hutchinson traces and spectra. They iterate on the operators of
 * {@code operator} (HVPs by double backward over an analysis set) and the vector algebra of {@code linalg}.
 * Which tables, in which mode, written where, is {@code helen.analysis}'s job.
 * Depends on {@code helen.data}, {@code helen.hessian.linalg}, {@code helen.hessian.operator}, {@code helen.model}, {@code helen.stats}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.hessian;
