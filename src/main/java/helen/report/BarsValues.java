package helen.report;

import helen.util.HelenException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BARS leaderboard's test AUC and logloss for helen's models on the BARS datasets
 * ({@code src/main/resources/helen/bars/}, its README says from where), so that a run on Criteo_x4_001,
 * Avazu_x4_001 or TaobaoAd_x1 is reported beside the benchmark's value for its model. Only data read as
 * BARS reads it is compared: a dataset named {@code criteo_x4}, {@code avazu_x4} or {@code taobaoad_x1}
 * (not the official Helen code's readings, nor synthetic data shaped like them).
 */
public final class BarsValues {
    /** One leaderboard row: the BARS model name and the page of its result. */
    public record Result(String dataset, String model, String barsModel, double auc, double logloss, String source) {
    }

    private static final List<Result> RESULTS = read();

    private BarsValues() {
    }

    /** Whether runs of {@code dataset} compare with the leaderboard (their data is read as BARS reads it). */
    public static boolean covers(String dataset) {
        return RESULTS.stream().anyMatch(r -> r.dataset().equals(dataset));
    }

    public static Optional<Result> result(String dataset, String model) {
        return RESULTS.stream().filter(r -> r.dataset().equals(dataset) && r.model().equals(model)).findFirst();
    }

    private static List<Result> read() {
        String resource = "/helen/bars/leaderboard.csv";
        try (InputStream in = BarsValues.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new HelenException("missing resource " + resource);
            }
            Table t = Table.read().csv(CsvReadOptions.builder(in).columnTypes(column -> ColumnType.STRING).build());
            List<Result> out = new ArrayList<>();
            for (Row r : t) {
                out.add(new Result(r.getString("dataset"), r.getString("model"), r.getString("bars_model"),
                        Double.parseDouble(r.getString("auc")), Double.parseDouble(r.getString("logloss")), r.getString("source")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new HelenException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
