package helen.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.hessian.Hutchinson;
import helen.results.RepeatFiles;
import helen.results.AnalysisTables;
import helen.results.SpectrumFile;
import helen.stats.ConfidenceInterval;
import helen.util.FileTrees;
import helen.util.HelenException;
import helen.util.Json;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The spread of an analysis over K analysis sets ({@code helen analyze --repeats K}): the same
 * checkpoint analysed on K sets drawn with seeds s, s+1, …, each with its own probes, and what
 * varies between them summarised with {@link ConfidenceInterval}s (95 %, Student t over the K sets).
 *
 * <ul>
 * <li>{@code per_feature_repeats.csv}: per embedding row, in how many sets it was seen, its mean N,
 *     and mean, standard deviation and interval of λ and ‖g‖ over the sets where it was seen (an
 *     unseen row's block is zero, not a measurement), and its largest power-iteration residual.</li>
 * <li>{@code per_field_repeats.csv}: per field and ALL, every statistic of per_field.csv with its
 *     interval, and the K values in seed order (so that two analyses on the same seeds, hence the
 *     same sets, can be compared pair by pair). Correlations get Fisher-z intervals.</li>
 * <li>{@code repeats.json}: the seeds, and the scalars: the set's loss, the dense part's top
 *     eigenvalue, and with --spectrum every part's Hutchinson trace, Lanczos top eigenvalues and λ_min,
 *     and the mean of its SLQ density (the densities themselves are drawn together by {@code report}).</li>
 * </ul>
 * The intervals are those of the analysis-set and probe noise of one trained model; seed-to-seed
 * training noise is another matter (the grid's seeds measure it). The files and their readers are {@link RepeatFiles}.
 */
public final class AnalysisRepeats {

    /** per_field.csv's statistics summarised over repeats; those in {@link #CORRELATIONS} on Fisher's z. */
    public static final List<String> FIELD_STATISTICS = List.of("pearson_lambda_frequency", "pearson_grad_frequency",
            "spearman_lambda_frequency", "spearman_grad_frequency", "pearson_lambda_logfrequency", "pearson_grad_logfrequency",
            "pearson_lambda_frequency_train", "mean_lambda", "std_lambda", "max_lambda", "mean_lambda_over_n",
            "converged_fraction", "rows_seen");
    static final List<String> CORRELATIONS = FIELD_STATISTICS.stream().filter(s -> s.contains("pearson") || s.contains("spearman"))
            .toList();

    private AnalysisRepeats() {
    }

    /** Removes a previous run's summary and repeats from {@code out}: a new analysis there makes them stale. */
    public static void clear(Path out) {
        try {
            for (String f : List.of(RepeatFiles.PER_FEATURE, RepeatFiles.PER_FIELD, RepeatFiles.SCALARS)) {
                Files.deleteIfExists(out.resolve(f));
            }
            FileTrees.delete(out.resolve(RepeatFiles.DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the previous repeats in " + out, e);
        }
    }

    /**
     * Summarises the analyses in {@code dirs} (the first is {@code out} itself) into {@code out}, and
     * records the repeats in out/analysis.json.
     *
     * @throws HelenException naming the directory whose analysis lists other rows or fields than the first's
     */
    public static void write(Path out, List<Path> dirs) {
        if (dirs.size() < 2) {
            throw new IllegalArgumentException("a spread needs at least two analyses, got " + dirs.size());
        }
        List<JsonNode> metas = dirs.stream().map(d -> Json.read(d.resolve("analysis.json"), JsonNode.class)).toList();
        AnalysisWriter.writeCsv(perFeature(dirs), out.resolve(RepeatFiles.PER_FEATURE));
        AnalysisWriter.writeCsv(perField(dirs), out.resolve(RepeatFiles.PER_FIELD));
        Json.writeAtomically(out.resolve(RepeatFiles.SCALARS), scalars(dirs, metas));
        ObjectNode main = (ObjectNode) metas.get(0);
        ObjectNode r = main.putObject("repeats");
        r.put("count", dirs.size());
        ArrayNode seeds = r.putArray("seeds");
        metas.forEach(m -> seeds.add(m.path("seed").asLong()));
        r.put("confidence", ConfidenceInterval.CONFIDENCE);
        r.put("files", String.join(", ", RepeatFiles.PER_FEATURE, RepeatFiles.PER_FIELD, RepeatFiles.SCALARS)
                + "; each repeat's analysis in " + RepeatFiles.DIRECTORY + "/seed-S");
        Json.writeAtomically(out.resolve("analysis.json"), main);
    }

    /** Per embedding row: running moments over the repeats where it was seen (one per_feature.csv in memory at a time). */
    static Table perFeature(List<Path> dirs) {
        Table first = AnalysisTables.perFeature(dirs.get(0));
        int rows = first.rowCount();
        Running lambda = new Running(rows);
        Running grad = new Running(rows);
        double[] frequencySum = new double[rows];
        double[] residualMax = new double[rows];
        Arrays.fill(residualMax, Double.NaN);
        for (Path dir : dirs) {
            Table t = dir.equals(dirs.get(0)) ? first : AnalysisTables.perFeature(dir);
            requireSameRows(first, t, dirs.get(0), dir);
            long[] n = t.longColumn("frequency").asLongArray();
            double[] l = t.doubleColumn("lambda").asDoubleArray();
            double[] g = t.doubleColumn("grad_norm").asDoubleArray();
            double[] res = t.columnNames().contains("residual") ? t.doubleColumn("residual").asDoubleArray() : null;
            for (int i = 0; i < rows; i++) {
                frequencySum[i] += n[i];
                if (n[i] > 0) {
                    lambda.add(i, l[i]);
                    grad.add(i, g[i]);
                    if (res != null && !Double.isNaN(res[i])) {
                        residualMax[i] = Double.isNaN(residualMax[i]) ? res[i] : Math.max(residualMax[i], res[i]);
                    }
                }
            }
        }
        Table out = Table.create("per_feature_repeats", first.stringColumn("field").copy(), first.intColumn("row").copy(),
                first.stringColumn("token").copy(), first.stringColumn("kind").copy());
        IntColumn seen = IntColumn.create("repeats_seen");
        DoubleColumn nMean = DoubleColumn.create("frequency_mean");
        DoubleColumn lMean = DoubleColumn.create("lambda_mean");
        DoubleColumn lStd = DoubleColumn.create("lambda_std");
        DoubleColumn lLow = DoubleColumn.create("lambda_ci_low");
        DoubleColumn lHigh = DoubleColumn.create("lambda_ci_high");
        DoubleColumn gMean = DoubleColumn.create("grad_norm_mean");
        DoubleColumn gStd = DoubleColumn.create("grad_norm_std");
        for (int i = 0; i < rows; i++) {
            ConfidenceInterval ci = lambda.interval(i);
            seen.append(lambda.count[i]);
            nMean.append(frequencySum[i] / dirs.size());
            lMean.append(ci.mean());
            lStd.append(ci.std());
            lLow.append(ci.low());
            lHigh.append(ci.high());
            ConfidenceInterval g = grad.interval(i);
            gMean.append(g.mean());
            gStd.append(g.std());
        }
        out.addColumns(seen, nMean, lMean, lStd, lLow, lHigh, gMean, gStd,
                DoubleColumn.create("residual_max", residualMax));
        return out;
    }

    /** Per field and statistic: the interval over the repeats and the values in seed order. */
    static Table perField(List<Path> dirs) {
        Map<String, Map<String, double[]>> values = new LinkedHashMap<>();
        for (int r = 0; r < dirs.size(); r++) {
            Table t = AnalysisTables.perField(dirs.get(r));
            for (int i = 0; i < t.rowCount(); i++) {
                String field = t.stringColumn("field").get(i);
                if (r > 0 && !values.containsKey(field)) {
                    throw new HelenException(dirs.get(r) + ": field '" + field + "' is not in " + dirs.get(0));
                }
                for (String s : FIELD_STATISTICS) {
                    double v = t.column(s) instanceof IntColumn c ? (c.isMissing(i) ? Double.NaN : c.getInt(i))
                            : t.doubleColumn(s).getDouble(i);
                    values.computeIfAbsent(field, k -> new LinkedHashMap<>())
                            .computeIfAbsent(s, k -> filledNaN(dirs.size()))[r] = v;
                }
            }
        }
        Table out = Table.create("per_field_repeats", StringColumn.create("field"), StringColumn.create("statistic"),
                IntColumn.create("repeats"), DoubleColumn.create("mean"), DoubleColumn.create("std"),
                DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"), StringColumn.create("values"));
        values.forEach((field, stats) -> stats.forEach((stat, v) -> {
            ConfidenceInterval ci = CORRELATIONS.contains(stat) ? ConfidenceInterval.ofCorrelations(v) : ConfidenceInterval.ofMean(v);
            out.stringColumn("field").append(field);
            out.stringColumn("statistic").append(stat);
            out.intColumn("repeats").append(ci.n());
            out.doubleColumn("mean").append(ci.mean());
            out.doubleColumn("std").append(ci.std());
            out.doubleColumn("ci_low").append(ci.low());
            out.doubleColumn("ci_high").append(ci.high());
            out.stringColumn("values").append(joined(v));
        }));
        return out;
    }

    /** repeats.json: seeds, settings and every scalar the analyses share, each with its interval and values. */
    static ObjectNode scalars(List<Path> dirs, List<JsonNode> metas) {
        ObjectNode out = Json.object();
        out.put("repeats", dirs.size());
        out.put("confidence", ConfidenceInterval.CONFIDENCE);
        ArrayNode seeds = out.putArray("seeds");
        metas.forEach(m -> seeds.add(m.path("seed").asLong()));
        out.put("analysis_samples", metas.get(0).path("analysis_samples").asInt());
        out.put("split", metas.get(0).path("split").asText());
        out.put("note", "each repeat draws its own analysis set and probes (seed s + i); intervals are Student-t over the "
                + "repeats, correlations on Fisher's z");
        ObjectNode stats = out.putObject("statistics");
        put(stats, "set_loss", metas.stream().map(m -> m.path("set_loss")).toList());
        put(stats, "dense_top_eigenvalue", metas.stream().map(m -> m.path("dense_top_eigenvalue").path("value")).toList());
        List<JsonNode> spectra = dirs.stream().map(d -> d.resolve(SpectrumFile.FILE))
                .map(p -> Files.isRegularFile(p) ? Json.read(p, JsonNode.class) : null).toList();
        if (spectra.stream().allMatch(java.util.Objects::nonNull)) {
            spectra.get(0).path("parts").fieldNames().forEachRemaining(part -> {
                List<JsonNode> ofPart = spectra.stream().map(s -> s.path("parts").path(part)).toList();
                put(stats, "spectrum." + part + ".trace", ofPart.stream().map(p -> p.path("trace")).toList());
                put(stats, "spectrum." + part + ".lambda_min", ofPart.stream().map(p -> p.path("lambda_min")).toList());
                // the SLQ density's spread: its mean eigenvalue here, its curves overlaid in spectrum_density_repeats.png
                put(stats, "spectrum." + part + ".density_mean", ofPart.stream().map(p -> p.path("density").path("mean")).toList());
                for (int k = 0; k < ofPart.get(0).path("top_eigenvalues").size(); k++) {
                    int i = k;
                    put(stats, "spectrum." + part + ".top_eigenvalue_" + (k + 1),
                            ofPart.stream().map(p -> p.path("top_eigenvalues").path(i)).toList());
                }
            });
        }
        return out;
    }

    /** One scalar's interval and values under {@code name}; left out where no repeat has it. */
    private static void put(ObjectNode stats, String name, List<JsonNode> nodes) {
        if (nodes.stream().noneMatch(JsonNode::isNumber)) {
            return;
        }
        double[] v = nodes.stream().mapToDouble(n -> n.isNumber() ? n.asDouble() : Double.NaN).toArray();
        ConfidenceInterval ci = ConfidenceInterval.ofMean(v);
        ObjectNode o = stats.putObject(name);
        o.put("n", ci.n());
        putNumber(o, "mean", ci.mean());
        putNumber(o, "std", ci.std());
        putNumber(o, "ci_low", ci.low());
        putNumber(o, "ci_high", ci.high());
        ArrayNode values = o.putArray("values");
        for (double x : v) {
            if (Double.isNaN(x)) {
                values.addNull();
            } else {
                values.add(x);
            }
        }
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Repeats of one checkpoint list the same rows in the same order; anything else is not a repeat. */
    private static void requireSameRows(Table a, Table b, Path da, Path db) {
        if (a.rowCount() != b.rowCount()
                || !Arrays.equals(a.stringColumn("field").asObjectArray(), b.stringColumn("field").asObjectArray())
                || !Arrays.equals(a.intColumn("row").asIntArray(), b.intColumn("row").asIntArray())) {
            throw new HelenException(db + " does not list the rows of " + da + ": not a repeat of the same analysis");
        }
    }

    private static double[] filledNaN(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static String joined(double[] v) {
        List<String> parts = new ArrayList<>();
        for (double x : v) {
            parts.add(Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.9g", x));
        }
        return String.join(";", parts);
    }

    /** Welford's running mean and variance per row. */
    private static final class Running {
        final int[] count;
        final double[] mean;
        final double[] m2;

        Running(int rows) {
            count = new int[rows];
            mean = new double[rows];
            m2 = new double[rows];
        }

        void add(int i, double x) {
            count[i]++;
            double delta = x - mean[i];
            mean[i] += delta / count[i];
            m2[i] += delta * (x - mean[i]);
        }

        ConfidenceInterval interval(int i) {
            int n = count[i];
            return ConfidenceInterval.ofMoments(n, mean[i], n < 2 ? Double.NaN : Math.sqrt(m2[i] / (n - 1)));
        }
    }
}
