package helen.report;

import helen.results.CurvatureFile;
import helen.results.CurvatureMeasurement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A run's curvature.csv (helen train --track-curvature) as curves over the optimizer step. */
final class CurvatureCurves {
    private final List<CurvatureMeasurement> rows;

    private CurvatureCurves(List<CurvatureMeasurement> rows) {
        this.rows = rows;
    }

    static CurvatureCurves read(Path csv) {
        return new CurvatureCurves(CurvatureFile.read(csv));
    }

    /**
     * One statistic by step: of one part ("dense", "model", a table), or with part "fields" pooled
     * over every table: the mean of mean_lambda, the max of max_lambda.
     */
    TreeMap<Long, Double> curve(String part, String statistic) {
        TreeMap<Long, List<Double>> values = new TreeMap<>();
        boolean fields = part.equals("fields");
        for (CurvatureMeasurement r : rows) {
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
