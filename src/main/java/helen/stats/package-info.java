/**
 * Statistics over plain arrays: AUC and logloss, correlations, the sharpness-vs-frequency summary of
 * an analysis, and tests for the reports.
 * Depends on {@code helen.util} and commons-math3 only.
 */
package helen.stats;
