package helen.report;

import helen.results.AnalysisTables;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature rows of an analysis's per_feature.csv that were seen in the analysis set, grouped by
 * field, with N counted on that set (OOV buckets left out: see {@link AnalysisTables#seenFeatures}).
 */
public final class PerFeature {
    /** One embedding row. */
    public record Row(String field, long frequency, double lambda, double gradNorm) {
    }

    private final Map<String, List<Row>> byField = new LinkedHashMap<>();

    /** The seen feature rows of an analysis's per_feature.csv (read through {@link AnalysisTables}). */
    public static PerFeature read(Path csv) {
        Table seen = AnalysisTables.seenFeatures(AnalysisTables.perFeature(csv));
        PerFeature p = new PerFeature();
        for (int i = 0; i < seen.rowCount(); i++) {
            Row row = new Row(seen.stringColumn("field").get(i), seen.longColumn("frequency").get(i),
                    seen.doubleColumn("lambda").get(i), seen.doubleColumn("grad_norm").get(i));
            p.byField.computeIfAbsent(row.field(), k -> new ArrayList<>()).add(row);
        }
        return p;
    }

    public List<String> fields() {
        return new ArrayList<>(byField.keySet());
    }

    public List<Row> field(String name) {
        return byField.getOrDefault(name, List.of());
    }

    public List<Row> all() {
        List<Row> out = new ArrayList<>();
        byField.values().forEach(out::addAll);
        return out;
    }
}
