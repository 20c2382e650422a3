package helen.report;

import helen.stats.Moments;
import helen.util.HelenException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The paper's published numbers (Zhu et al., WWW 2024), as data: {@code src/main/resources/helen/paper/}
 * holds them transcribed table by table (its README says from where). Reports put them beside ours.
 */
public final class PaperValues {
    /**
     * One cell of Tables 2 (Avazu), 3 (Criteo) and 6 (Taobao).
     *
     * @param table    the paper's table number
     * @param model    as our registry names it (lower case); "average" for the paper's averages row
     */
    public record Result(int table, String dataset, String model, String optimizer, double loglossX100, double aucX100) {
    }

    private static final List<Result> RESULTS = readResults();

    private PaperValues() {
    }

    /** Every published cell, the averages rows included. */
    public static List<Result> results() {
        return RESULTS;
    }

    /** The paper's dataset our dataset name stands for (criteo_x4, synthetic_criteo → criteo), if any. */
    public static Optional<String> paperDataset(String ours) {
        String d = ours.toLowerCase(Locale.ROOT);
        return List.of("avazu", "criteo", "taobao").stream().filter(d::contains).findFirst();
    }

    public static Optional<Result> result(String ourDataset, String model, String optimizer) {
        Optional<String> d = paperDataset(ourDataset);
        return d.flatMap(pd -> RESULTS.stream().filter(r -> r.dataset().equals(pd) && r.model().equals(model)
                && r.optimizer().equals(optimizer)).findFirst());
    }

    /** Sample variance of AUC ×100 across the paper's models for one dataset and optimizer (§4.2.5). */
    public static double aucVarianceAcrossModels(String dataset, String optimizer) {
        return Moments.sampleVariance(RESULTS.stream().filter(r -> r.dataset().equals(dataset)
                && r.optimizer().equals(optimizer) && !r.model().equals("average")).mapToDouble(Result::aucX100).toArray());
    }

    /**
     * A published table's rows keyed by the given columns joined with '/', each row as column → text
     * (copied: a Tablesaw {@code Row} is a cursor and cannot be kept).
     */
    public static java.util.Map<String, java.util.Map<String, String>> rowsBy(String file, String... keyColumns) {
        java.util.Map<String, java.util.Map<String, String>> out = new java.util.LinkedHashMap<>();
        Table t = table(file);
        for (Row r : t) {
            java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
            t.columnNames().forEach(c -> row.put(c, r.getString(c)));
            out.put(java.util.Arrays.stream(keyColumns).map(row::get).collect(java.util.stream.Collectors.joining("/")), row);
        }
        return out;
    }

    /** A published table by file name ({@code table1_correlations.csv}, …), every column as text. */
    public static Table table(String file) {
        String resource = "/helen/paper/" + file;
        try (InputStream in = PaperValues.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new HelenException("missing resource " + resource);
            }
            return Table.read().csv(CsvReadOptions.builder(in).columnTypes(column -> ColumnType.STRING).build());
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    private static List<Result> readResults() {
        List<Result> out = new ArrayList<>();
        for (Row r : table("results_tables_2_3_6.csv")) {
            out.add(new Result(Integer.parseInt(r.getString("table")), r.getString("dataset"),
                    r.getString("model").toLowerCase(Locale.ROOT), r.getString("optimizer"),
                    Double.parseDouble(r.getString("logloss_x100")), Double.parseDouble(r.getString("auc_x100"))));
        }
        return List.copyOf(out);
    }
}
