package helen.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Statistics of embedding rows' sharpness against their frequency: the numbers of the paper's
 * Table 1 and Figure 4 for one field (or all fields pooled). Computed over the rows given, which
 * are the feature rows seen in the analysis set, N counted on that set (the set the Hessian's loss
 * is averaged over); the log-N correlations and λ/N also need N &gt; 0.
 *
 * @param rows                  rows given
 * @param pearsonLambdaN        r(λ, N)
 * @param pearsonGradN          r(‖g‖, N)
 * @param spearmanLambdaN       ρ(λ, N)
 * @param spearmanGradN         ρ(‖g‖, N)
 * @param pearsonLambdaLogN     r(λ, log N), rows with N &gt; 0
 * @param pearsonGradLogN       r(‖g‖, log N), rows with N &gt; 0
 * @param pearsonLambdaNTrain   r(λ, N counted on the training split), for comparison
 * @param meanLambda            mean λ
 * @param stdLambda             sample standard deviation of λ
 * @param maxLambda             max λ
 * @param meanLambdaOverN       mean λ/N, rows with N &gt; 0
 * @param convergedFraction     share of rows whose power iteration converged
 */
public record SharpnessSummary(int rows, double pearsonLambdaN, double pearsonGradN, double spearmanLambdaN,
                               double spearmanGradN, double pearsonLambdaLogN, double pearsonGradLogN,
                               double pearsonLambdaNTrain, double meanLambda, double stdLambda, double maxLambda,
                               double meanLambdaOverN, double convergedFraction) {
    /**
     * @param n      each row's N on the analysis set
     * @param nTrain each row's N on the training split
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static SharpnessSummary of(double[] lambda, double[] grad, long[] n, long[] nTrain, boolean[] converged) {
        int m = lambda.length;
        if (grad.length != m || n.length != m || nTrain.length != m || converged.length != m) {
            throw new IllegalArgumentException("per-row arrays of different lengths");
        }
        double[] freq = new double[m];
        double[] freqTrain = new double[m];
        List<Double> lamPos = new ArrayList<>();
        List<Double> gradPos = new ArrayList<>();
        List<Double> logN = new ArrayList<>();
        List<Double> perOcc = new ArrayList<>();
        int ok = 0;
        double max = Double.NaN;
        for (int i = 0; i < m; i++) {
            freq[i] = n[i];
            freqTrain[i] = nTrain[i];
            ok += converged[i] ? 1 : 0;
            max = Double.isNaN(max) ? lambda[i] : Math.max(max, lambda[i]);
            if (n[i] > 0) {
                lamPos.add(lambda[i]);
                gradPos.add(grad[i]);
                logN.add(Math.log(n[i]));
                perOcc.add(lambda[i] / n[i]);
            }
        }
        return new SharpnessSummary(m, Correlation.pearson(lambda, freq), Correlation.pearson(grad, freq),
                Correlation.spearman(lambda, freq), Correlation.spearman(grad, freq),
                Correlation.pearson(arr(lamPos), arr(logN)), Correlation.pearson(arr(gradPos), arr(logN)),
                Correlation.pearson(lambda, freqTrain), Moments.mean(lambda), Math.sqrt(Moments.sampleVariance(lambda)), max,
                Moments.mean(arr(perOcc)), m == 0 ? Double.NaN : (double) ok / m);
    }

    private static double[] arr(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
