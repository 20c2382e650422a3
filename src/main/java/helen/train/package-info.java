/**
 * Training runs: configs (YAML bound by Jackson, checked by {@link helen.train.ConfigRules}), the
 * FuxiCTR-style loop ({@link helen.train.Trainer}) with its schedule ({@code EarlyStopping}), the run
 * directory's files ({@code RunWriter}), divergence, evaluation (AUC, logloss) and resumable run state.
 * Depends on {@code helen.analysis}, {@code helen.data}, {@code helen.model}, {@code helen.model.layer}, {@code helen.optim}, {@code helen.results}, {@code helen.stats}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.train;
