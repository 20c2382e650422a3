package helen.hessian;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Csv;
import helen.stats.SharpnessSummary;
import helen.util.AtomicFiles;
import helen.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an analysis (it formats; the statistics come from {@link SharpnessSummary}): {@code per_feature.csv} (one line per embedding row, padding excluded),
 * {@code per_field.csv} (statistics per table and pooled over all, the inputs of Table 1 and
 * Figure 4) and {@code analysis.json} (settings, HVP counts, timings, provenance).
 * Statistics use the rows seen in the analysis set; log-N columns also need N &gt; 0.
 */
public final class AnalysisWriter {
    public static final String PER_FEATURE_HEADER = "field,row,token,frequency,frequency_analysis,lambda,lambda_over_n,"
            + "lambda_exact,lambda_min,lambda_max,trace,eigenvalues,grad_norm,iterations,converged,colour";
    public static final String PER_FIELD_HEADER = "field,rows,rows_seen,colours,hvps,pearson_lambda_frequency,"
            + "pearson_grad_frequency,spearman_lambda_frequency,spearman_grad_frequency,pearson_lambda_logfrequency,"
            + "pearson_grad_logfrequency,pearson_lambda_frequency_analysis,mean_lambda,std_lambda,max_lambda,"
            + "mean_lambda_over_n,converged_fraction,seconds";

    private AnalysisWriter() {
    }

    public static void write(Path out, List<TableResult> results, ObjectNode meta) {
        StringBuilder f = new StringBuilder(PER_FEATURE_HEADER).append('\n');
        for (TableResult r : results) {
            double[] lambda = r.lambda();
            for (int k = 1; k < lambda.length; k++) {
                RowCurvature p = r.power();
                RowCurvature e = r.exact();
                long n = r.frequency()[k];
                f.append(Csv.quote(r.name())).append(',').append(k).append(',').append(Csv.quote(r.tokens().get(k)))
                        .append(',').append(n).append(',').append(r.analysisFrequency()[k]).append(',')
                        .append(num(lambda[k])).append(',').append(n > 0 ? num(lambda[k] / n) : "").append(',')
                        .append(e == null ? "" : num(e.lambda()[k])).append(',')
                        .append(e == null ? "" : num(e.eigenvalues()[k][0])).append(',')
                        .append(e == null ? "" : num(e.eigenvalues()[k][e.eigenvalues()[k].length - 1])).append(',')
                        .append(e == null ? "" : num(e.trace()[k])).append(',')
                        .append(e == null ? "" : joined(e.eigenvalues()[k])).append(',')
                        .append(num(r.gradNorm()[k])).append(',')
                        .append(p != null ? p.iterations()[k] : e.iterations()[k]).append(',')
                        .append(p != null ? p.converged()[k] : e.converged()[k]).append(',')
                        .append(r.colouring().colourOf[k]).append('\n');
            }
        }
        AtomicFiles.writeString(out.resolve("per_feature.csv"), f.toString());

        StringBuilder s = new StringBuilder(PER_FIELD_HEADER).append('\n');
        for (TableResult r : results) {
            s.append(fieldLine(r.name(), List.of(r), r.colouring().colours, hvps(r), r.seconds()));
        }
        long allHvps = results.stream().mapToLong(AnalysisWriter::hvps).sum();
        double allSecs = results.stream().mapToDouble(TableResult::seconds).sum();
        s.append(fieldLine("ALL", results, -1, allHvps, allSecs));
        AtomicFiles.writeString(out.resolve("per_field.csv"), s.toString());
        Json.writeAtomically(out.resolve("analysis.json"), meta);
    }

    static long hvps(TableResult r) {
        return (r.power() == null ? 0 : r.power().hvps()) + (r.exact() == null ? 0 : r.exact().hvps());
    }

    /** One per_field.csv line over the seen rows of the given tables (statistics: {@link SharpnessSummary}). */
    static String fieldLine(String name, List<TableResult> tables, int colours, long hvps, double seconds) {
        List<Double> lam = new ArrayList<>();
        List<Double> grad = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        List<Long> freqA = new ArrayList<>();
        List<Boolean> ok = new ArrayList<>();
        int rows = 0;
        for (TableResult r : tables) {
            double[] lambda = r.lambda();
            rows += lambda.length - 1;
            for (int k = 1; k < lambda.length; k++) {
                if (r.analysisFrequency()[k] == 0) {
                    continue;
                }
                lam.add(lambda[k]);
                grad.add(r.gradNorm()[k]);
                freq.add(r.frequency()[k]);
                freqA.add(r.analysisFrequency()[k]);
                ok.add(r.power() == null || r.power().converged()[k]);
            }
        }
        boolean[] converged = new boolean[ok.size()];
        for (int i = 0; i < converged.length; i++) {
            converged[i] = ok.get(i);
        }
        SharpnessSummary st = SharpnessSummary.of(arr(lam), arr(grad), longs(freq), longs(freqA), converged);
        return String.join(",", Csv.quote(name), Integer.toString(rows), Integer.toString(st.rows()),
                colours < 0 ? "" : Integer.toString(colours), Long.toString(hvps),
                num(st.pearsonLambdaN()), num(st.pearsonGradN()), num(st.spearmanLambdaN()), num(st.spearmanGradN()),
                num(st.pearsonLambdaLogN()), num(st.pearsonGradLogN()), num(st.pearsonLambdaNAnalysis()),
                num(st.meanLambda()), num(st.stdLambda()), num(st.maxLambda()), num(st.meanLambdaOverN()),
                num(st.convergedFraction()), String.format(Locale.ROOT, "%.3f", seconds)) + "\n";
    }

    private static long[] longs(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).toArray();
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
    }

    private static String joined(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ";" : "").append(num(v[i]));
        }
        return b.toString();
    }

    private static double[] arr(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
