package helen.hessian;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The curvature of one embedding table, row by row, as one method measured it.
 *
 * @param table             table name
 * @param tokens            token of each row (row 0 is padding, row 1 OOV)
 * @param frequency         N of each row in the training split
 * @param analysisFrequency occurrences of each row in the analysis set
 * @param gradNorm          ‖g_k‖ of the analysis loss
 * @param curvature         λ, iterations, convergence (and exact mode's eigenvalues and trace) per row
 * @param colouring         the row groups probed together
 * @param seconds           wall time
 * @param maxAsymmetry      exact mode: largest asymmetry of a measured block (0 in power mode)
 */
public record TableCurvature(String table, List<String> tokens, long[] frequency, long[] analysisFrequency,
                             double[] gradNorm, RowCurvature curvature, RowColouring colouring, double seconds,
                             double maxAsymmetry) {
    TableCurvature withAsymmetry(double a) {
        return new TableCurvature(table, tokens, frequency, analysisFrequency, gradNorm, curvature, colouring, seconds, a);
    }

    /** λ of every row (index = row). */
    public double[] lambda() {
        return curvature.lambda();
    }

    public long hvps() {
        return curvature.hvps();
    }

    /** One record per row, padding (row 0) excluded. */
    public List<RowResult> rows() {
        List<RowResult> out = new ArrayList<>();
        for (int k = 1; k < lambda().length; k++) {
            out.add(new RowResult(table, k, tokens.get(k), frequency[k], analysisFrequency[k], lambda()[k], gradNorm[k],
                    curvature.iterations()[k], curvature.converged()[k]));
        }
        return out;
    }

    /** The {@code n} rows with the largest λ among those seen in the analysis set. */
    public List<RowResult> sharpest(int n) {
        return rows().stream().filter(r -> r.frequencyAnalysis() > 0)
                .sorted(Comparator.comparingDouble(RowResult::lambda).reversed()).limit(n).toList();
    }
}
