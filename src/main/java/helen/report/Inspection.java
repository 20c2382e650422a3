package helen.report;

import helen.results.RepeatFiles;
import helen.results.AnalysisTables;
import helen.results.TopFeatureRows;
import helen.stats.ConfidenceInterval;
import helen.util.HelenException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The questions {@code helen inspect} answers about an analysis, as Tablesaw tables: which fields
 * are sharpest, which feature values of a field are, and how two analyses of the same data (Adam
 * vs Helen, say) differ row by row. Rows are the seen features of {@link AnalysisTables#seenFeatures}
 * (N on the analysis set, OOV buckets left out).
 */
public final class Inspection {
    /** The keys rows can be ranked by (largest first), and the per_feature.csv column each reads. */
    public static final Map<String, String> SORT_KEYS = Map.of("lambda", "lambda", "lambda_over_n", "lambda_over_n",
            "grad_norm", "grad_norm", "frequency", "frequency");

    private Inspection() {
    }

    /** Every field ranked by its sharpest row (max λ), with the per-field statistics of per_field.csv. */
    public static Table fields(Path analysis) {
        Table f = AnalysisTables.perField(analysis);
        Table out = f.where(f.stringColumn("field").isNotEqualTo("ALL")).selectColumns("field", "rows", "rows_seen",
                "mean_lambda", "max_lambda", "mean_lambda_over_n", "pearson_lambda_frequency", "pearson_grad_frequency",
                "oov_frequency");
        String name = "fields of " + analysis;
        java.util.Optional<AnalysisSpread> spread = AnalysisSpread.of(analysis);
        if (spread.isPresent()) {
            for (String stat : List.of("mean_lambda", "pearson_lambda_frequency")) {
                DoubleColumn low = DoubleColumn.create(stat + "_ci_low");
                DoubleColumn high = DoubleColumn.create(stat + "_ci_high");
                for (String field : out.stringColumn("field")) {
                    var ci = spread.get().interval(field, stat);
                    low.append(ci.map(ConfidenceInterval::low).orElse(Double.NaN));
                    high.append(ci.map(ConfidenceInterval::high).orElse(Double.NaN));
                }
                out.addColumns(low, high);
            }
            name += " (intervals: 95% over the --repeats analysis sets)";
        }
        return out.sortDescendingOn("max_lambda").setName(name);
    }

    /**
     * One field's top rows by {@code sort}, among the seen features with N ≥ {@code minFrequency}.
     *
     * @throws HelenException naming the field and the known ones if the analysis has no such field
     */
    public static Table rows(Path analysis, String field, String sort, long minFrequency, int top) {
        String column = sortColumn(sort);
        Table fields = AnalysisTables.perField(analysis);
        Table seen = fields.where(fields.stringColumn("field").isNotEqualTo("ALL").and(fields.intColumn("rows_seen").isGreaterThan(0)));
        List<String> known = seen.stringColumn("field").asList();
        if (!known.contains(field)) {
            throw new HelenException("--field '" + field + "': no such field in " + analysis + " (fields: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
        return TopFeatureRows.of(analysis, field, column, minFrequency, top)
                .setName(field + " of " + analysis + ", top " + top + " by " + sort);
    }

    /**
     * Two analyses of the same data row by row (joined on field and row; rows seen in both): λ in
     * each and their ratio, top rows by {@code sort} of the first; {@code field} null for all fields.
     */
    public static Table compare(Path first, Path second, String field, String sort, long minFrequency, int top) {
        String column = sortColumn(sort);
        Table a = AnalysisTables.seenFeatures(AnalysisTables.perFeature(first));
        Table b = AnalysisTables.seenFeatures(AnalysisTables.perFeature(second));
        if (field != null) {
            for (Table t : List.of(a, b)) {
                if (!t.stringColumn("field").unique().asList().contains(field)) {
                    throw new HelenException("--field '" + field + "': no such field in " + (t == a ? first : second));
                }
            }
            a = a.where(a.stringColumn("field").isEqualTo(field));
            b = b.where(b.stringColumn("field").isEqualTo(field));
        }
        a = a.where(a.longColumn("frequency").isGreaterThanOrEqualTo(minFrequency));
        Table left = a.selectColumns("field", "row", "token", "frequency", "lambda", "lambda_over_n", "grad_norm").copy();
        Table right = b.selectColumns("field", "row", "token", "lambda").copy();
        right.column("token").setName("token_other");
        right.column("lambda").setName("lambda_other");
        Table joined = left.joinOn("field", "row").inner(right);
        long mismatched = joined.stream().filter(r -> !r.getString("token").equals(r.getString("token_other"))).count();
        if (mismatched > 0) {
            throw new HelenException(first + " and " + second + " are not analyses of the same data: " + mismatched
                    + " rows carry different tokens (compare runs trained on one encoded dataset)");
        }
        DoubleColumn ratio = joined.doubleColumn("lambda").divide(joined.doubleColumn("lambda_other")).setName("ratio");
        joined.addColumns(ratio);
        List<String> columns = new java.util.ArrayList<>(List.of("field", "token", "frequency", "lambda", "lambda_other", "ratio",
                "grad_norm"));
        String name = "lambda of " + first + " (lambda) vs " + second + " (lambda_other), ratio = lambda / lambda_other, top "
                + top + " by " + sort;
        if (RepeatFiles.present(first) && RepeatFiles.present(second)) {
            joined = withNoise(joined, first, second);
            columns.addAll(List.of("lambda_mean", "lambda_other_mean", "within_noise"));
            name += "; lambda_mean over the --repeats sets, within_noise: the means differ by less than their 95% intervals' "
                    + "combined half-width";
        }
        return joined.sortDescendingOn(column).first(top).selectColumns(columns.toArray(String[]::new)).setName(name);
    }

    /**
     * Adds each row's mean λ over the repeats of both analyses and whether they differ by more than the
     * noise: |m₁ − m₂| ≤ √(h₁² + h₂²), h the 95 % half-widths ("" where a row was seen in fewer than two sets).
     */
    private static Table withNoise(Table joined, Path first, Path second) {
        Table a = RepeatFiles.readPerFeature(first).selectColumns("field", "row", "lambda_mean", "lambda_ci_low", "lambda_ci_high");
        Table b = RepeatFiles.readPerFeature(second).selectColumns("field", "row", "lambda_mean", "lambda_ci_low",
                "lambda_ci_high");
        for (String c : List.of("lambda_mean", "lambda_ci_low", "lambda_ci_high")) {
            b.column(c).setName(c.replace("lambda_", "lambda_other_"));
        }
        Table out = joined.joinOn("field", "row").inner(a).joinOn("field", "row").inner(b);
        tech.tablesaw.api.StringColumn noise = tech.tablesaw.api.StringColumn.create("within_noise");
        for (int i = 0; i < out.rowCount(); i++) {
            double h1 = (out.doubleColumn("lambda_ci_high").getDouble(i) - out.doubleColumn("lambda_ci_low").getDouble(i)) / 2;
            double h2 = (out.doubleColumn("lambda_other_ci_high").getDouble(i) - out.doubleColumn("lambda_other_ci_low").getDouble(i)) / 2;
            double diff = Math.abs(out.doubleColumn("lambda_mean").getDouble(i) - out.doubleColumn("lambda_other_mean").getDouble(i));
            noise.append(Double.isNaN(h1) || Double.isNaN(h2) ? "" : diff <= Math.hypot(h1, h2) ? "yes" : "no");
        }
        return out.addColumns(noise);
    }

    /** The table with every number column printed to 4 significant digits (for the terminal; CSV keeps them all). */
    public static Table forTerminal(Table t) {
        Table out = t.copy();
        for (var c : out.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(new tech.tablesaw.columns.numbers.NumberColumnFormatter() {
                    @Override
                    public String format(double v) {
                        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.4g", v);
                    }
                });
            }
        }
        return out;
    }

    private static String sortColumn(String sort) {
        String c = SORT_KEYS.get(sort);
        if (c == null) {
            throw new HelenException("--sort '" + sort + "': expected one of lambda, lambda_over_n, grad_norm, frequency");
        }
        return c;
    }
}
