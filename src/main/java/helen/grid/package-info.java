/**
 * Grids of training runs, the paper's tuning protocol: a YAML spec expanded into runs with stable ids
 * ({@link helen.grid.GridPlan}), run here by worker JVMs ({@link helen.grid.LocalExecutor}) or as a Slurm
 * job array ({@link helen.grid.SlurmExecutor}), each run's outcome recorded (the grid directory's layout and
 * the selection on validation are read from {@code helen.results}: {@link helen.results.GridDirectory},
 * {@link helen.results.GridSelection}); also the shard processes of a sharded analysis.
 * Depends on {@code helen.analysis}, {@code helen.data}, {@code helen.hessian.operator}, {@code helen.optim}, {@code helen.results}, {@code helen.train}, {@code helen.util}.
 */
package helen.grid;
