/**
 * The benchmarks of {@code helen bench}, measured with the code the commands themselves run: data
 * generation, encoding and batch reading ({@link helen.bench.DataThroughput}); training throughput per
 * config and optimizer ({@link helen.bench.TrainingThroughput}) with the roofline of a step and an HVP
 * ({@link helen.bench.Roofline}); the analysis's cost on a trained run ({@link helen.bench.AnalysisCost}).
 * Depends on {@code helen.data}, {@code helen.data.synthetic}, {@code helen.hessian}, {@code helen.hessian.linalg}, {@code helen.hessian.operator}, {@code helen.model}, {@code helen.model.layer}, {@code helen.optim}, {@code helen.tensor}, {@code helen.train}, {@code helen.util}.
 */
package helen.bench;
