package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.results.ResolvedConfigFile;
import helen.util.Json;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The one line under every table and figure that says which settings produced it, read from the
 * runs' own records (metrics.json's optimizer description, config.resolved.yaml, analysis.json): each
 * optimizer with its radius and variant, the initial learning rate, L2, seeds, epochs, and how the
 * analyses were made. A setting that differs between runs is listed with every value it took.
 */
public final class RunSettings {
    private RunSettings() {
    }

    /** The training settings of {@code runs}. */
    public static String training(List<RunRecord> runs) {
        TreeSet<String> optimizers = new TreeSet<>();
        for (RunRecord r : runs) {
            optimizers.add(optimizer(r.metrics().path("optimizer")));
        }
        Map<RunRecord, ResolvedConfigFile> config = new HashMap<>();
        runs.forEach(r -> config.put(r, ResolvedConfigFile.read(r.dir()).orElse(null)));
        Function<ToDoubleFunction<ResolvedConfigFile>, Function<RunRecord, String>> fromConfig = f -> r -> {
            double v = config.get(r) == null ? Double.NaN : f.applyAsDouble(config.get(r));
            return Double.isNaN(v) ? "?" : v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : fmt(v);
        };
        return "Settings: " + String.join("; ", optimizers) + "; lr (initial) "
                + values(runs, fromConfig.apply(ResolvedConfigFile::lr)) + "; L2 (embeddings) "
                + values(runs, fromConfig.apply(ResolvedConfigFile::embeddingRegularizer)) + "; seeds "
                + seeds(runs) + "; epochs (max) "
                + values(runs, fromConfig.apply(ResolvedConfigFile::epochs)) + "; batch "
                + values(runs, r -> r.metrics().path("batch_size").asText()) + ".";
    }

    /** How the analyses among {@code runs} were made (empty when none has one). */
    public static String analysis(List<RunRecord> runs) {
        Map<RunRecord, JsonNode> meta = new HashMap<>();
        runs.stream().filter(RunRecord::hasAnalysis)
                .forEach(r -> meta.put(r, Json.read(r.analysisDir().resolve("analysis.json"), JsonNode.class)));
        if (meta.isEmpty()) {
            return "";
        }
        List<RunRecord> analysed = runs.stream().filter(meta::containsKey).toList();
        Function<String, String> key = k -> values(analysed, r -> meta.get(r).path(k).asText());
        String repeats = values(analysed, r -> meta.get(r).path("repeats").path("count").asText("1"));
        return "Analysis: " + key.apply("analysis_samples") + " rows of the " + key.apply("split") + " split (seed "
                + key.apply("seed") + (repeats.equals("1") ? "" : "; sets per run, each with the next seed: " + repeats)
                + "), mode " + key.apply("mode") + ", tol " + key.apply("tol") + "; loss: " + key.apply("loss") + ".";
    }

    /** One optimizer as its run describes it: name, radius, variant choices, clipping. */
    static String optimizer(JsonNode o) {
        String name = o.path("name").asText();
        StringBuilder b = new StringBuilder(name);
        if (o.has("variant")) {
            b.append(' ').append(o.path("variant").asText());
        }
        if (o.has("rho")) {
            b.append(" ρ ").append(fmt(o.path("rho").asDouble()));
        }
        if (o.has("eta")) {
            b.append(" η ").append(fmt(o.path("eta").asDouble()));
        }
        if (o.has("xi")) {
            b.append(" ξ ").append(fmt(o.path("xi").asDouble())).append(" (N per ").append(o.path("frequency").asText())
                    .append(", norm per ").append(o.path("normalize").asText()).append(", ").append(o.path("perturb").asText())
                    .append(", network ").append(o.path("network_perturbation").asBoolean() ? "perturbed" : "not perturbed")
                    .append(')');
        }
        // the learning rate is left out here: metrics.json holds the last one (after plateau decays); the
        // configured one is in the line's "lr" part
        JsonNode base = o.has("base") ? o.path("base") : o;
        b.append(base.has("max_grad_norm") ? ", clip " + fmt(base.path("max_grad_norm").asDouble()) : ", no clip");
        return b.toString();
    }

    private static String values(List<RunRecord> runs, Function<RunRecord, String> f) {
        TreeSet<String> v = new TreeSet<>();
        runs.forEach(r -> v.add(f.apply(r)));
        return String.join(" / ", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    /** Every run's seed; for a grid's cells, the seeds of every run behind them. */
    private static String seeds(List<RunRecord> runs) {
        List<RunRecord> all = new java.util.ArrayList<>();
        for (RunRecord r : runs) {
            if (r.seeds() == null) {
                all.add(r);
            } else {
                r.seeds().dirs().forEach(d -> all.add(new RunRecord(d, r.dataset(), r.model(), r.optimizer(), Double.NaN, Double.NaN,
                        Json.read(d.resolve("metrics.json"), JsonNode.class))));
            }
        }
        return values(all, r -> r.metrics().path("seed").asText());
    }
}
