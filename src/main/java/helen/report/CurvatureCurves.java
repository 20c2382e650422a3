package helen.report;

import helen.data.Csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A run's curvature.csv (helen train --track-curvature) as curves over the optimizer step. */
final class CurvatureCurves {
    private record Row(long step, String part, String statistic, double value) {
    }

    private final List<Row> rows;

    private CurvatureCurves(List<Row> rows) {
        this.rows = rows;
    }

    static CurvatureCurves read(Path csv) {
        List<Row> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(1, lines.size())) {
                List<String> c = Csv.split(line);
                rows.add(new Row(Long.parseLong(c.get(0)), c.get(2), c.get(3), Double.parseDouble(c.get(4))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CurvatureCurves(rows);
    }

    /**
     * One statistic by step: of one part ("dense", "model", a table), or with part "fields" pooled
     * over every table: the mean of mean_lambda, the max of max_lambda.
     */
    TreeMap<Long, Double> curve(String part, String statistic) {
        TreeMap<Long, List<Double>> values = new TreeMap<>();
        boolean fields = part.equals("fields");
        for (Row r : rows) {
            boolean table = !r.part().equals("dense") && !r.part().equals("model");
            if (r.statistic().equals(statistic) && (fields ? table : r.part().equals(part))) {
                values.computeIfAbsent(r.step(), s -> new ArrayList<>()).add(r.value());
            }
        }
        TreeMap<Long, Double> out = new TreeMap<>();
        values.forEach((step, v) -> out.put(step, statistic.startsWith("max")
                ? v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)
                : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        return out;
    }
}
