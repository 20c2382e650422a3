package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.results.SpectrumFile;
import helen.stats.ConfidenceInterval;
import helen.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Adam vs SAM vs Helen on the same model and data, wherever two or more of its runs were analysed:
 * one table of the runs (test metrics beside their curvature) and one of the fields (mean λ per
 * optimizer and its ratio to Adam's), so that "does Helen flatten the frequent features?" is read
 * off one place rather than three analyses.
 */
final class OptimizerComparison {
    /** The optimizers in the order the paper discusses them; others follow by name. */
    private static final List<String> ORDER = PaperLayout.SHARPNESS_COMPARED;

    private final String dataset;
    private final String model;
    private final List<RunRecord> runs;

    private OptimizerComparison(String dataset, String model, List<RunRecord> runs) {
        this.dataset = dataset;
        this.model = model;
        this.runs = runs;
    }

    /** One comparison per (dataset, model) with at least two analysed runs. */
    static List<OptimizerComparison> of(List<RunRecord> all) {
        Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
        for (RunRecord r : all) {
            if (r.hasAnalysis()) {
                groups.computeIfAbsent(r.dataset() + "\u0000" + r.model(), k -> new ArrayList<>()).add(r);
            }
        }
        List<OptimizerComparison> out = new ArrayList<>();
        groups.values().stream().filter(g -> g.size() >= 2).forEach(g -> {
            List<RunRecord> sorted = new ArrayList<>(g);
            sorted.sort(Comparator.comparing((RunRecord r) -> ORDER.contains(r.optimizer()) ? ORDER.indexOf(r.optimizer())
                    : ORDER.size()).thenComparing(RunRecord::optimizer));
            out.add(new OptimizerComparison(g.get(0).dataset(), g.get(0).model(), sorted));
        });
        return out;
    }

    String name() {
        return dataset + "_" + model;
    }

    /** Test metrics and curvature, one row per optimizer. */
    ReportTable runs() {
        ReportTable t = new ReportTable("Optimizers side by side: " + model + " on " + dataset,
                List.of("optimizer", "test AUC ×100", "test logloss ×100", "embedding mean λ", "embedding max λ", "r(λ,N)",
                        "dense top λ (H_h)", "model top λ", "model trace"));
        int repeats = 0;
        for (RunRecord r : runs) {
            Map<String, String> all = Tables.perField(r.analysisDir().resolve("per_field.csv")).get("ALL");
            JsonNode dense = Json.read(r.analysisDir().resolve("analysis.json"), JsonNode.class).path("dense_top_eigenvalue");
            Path spectrumFile = r.analysisDir().resolve(SpectrumFile.FILE);
            JsonNode whole = Files.isRegularFile(spectrumFile)
                    ? Json.read(spectrumFile, JsonNode.class).path("parts").path("model") : Json.object();
            Optional<AnalysisSpread> spread = AnalysisSpread.of(r.analysisDir());
            repeats = Math.max(repeats, spread.map(AnalysisSpread::repeats).orElse(0));
            t.add(List.of(r.optimizer(), percent(r.auc()), percent(r.logloss()),
                    spreadOr(spread.flatMap(s -> s.interval("ALL", "mean_lambda")), Tables.num(all, "mean_lambda")),
                    spreadOr(spread.flatMap(s -> s.interval("ALL", "max_lambda")), Tables.num(all, "max_lambda")),
                    spread.flatMap(s -> s.interval("ALL", "pearson_lambda_frequency")).map(AnalysisSpread::f3Bracketed)
                            .orElse(Tables.f3(Tables.num(all, "pearson_lambda_frequency"))),
                    spreadOr(spread.flatMap(s -> s.scalar("dense_top_eigenvalue")),
                            dense.has("value") ? dense.get("value").asDouble() : Double.NaN),
                    spreadOr(spread.flatMap(s -> s.scalar("spectrum.model.top_eigenvalue_1")),
                            whole.path("top_eigenvalues").has(0) ? whole.path("top_eigenvalues").get(0).asDouble() : Double.NaN),
                    spreadOr(spread.flatMap(s -> s.scalar("spectrum.model.trace")),
                            whole.has("trace") ? whole.get("trace").asDouble() : Double.NaN)));
        }
        t.note("Embedding λ pooled over every field's seen rows (OOV buckets left out); model top λ and trace from "
                + "spectrum.json (helen analyze --spectrum), empty where the analysis ran without it.");
        if (repeats > 0) {
            t.note("Runs analysed with --repeats: mean over the analysis sets ± the 95 % interval's half-width. "
                    + AnalysisSpread.note(repeats));
        }
        return t;
    }

    /** The mean ± half-width over the repeats where the analysis has them, else the single analysis's value. */
    private static String spreadOr(Optional<ConfidenceInterval> spread, double single) {
        return spread.map(AnalysisSpread::sciPlusMinus).orElse(Tables.sci(single));
    }

    /** Mean λ of every field per optimizer, and each optimizer's ratio to Adam's where Adam was analysed. */
    ReportTable fields() {
        Map<String, Map<String, Map<String, String>>> perField = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>();
        for (RunRecord r : runs) {
            Map<String, Map<String, String>> f = Tables.perField(r.analysisDir().resolve("per_field.csv"));
            perField.put(r.optimizer(), f);
            names.addAll(f.keySet());
        }
        names.remove("ALL");
        List<String> optimizers = new ArrayList<>(perField.keySet());
        boolean adam = optimizers.contains(PaperLayout.BASELINE);
        List<String> header = new ArrayList<>(List.of("field"));
        optimizers.forEach(o -> header.add("mean λ " + o));
        if (adam) {
            optimizers.stream().filter(o -> !o.equals(PaperLayout.BASELINE)).forEach(o -> header.add(o + " / " + PaperLayout.BASELINE));
        }
        ReportTable t = new ReportTable("Mean λ per field, optimizers side by side: " + model + " on " + dataset, header);
        Map<String, Optional<AnalysisSpread>> spreads = new LinkedHashMap<>();
        runs.forEach(r -> spreads.put(r.optimizer(), AnalysisSpread.of(r.analysisDir())));
        for (String field : names) {
            List<String> row = new ArrayList<>(List.of(field));
            optimizers.forEach(o -> row.add(spreadOr(spreads.get(o).flatMap(s -> s.interval(field, "mean_lambda")),
                    Tables.num(perField.get(o).get(field), "mean_lambda"))));
            if (adam) {
                double base = Tables.num(perField.get(PaperLayout.BASELINE).get(field), "mean_lambda");
                optimizers.stream().filter(o -> !o.equals(PaperLayout.BASELINE)).forEach(o -> row.add(
                        spreads.get(o).flatMap(s -> spreads.get(PaperLayout.BASELINE).flatMap(a -> s.ratioTo(a, field, "mean_lambda")))
                                .map(AnalysisSpread::ratioCell)
                                .orElse(ratio(Tables.num(perField.get(o).get(field), "mean_lambda"), base))));
            }
            t.add(row);
        }
        t.note("Mean over each field's rows seen in the analysis set; a ratio below 1 means a flatter field than under Adam.");
        int repeats = spreads.values().stream().flatMap(Optional::stream).mapToInt(AnalysisSpread::repeats).max().orElse(0);
        if (repeats > 0) {
            t.note("Where both runs were analysed with --repeats on the same seeds, the ratio is the geometric mean of the "
                    + "per-set ratios with its interval. " + AnalysisSpread.ratioNote(repeats));
        } else {
            t.note("One analysis set per run: helen analyze --repeats K gives these numbers intervals and says which ratios are "
                    + "within the analysis noise.");
        }
        return t;
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private static String ratio(double v, double base) {
        return Double.isNaN(v) || Double.isNaN(base) || base == 0 ? "" : String.format(Locale.ROOT, "%.3f", v / base);
    }
}
