package helen.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Vocabulary;
import helen.hessian.RowCurvature;
import helen.hessian.TableResult;
import helen.results.AnalysisTables;
import helen.stats.SharpnessSummary;
import helen.util.AtomicFiles;
import helen.util.Json;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an analysis: {@code per_feature.csv} (one line per embedding row, padding excluded; in
 * power mode its {@code residual} is ‖H_k v − λ_k v‖ at the last iterate, so λ_k is within that of
 * an eigenvalue of the block),
 * {@code per_field.csv} (statistics per table and pooled over all, the inputs of Table 1 and
 * Figure 4; grouped from per_feature's seen feature rows, computed by {@link SharpnessSummary}) and
 * {@code analysis.json} (settings, HVP counts, timings, provenance).
 *
 * <p>N ({@code frequency}) is counted on the analysis set, the set whose mean loss the Hessian is
 * taken of: a row's block is a sum over its occurrences there, so λ and N must come from the same
 * set (in a 20k-row sample of a 40M-row split a rare row occurs 0, 1 or 2 times whatever its split
 * count, and its λ follows those occurrences). The training-split count stays as {@code frequency_train}. The OOV row is a
 * bucket of many rare tokens, not a feature: its huge N would dominate r(λ, N), so the statistics
 * leave it out and per_field.csv reports it in its own columns. Tables are built as Tablesaw
 * {@link Table}s and written by its CSV writer (RFC-4180 quoting); numbers keep 9 significant digits.
 */
public final class AnalysisWriter {
    private AnalysisWriter() {
    }

    public static void write(Path out, List<TableResult> results, ObjectNode meta) {
        Table features = perFeature(results);
        writeCsv(features, out.resolve(AnalysisTables.PER_FEATURE));
        writeCsv(perField(features, results), out.resolve(AnalysisTables.PER_FIELD));
        Json.writeAtomically(out.resolve("analysis.json"), meta);
    }

    public static long hvps(TableResult r) {
        return (r.power() == null ? 0 : r.power().hvps()) + (r.exact() == null ? 0 : r.exact().hvps());
    }

    /** One row per embedding row of every table (padding, row 0, excluded). */
    static Table perFeature(List<TableResult> results) {
        StringColumn field = StringColumn.create("field");
        IntColumn row = IntColumn.create("row");
        StringColumn token = StringColumn.create("token");
        StringColumn kind = StringColumn.create("kind");
        LongColumn n = LongColumn.create("frequency");
        LongColumn nTrain = LongColumn.create("frequency_train");
        DoubleColumn lambda = DoubleColumn.create("lambda");
        DoubleColumn perN = DoubleColumn.create("lambda_over_n");
        DoubleColumn exactL = DoubleColumn.create("lambda_exact");
        DoubleColumn min = DoubleColumn.create("lambda_min");
        DoubleColumn max = DoubleColumn.create("lambda_max");
        DoubleColumn trace = DoubleColumn.create("trace");
        StringColumn eigen = StringColumn.create("eigenvalues");
        DoubleColumn grad = DoubleColumn.create("grad_norm");
        IntColumn iters = IntColumn.create("iterations");
        BooleanColumn converged = BooleanColumn.create("converged");
        IntColumn colour = IntColumn.create("colour");
        DoubleColumn residual = DoubleColumn.create("residual");
        for (TableResult r : results) {
            double[] l = r.lambda();
            RowCurvature p = r.power();
            RowCurvature e = r.exact();
            RowCurvature any = p != null ? p : e;
            for (int k = 1; k < l.length; k++) {
                long freq = r.analysisFrequency()[k];
                field.append(r.name());
                row.append(k);
                token.append(r.tokens().get(k));
                kind.append(k == Vocabulary.OOV ? AnalysisTables.OOV : AnalysisTables.FEATURE);
                n.append(freq);
                nTrain.append(r.frequency()[k]);
                lambda.append(l[k]);
                perN.append(freq > 0 ? l[k] / freq : Double.NaN);
                exactL.append(e == null ? Double.NaN : e.lambda()[k]);
                min.append(e == null ? Double.NaN : e.eigenvalues()[k][0]);
                max.append(e == null ? Double.NaN : e.eigenvalues()[k][e.eigenvalues()[k].length - 1]);
                trace.append(e == null ? Double.NaN : e.trace()[k]);
                eigen.append(e == null ? "" : joined(e.eigenvalues()[k]));
                grad.append(r.gradNorm()[k]);
                iters.append(any.iterations()[k]);
                converged.append(any.converged()[k]);
                colour.append(r.colouring().colourOf[k]);
                residual.append(p == null || p.residual() == null ? Double.NaN : p.residual()[k]);
            }
        }
        return Table.create("per_feature", field, row, token, kind, n, nTrain, lambda, perN, exactL, min, max, trace, eigen, grad,
                iters, converged, colour, residual);
    }

    /**
     * Per table, then ALL: the statistics of the feature rows seen in the analysis set, grouped from
     * {@code features}, and each table's OOV row on its own.
     */
    static Table perField(Table features, List<TableResult> results) {
        Table seen = AnalysisTables.seenFeatures(features);
        Map<String, Table> byField = new java.util.HashMap<>();
        for (Table group : seen.splitOn("field").asTableList()) {
            byField.put(group.stringColumn("field").get(0), group);
        }
        Table out = Table.create("per_field", StringColumn.create("field"), IntColumn.create("rows"),
                IntColumn.create("rows_seen"), IntColumn.create("colours"), LongColumn.create("hvps"));
        for (String c : List.of("pearson_lambda_frequency", "pearson_grad_frequency", "spearman_lambda_frequency",
                "spearman_grad_frequency", "pearson_lambda_logfrequency", "pearson_grad_logfrequency",
                "pearson_lambda_frequency_train", "mean_lambda", "std_lambda", "max_lambda", "mean_lambda_over_n",
                "converged_fraction", "seconds")) {
            out.addColumns(DoubleColumn.create(c));
        }
        out.addColumns(LongColumn.create("oov_frequency"), DoubleColumn.create("oov_lambda"), DoubleColumn.create("oov_grad_norm"));
        long allHvps = 0;
        double allSeconds = 0;
        int allRows = 0;
        for (TableResult r : results) {
            Table group = byField.getOrDefault(r.name(), seen.emptyCopy());
            addFieldRow(out, r.name(), r.lambda().length - 1, group, r.colouring().colours, hvps(r), r.seconds());
            addOov(out, r);
            allHvps += hvps(r);
            allSeconds += r.seconds();
            allRows += r.lambda().length - 1;
        }
        addFieldRow(out, "ALL", allRows, seen, -1, allHvps, allSeconds);
        out.longColumn("oov_frequency").append(results.stream().mapToLong(r -> oovFrequency(r)).sum());
        out.doubleColumn("oov_lambda").appendMissing();
        out.doubleColumn("oov_grad_norm").appendMissing();
        return out;
    }

    private static long oovFrequency(TableResult r) {
        return r.lambda().length > Vocabulary.OOV ? r.analysisFrequency()[Vocabulary.OOV] : 0;
    }

    /** The table's OOV row: its N on the analysis set, λ and ‖g‖ (missing where the analysis set has no OOV token). */
    private static void addOov(Table out, TableResult r) {
        long n = oovFrequency(r);
        out.longColumn("oov_frequency").append(n);
        if (n > 0) {
            out.doubleColumn("oov_lambda").append(r.lambda()[Vocabulary.OOV]);
            out.doubleColumn("oov_grad_norm").append(r.gradNorm()[Vocabulary.OOV]);
        } else {
            out.doubleColumn("oov_lambda").appendMissing();
            out.doubleColumn("oov_grad_norm").appendMissing();
        }
    }

    private static void addFieldRow(Table out, String name, int rows, Table seen, int colours, long hvps, double seconds) {
        boolean[] ok = new boolean[seen.rowCount()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = seen.booleanColumn("converged").get(i);
        }
        SharpnessSummary s = SharpnessSummary.of(seen.doubleColumn("lambda").asDoubleArray(),
                seen.doubleColumn("grad_norm").asDoubleArray(), seen.longColumn("frequency").asLongArray(),
                seen.longColumn("frequency_train").asLongArray(), ok);
        out.stringColumn("field").append(name);
        out.intColumn("rows").append(rows);
        out.intColumn("rows_seen").append(s.rows());
        if (colours < 0) {
            out.intColumn("colours").appendMissing();
        } else {
            out.intColumn("colours").append(colours);
        }
        out.longColumn("hvps").append(hvps);
        double[] v = {s.pearsonLambdaN(), s.pearsonGradN(), s.spearmanLambdaN(), s.spearmanGradN(), s.pearsonLambdaLogN(),
            s.pearsonGradLogN(), s.pearsonLambdaNTrain(), s.meanLambda(), s.stdLambda(), s.maxLambda(),
            s.meanLambdaOverN(), s.convergedFraction(), seconds};
        for (int i = 0; i < v.length; i++) {
            out.doubleColumn(5 + i).append(v[i]);
        }
    }

    /** Writes {@code t} as CSV, atomically, numbers with 9 significant digits (seconds with 3 decimals), NaN as empty. */
    public static void writeCsv(Table t, Path file) {
        for (String c : t.columnNames()) {
            if (t.column(c) instanceof DoubleColumn d) {
                d.setPrintFormatter(c.equals("seconds") ? new Fixed("%.3f") : new Fixed("%.9g"));
            } else if (t.column(c) instanceof IntColumn i) {
                i.setPrintFormatter(new Fixed("%d"));
            } else if (t.column(c) instanceof LongColumn l) {
                l.setPrintFormatter(new Fixed("%d"));
            }
        }
        Path tmp = AtomicFiles.tempSibling(file);
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            t.write().usingOptions(CsvWriteOptions.builder(w).header(true).usePrintFormatters(true).lineEnd("\n")
                    .ignoreLeadingWhitespaces(false).ignoreTrailingWhitespaces(false).build());
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file, e);
        }
        AtomicFiles.commit(tmp, file);
    }

    /** A printf format for a number column; missing values (NaN, Tablesaw's int/long missing) print as empty. */
    private static final class Fixed extends NumberColumnFormatter {
        private final String format;

        Fixed(String format) {
            this.format = format;
        }

        @Override
        public String format(double v) {
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
        }

        @Override
        public String format(long v) {
            return v == Long.MIN_VALUE ? "" : String.format(Locale.ROOT, format, v);
        }

        @Override
        public String format(int v) {
            return v == Integer.MIN_VALUE ? "" : String.format(Locale.ROOT, format, v);
        }
    }

    private static String joined(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ";" : "").append(Double.isNaN(v[i]) ? "" : String.format(Locale.ROOT, "%.9g", v[i]));
        }
        return b.toString();
    }
}
