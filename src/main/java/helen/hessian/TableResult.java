package helen.hessian;

/**
 * Everything measured for one table.
 *
 * @param table             table index
 * @param name              table name (the field's, or the owning field's for shared tables)
 * @param tokens            token of each row
 * @param frequency         N: training-split frequency of each row
 * @param analysisFrequency occurrences in the analysis set
 * @param gradNorm          ‖g_k‖ of the analysis loss
 * @param colouring         row groups used for the probes
 * @param power             power-iteration result, or null
 * @param exact             exact-block result, or null
 * @param seconds           wall time spent on the table
 */
public record TableResult(int table, String name, java.util.List<String> tokens, long[] frequency,
                          long[] analysisFrequency, double[] gradNorm, RowColouring colouring, RowCurvature power,
                          RowCurvature exact, double seconds) {
    /** The λ reported: power iteration's when it ran, else exact. */
    public double[] lambda() {
        return power != null ? power.lambda() : exact.lambda();
    }
}
