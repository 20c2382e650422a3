/**
 * The Hessian of a CTR model's loss and its eigen-solvers, with no files and no plan.
 * {@link helen.hessian.EmbeddingHessian} is the entry point (per table: power iteration or exact blocks,
 * as {@link helen.hessian.TableCurvature} / {@link helen.hessian.RowResult} records); beneath it HVPs by
 * double backprop over an analysis set, the closed-form blocks, row colouring for co-occurring rows, the
 * dense top eigenvalue, traces and spectra ({@code linalg} holds the vector algebra). Which tables, in
 * which mode, written where, is {@code helen.analysis}'s job.
 * Depends on {@code helen.data}, {@code helen.hessian.linalg}, {@code helen.model}, {@code helen.model.layer}, {@code helen.stats}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.hessian;
