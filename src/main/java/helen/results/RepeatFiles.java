package helen.results;

import com.fasterxml.jackson.databind.JsonNode;
import helen.stats.ConfidenceInterval;
import helen.util.HelenException;
import helen.util.Json;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of an analysis repeated on K analysis sets ({@code helen analyze --repeats K}), beside the
 * first analysis: {@code per_feature_repeats.csv} (per embedding row, λ and ‖g‖ with their intervals over
 * the sets where the row was seen), {@code per_field_repeats.csv} (per field, every statistic of
 * per_field.csv with its interval and its K values in seed order), {@code repeats.json} (the seeds and
 * the scalars), and each repeat's own analysis under {@code repeats/seed-S}. The analysis writes them
 * ({@code helen.analysis.AnalysisRepeats}); reports and {@code inspect} read them here.
 */
public final class RepeatFiles {
    public static final String PER_FEATURE = "per_feature_repeats.csv";
    public static final String PER_FIELD = "per_field_repeats.csv";
    public static final String SCALARS = "repeats.json";
    /** Where the analyses after the first go, under the output directory. */
    public static final String DIRECTORY = "repeats";

    /** The directory of the repeat with analysis-set seed {@code seed}. */
    public static Path repeatDir(Path out, long seed) {
        return out.resolve(DIRECTORY).resolve("seed-" + seed);
    }

    /**
     * One line of per_field_repeats.csv: a per-field statistic's interval over the repeats and its
     * values in seed order (NaN where a repeat had none).
     */
    public record FieldStatistic(ConfidenceInterval interval, double[] values) {
    }

    /** Whether {@code analysisDir} holds a spread (an analysis run with --repeats K, K ≥ 2). */
    public static boolean present(Path analysisDir) {
        return Files.isRegularFile(analysisDir.resolve(PER_FIELD)) && Files.isRegularFile(analysisDir.resolve(SCALARS));
    }

    /**
     * per_field_repeats.csv as field → statistic → its line.
     *
     * @throws HelenException naming the file where it cannot be read
     */
    public static Map<String, Map<String, FieldStatistic>> readPerField(Path analysisDir) {
        Path csv = analysisDir.resolve(PER_FIELD);
        Table t = read(csv, tech.tablesaw.io.csv.CsvReadOptions.builder(csv.toFile()).header(true)
                .missingValueIndicator("").columnTypes(new tech.tablesaw.api.ColumnType[] {
                    tech.tablesaw.api.ColumnType.STRING, tech.tablesaw.api.ColumnType.STRING,
                    tech.tablesaw.api.ColumnType.INTEGER, tech.tablesaw.api.ColumnType.DOUBLE,
                    tech.tablesaw.api.ColumnType.DOUBLE, tech.tablesaw.api.ColumnType.DOUBLE,
                    tech.tablesaw.api.ColumnType.DOUBLE, tech.tablesaw.api.ColumnType.STRING}).build());
        Map<String, Map<String, FieldStatistic>> out = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String[] parts = t.stringColumn("values").get(i).split(";", -1);
            double[] v = Arrays.stream(parts).mapToDouble(x -> x.isEmpty() ? Double.NaN : Double.parseDouble(x)).toArray();
            ConfidenceInterval ci = new ConfidenceInterval(t.intColumn("repeats").get(i), t.doubleColumn("mean").getDouble(i),
                    t.doubleColumn("std").getDouble(i), t.doubleColumn("ci_low").getDouble(i), t.doubleColumn("ci_high").getDouble(i));
            out.computeIfAbsent(t.stringColumn("field").get(i), k -> new LinkedHashMap<>())
                    .put(t.stringColumn("statistic").get(i), new FieldStatistic(ci, v));
        }
        return out;
    }

    /**
     * per_feature_repeats.csv of {@code analysisDir}, typed (tokens stay text).
     *
     * @throws HelenException naming the file where it cannot be read
     */
    public static Table readPerFeature(Path analysisDir) {
        Path csv = analysisDir.resolve(PER_FEATURE);
        Map<String, tech.tablesaw.api.ColumnType> types = new LinkedHashMap<>();
        for (String c : List.of("field", "token", "kind")) {
            types.put(c, tech.tablesaw.api.ColumnType.STRING);
        }
        types.put("row", tech.tablesaw.api.ColumnType.INTEGER);
        types.put("repeats_seen", tech.tablesaw.api.ColumnType.INTEGER);
        for (String c : List.of("frequency_mean", "lambda_mean", "lambda_std", "lambda_ci_low", "lambda_ci_high",
                "grad_norm_mean", "grad_norm_std", "residual_max")) {
            types.put(c, tech.tablesaw.api.ColumnType.DOUBLE);
        }
        return read(csv, tech.tablesaw.io.csv.CsvReadOptions.builder(csv.toFile()).header(true)
                .missingValueIndicator("").maxCharsPerColumn(1 << 20).columnTypesPartial(types)
                .columnTypesToDetect(List.of(tech.tablesaw.api.ColumnType.STRING)).build());
    }

    /** One of the spread's CSV files, or one line naming it where it cannot be read. */
    private static Table read(Path csv, tech.tablesaw.io.csv.CsvReadOptions options) {
        try {
            return Table.read().usingOptions(options);
        } catch (RuntimeException e) {
            throw new HelenException(csv + ": unreadable (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "); run helen analyze --repeats again", e);
        }
    }

    /** repeats.json of {@code analysisDir}. */
    public static JsonNode readScalars(Path analysisDir) {
        return Json.read(analysisDir.resolve(SCALARS), JsonNode.class);
    }

    private RepeatFiles() {
    }
}
