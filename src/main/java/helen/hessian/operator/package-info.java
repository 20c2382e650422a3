/**
 * The Hessian as an operator on a trained model: the analysis set the mean loss is taken over
 * ({@link helen.hessian.operator.AnalysisSet}, and one shard of it, {@link helen.hessian.operator.Shard}),
 * the embedding rows it touches ({@link helen.hessian.operator.TouchedRows}), Hessian-vector products by
 * double backward ({@link helen.hessian.operator.Hvp}), the whole model's and the dense part's products
 * ({@link helen.hessian.operator.ModelHessian}), one table's ({@link helen.hessian.operator.TableHessian})
 * and the row-block view the solvers iterate on ({@link helen.hessian.operator.BlockOperator}).
 * Nothing here picks rows, iterates or decides when to stop: that is {@code helen.hessian}'s job.
 * Depends on {@code helen.data}, {@code helen.model}, {@code helen.model.layer}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.hessian.operator;
