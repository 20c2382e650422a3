/**
 * Training runs: configs (YAML), the FuxiCTR-style loop with early stopping and checkpoints,
 * evaluation (AUC, logloss) and resumable run state. Depends on data, model, optim, stats, util.
 */
package helen.train;
