package helen.results;

import helen.util.HelenException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An analysis's tables as Tablesaw {@link Table}s with typed columns: {@code per_feature.csv} (one
 * row per embedding row) and {@code per_field.csv} (statistics per field and pooled as "ALL").
 * Any CSV dialect with a header reads (quoted or not, files re-saved by other tools); text columns
 * are never guessed as numbers, so a token "1e5" stays a token. Commas, quotes, line breaks and
 * non-ASCII text in tokens and field names round-trip; blanks at the start or end of an unquoted
 * value do not (Tablesaw's reader trims them and 0.44 does not expose the setting).
 */
public final class AnalysisTables {
    public static final String PER_FEATURE = "per_feature.csv";
    public static final String PER_FIELD = "per_field.csv";
    /** per_feature.csv's {@code kind} of a real feature row and of a table's OOV bucket. */
    public static final String FEATURE = "feature";
    public static final String OOV = "oov";

    /** per_feature.csv's columns and their types (the order the writer uses). */
    static final Map<String, ColumnType> FEATURE_COLUMNS = ordered(
            "field", ColumnType.STRING, "row", ColumnType.INTEGER, "token", ColumnType.STRING, "kind", ColumnType.STRING,
            "frequency", ColumnType.LONG, "frequency_train", ColumnType.LONG, "lambda", ColumnType.DOUBLE,
            "lambda_over_n", ColumnType.DOUBLE, "lambda_exact", ColumnType.DOUBLE, "lambda_min", ColumnType.DOUBLE,
            "lambda_max", ColumnType.DOUBLE, "trace", ColumnType.DOUBLE, "eigenvalues", ColumnType.STRING,
            "grad_norm", ColumnType.DOUBLE, "iterations", ColumnType.INTEGER, "converged", ColumnType.BOOLEAN,
            "colour", ColumnType.INTEGER, "residual", ColumnType.DOUBLE);

    /** per_field.csv's columns and their types. */
    static final Map<String, ColumnType> FIELD_COLUMNS = ordered(
            "field", ColumnType.STRING, "rows", ColumnType.INTEGER, "rows_seen", ColumnType.INTEGER,
            "colours", ColumnType.INTEGER, "hvps", ColumnType.LONG, "pearson_lambda_frequency", ColumnType.DOUBLE,
            "pearson_grad_frequency", ColumnType.DOUBLE, "spearman_lambda_frequency", ColumnType.DOUBLE,
            "spearman_grad_frequency", ColumnType.DOUBLE, "pearson_lambda_logfrequency", ColumnType.DOUBLE,
            "pearson_grad_logfrequency", ColumnType.DOUBLE, "pearson_lambda_frequency_train", ColumnType.DOUBLE,
            "mean_lambda", ColumnType.DOUBLE, "std_lambda", ColumnType.DOUBLE, "max_lambda", ColumnType.DOUBLE,
            "mean_lambda_over_n", ColumnType.DOUBLE, "converged_fraction", ColumnType.DOUBLE, "seconds", ColumnType.DOUBLE,
            "oov_frequency", ColumnType.LONG, "oov_lambda", ColumnType.DOUBLE, "oov_grad_norm", ColumnType.DOUBLE);

    private AnalysisTables() {
    }

    /** per_feature.csv of an analysis directory (or the file itself). */
    public static Table perFeature(Path dirOrFile) {
        return read(Files.isDirectory(dirOrFile) ? dirOrFile.resolve(PER_FEATURE) : dirOrFile, FEATURE_COLUMNS);
    }

    /** per_field.csv of an analysis directory (or the file itself). */
    public static Table perField(Path dirOrFile) {
        return read(Files.isDirectory(dirOrFile) ? dirOrFile.resolve(PER_FIELD) : dirOrFile, FIELD_COLUMNS);
    }

    /**
     * The rows statistics and figures use: real features (not the OOV bucket) seen in the analysis
     * set ({@code frequency}, counted there, &gt; 0).
     */
    public static Table seenFeatures(Table perFeature) {
        return perFeature.where(perFeature.longColumn("frequency").isGreaterThan(0)
                .and(perFeature.stringColumn("kind").isEqualTo(FEATURE)));
    }

    /**
     * Whether an analysis directory was written in this format (N on the analysis set). Older
     * analyses counted {@code frequency} on the training split and have no {@code frequency_train}.
     */
    public static boolean current(Path analysisDir) {
        Path csv = analysisDir.resolve(PER_FEATURE);
        try (java.io.BufferedReader r = Files.newBufferedReader(csv)) {
            String header = r.readLine();
            return header != null && java.util.List.of(header.split(",")).contains("frequency_train");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Table read(Path csv, Map<String, ColumnType> types) {
        if (!Files.isRegularFile(csv)) {
            throw new HelenException("not found: " + csv + " (is this an analysis directory written by helen analyze?)");
        }
        try {
            CsvReadOptions o = CsvReadOptions.builder(csv.toFile()).header(true).separator(',').quoteChar('"')
                    .maxCharsPerColumn(1 << 20).missingValueIndicator("")
                    .columnTypesPartial(types).columnTypesToDetect(java.util.List.of(ColumnType.STRING)).build();
            Table t = Table.read().usingOptions(o);
            for (String required : java.util.List.of("field", types.containsKey("lambda") ? "lambda" : "rows_seen")) {
                if (!t.columnNames().contains(required)) {
                    throw new HelenException(csv + ": no column '" + required + "' (is it an analysis table?)");
                }
            }
            String current = types.containsKey("lambda") ? "frequency_train" : "pearson_lambda_frequency_train";
            if (!t.columnNames().contains(current)) {
                throw new HelenException(csv + ": written by an older helen (no column '" + current + "': its N was counted on "
                        + "the training split, not on the analysis set); re-run helen analyze on the run");
            }
            return t.setName(csv.getFileName().toString());
        } catch (RuntimeException e) {
            if (e instanceof HelenException) {
                throw e;
            }
            throw new HelenException(csv + ": unreadable CSV: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    private static Map<String, ColumnType> ordered(Object... kv) {
        Map<String, ColumnType> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (ColumnType) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
