package helen.report;

import helen.data.Csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of an analysis's per_feature.csv that were seen in the analysis set, grouped by field. */
public final class PerFeature {
    /** One embedding row. */
    public record Row(String field, long frequency, double lambda, double gradNorm) {
    }

    private final Map<String, List<Row>> byField = new LinkedHashMap<>();

    public static PerFeature read(Path csv) {
        PerFeature p = new PerFeature();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> h = Csv.split(r.readLine());
            int field = h.indexOf("field");
            int freq = h.indexOf("frequency");
            int seen = h.indexOf("frequency_analysis");
            int lambda = h.indexOf("lambda");
            int grad = h.indexOf("grad_norm");
            String line;
            while ((line = r.readLine()) != null) {
                List<String> c = Csv.split(line);
                if (Long.parseLong(c.get(seen)) == 0) {
                    continue;
                }
                Row row = new Row(c.get(field), Long.parseLong(c.get(freq)), Double.parseDouble(c.get(lambda)),
                        Double.parseDouble(c.get(grad)));
                p.byField.computeIfAbsent(row.field(), k -> new ArrayList<>()).add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
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
