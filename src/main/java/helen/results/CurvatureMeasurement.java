package helen.results;

/**
 * One row of a run's {@code curvature.csv}: a statistic of one part of the model at one training step.
 *
 * @param step      the optimizer step after which it was measured
 * @param epoch     the epoch that step belongs to
 * @param part      an embedding table's name, {@code dense} or {@code model}
 * @param statistic mean_lambda, max_lambda (tables), top_lambda (dense), trace, trace_stderr, loss, hvps (model)
 * @param value     its value
 */
public record CurvatureMeasurement(long step, int epoch, String part, String statistic, double value) {
}
