package helen.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.results.AnalysisTables;
import helen.util.Json;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The data behind report.html's per-field sharpness view, one analysis at a time: every field's
 * statistics (from per_field.csv, over all its seen rows) and a bounded set of its rows to plot and
 * rank (from per_feature.csv). A field of a full dataset has up to millions of rows, so the page gets
 * at most {@link #POINTS_PER_FIELD} of them: the {@link #TOP_PER_KEY} highest by each ranking the page
 * offers (λ, λ/N, ‖g‖, N), filled up with rows evenly spaced in N so the plot still spans the range.
 */
final class SharpnessExplorer {
    static final int POINTS_PER_FIELD = 300;
    static final int TOP_PER_KEY = 25;

    private SharpnessExplorer() {
    }

    /** A feature row as the page shows it. */
    record Point(String token, long frequency, double lambda, double gradNorm) {
        double lambdaOverN() {
            return lambda / frequency;
        }
    }

    /** One analysis: {@code {key, label, fields: [{name, rows_seen, mean_lambda, max_lambda, r_lambda_n, r_grad_n, shown, points: [[token, N, λ, ‖g‖], …]}]}}. */
    static ObjectNode analysis(String key, String label, Path analysisDir) {
        Table seen = AnalysisTables.seenFeatures(AnalysisTables.perFeature(analysisDir));
        Map<String, List<Point>> byField = new LinkedHashMap<>();
        for (int i = 0; i < seen.rowCount(); i++) {
            byField.computeIfAbsent(seen.stringColumn("field").get(i), f -> new ArrayList<>())
                    .add(new Point(seen.stringColumn("token").get(i), seen.longColumn("frequency").get(i),
                            seen.doubleColumn("lambda").getDouble(i), seen.doubleColumn("grad_norm").getDouble(i)));
        }
        Table stats = AnalysisTables.perField(analysisDir);
        ObjectNode out = Json.object().put("key", key).put("label", label);
        ArrayNode fields = out.putArray("fields");
        for (int i = 0; i < stats.rowCount(); i++) {
            String name = stats.stringColumn("field").get(i);
            if (name.equals("ALL")) {
                continue;
            }
            List<Point> rows = byField.getOrDefault(name, List.of());
            List<Point> shown = shown(rows);
            ObjectNode f = fields.addObject().put("name", name).put("rows_seen", rows.size());
            for (String[] c : new String[][]{{"mean_lambda", "mean_lambda"}, {"max_lambda", "max_lambda"},
                {"r_lambda_n", "pearson_lambda_frequency"}, {"r_grad_n", "pearson_grad_frequency"}}) {
                f.set(c[0], number(stats.doubleColumn(c[1]).getDouble(i)));
            }
            f.put("shown", shown.size());
            ArrayNode points = f.putArray("points");
            for (Point p : shown) {
                points.addArray().add(p.token()).add(p.frequency()).add(number(p.lambda())).add(number(p.gradNorm()));
            }
        }
        return out;
    }

    /** The rows the page gets for one field (all of them when few), in ascending N. */
    static List<Point> shown(List<Point> rows) {
        if (rows.size() <= POINTS_PER_FIELD) {
            return rows.stream().sorted(Comparator.comparingLong(Point::frequency)).toList();
        }
        List<Integer> byN = indicesBy(rows, p -> p.frequency());
        TreeSet<Integer> keep = new TreeSet<>();
        for (ToDoubleFunction<Point> key : List.<ToDoubleFunction<Point>>of(Point::lambda, Point::lambdaOverN,
                Point::gradNorm, p -> p.frequency())) {
            List<Integer> order = indicesBy(rows, key);
            keep.addAll(order.subList(order.size() - TOP_PER_KEY, order.size()));
        }
        List<Integer> rest = byN.stream().filter(i -> !keep.contains(i)).toList();
        int fill = POINTS_PER_FIELD - keep.size();
        for (int k = 0; k < fill; k++) {
            keep.add(rest.get((int) ((long) k * (rest.size() - 1) / Math.max(1, fill - 1))));
        }
        List<Point> out = new ArrayList<>();
        keep.forEach(i -> out.add(rows.get(i)));
        out.sort(Comparator.comparingLong(Point::frequency));
        return out;
    }

    private static List<Integer> indicesBy(List<Point> rows, ToDoubleFunction<Point> key) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingDouble((Integer i) -> key.applyAsDouble(rows.get(i))).thenComparing(i -> i));
        return idx;
    }

    /**
     * Four significant digits (the page shows three, and the data stays a fraction of the figures'
     * size); null where undefined (a field of one row has no correlation): JSON has no NaN.
     */
    static com.fasterxml.jackson.databind.JsonNode number(double v) {
        return Double.isFinite(v)
                ? Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v)))
                : Json.MAPPER.getNodeFactory().nullNode();
    }
}
