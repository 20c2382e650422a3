/**
 * Statistics over plain arrays: AUC and logloss, correlations, the sharpness-vs-frequency summary of
 * an analysis, and tests for the reports.
 * Depends on nothing else in helen (commons-math3 only).
 */
package helen.stats;
