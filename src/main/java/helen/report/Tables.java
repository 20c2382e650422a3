package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.model.ModelRegistry;
import helen.optim.Optimizers;
import helen.results.AnalysisTables;
import helen.results.RepeatFiles;
import helen.stats.ConfidenceInterval;
import helen.stats.Moments;
import helen.stats.PairedTTest;
import helen.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The paper's tables built from run records, analyses and dataset statistics. */
public final class Tables {
    /** The optimizers of Tables 2, 3 and 6, in the paper's column order. */
    public static final List<String> OPTIMIZERS = Optimizers.paperColumns();
    /** Rows of the results tables: every registered model (the paper's seven first), shown when it has runs. */
    public static final List<String> MODELS = ModelRegistry.names();
    private Tables() {
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String sci(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3e", v);
    }

    /** "[low, high]" in the {@link #sci} format; empty where the interval is undefined. */
    static String bracket(ConfidenceInterval ci) {
        return Double.isNaN(ci.low()) ? "" : String.format(Locale.ROOT, "[%.3e, %.3e]", ci.low(), ci.high());
    }

    static Optional<RunRecord> find(List<RunRecord> runs, String dataset, String model, String optimizer) {
        return runs.stream().filter(r -> r.dataset().equals(dataset) && r.model().equals(model)
                && r.optimizer().equals(optimizer)).findFirst();
    }

    static Set<String> datasets(List<RunRecord> runs) {
        Set<String> d = new LinkedHashSet<>();
        runs.forEach(r -> d.add(r.dataset()));
        return d;
    }

    /**
     * Tables 2, 3 and 6: AUC ×100 and logloss ×100 (as the paper prints both) of every model × optimizer
     * of one dataset, best per row in bold, the averages row, and the variance of AUC ×100 across
     * models per optimizer.
     */
    public static ReportTable results(List<RunRecord> runs, String dataset) {
        List<String> header = new ArrayList<>(List.of("model"));
        for (String o : OPTIMIZERS) {
            header.add(o + " AUC");
        }
        for (String o : OPTIMIZERS) {
            header.add(o + " logloss");
        }
        ReportTable t = new ReportTable("AUC ×100 and logloss ×100 on " + dataset + " (test split)", header);
        int n = OPTIMIZERS.size();
        double[][] auc = new double[MODELS.size()][n];
        double[][] ll = new double[MODELS.size()][n];
        int present = 0;
        List<String> incomplete = new ArrayList<>();
        for (int m = 0; m < MODELS.size(); m++) {
            boolean any = false;
            double[] aucSd = new double[n];
            double[] llSd = new double[n];
            boolean[] lacksRuns = new boolean[n];
            for (int o = 0; o < n; o++) {
                Optional<RunRecord> r = find(runs, dataset, MODELS.get(m), OPTIMIZERS.get(o));
                auc[m][o] = r.map(x -> 100 * x.auc()).orElse(Double.NaN);
                ll[m][o] = r.map(x -> 100 * x.logloss()).orElse(Double.NaN);
                aucSd[o] = r.filter(x -> x.seeds() != null).map(x -> 100 * x.seeds().aucStd()).orElse(Double.NaN);
                llSd[o] = r.filter(x -> x.seeds() != null).map(x -> 100 * x.seeds().loglossStd()).orElse(Double.NaN);
                Optional<RunRecord.Seeds> lacking = r.map(RunRecord::seeds).filter(RunRecord.Seeds::incomplete);
                lacksRuns[o] = lacking.isPresent();
                String cell = MODELS.get(m) + " " + OPTIMIZERS.get(o);
                lacking.ifPresent(x -> incomplete.add(cell + " (" + x.count() + " of " + x.planned() + " seeds"
                        + (x.runsWithoutResult() > 0 ? ", " + x.runsWithoutResult() + " of the cell's runs without a result" : "") + ")"));
                any |= r.isPresent();
            }
            if (any) {
                addRow(t, MODELS.get(m), auc[m], ll[m], aucSd, llSd, lacksRuns);
                present++;
            }
        }
        double[] meanAuc = new double[n];
        double[] meanLl = new double[n];
        for (int o = 0; o < n; o++) {
            meanAuc[o] = mean(column(auc, o));
            meanLl[o] = mean(column(ll, o));
        }
        if (present > 0) {
            double[] none = new double[n];
            java.util.Arrays.fill(none, Double.NaN);
            addRow(t, "average", meanAuc, meanLl, none, none, new boolean[n]);
        }
        selectionNote(runs, dataset).ifPresent(t::note);
        if (!incomplete.isEmpty()) {
            t.note(INCOMPLETE + " fewer runs than planned (a run failed, diverged or has not run; helen grid select names them): "
                    + String.join("; ", incomplete) + ".");
        }
        StringBuilder var = new StringBuilder("Variance of AUC (×100) across models: ");
        for (int o = 0; o < n; o++) {
            var.append(o > 0 ? ", " : "").append(OPTIMIZERS.get(o)).append(' ').append(sci(Moments.sampleVariance(column(auc, o))));
        }
        t.note(var.toString() + ".");
        return t;
    }

    /** Marks a results cell that rests on fewer runs than the plan gave it. */
    public static final String INCOMPLETE = "†";

    /**
     * One row: means in bold where best, each with "± std" over seeds where there is one, and {@link #INCOMPLETE}
     * after a cell with fewer runs than planned.
     */
    private static void addRow(ReportTable t, String name, double[] auc, double[] ll, double[] aucSd, double[] llSd,
                               boolean[] incomplete) {
        int n = auc.length;
        List<String> cells = new ArrayList<>(List.of(name));
        boolean[] bold = new boolean[1 + 2 * n];
        int bestAuc = argBest(auc, true);
        int bestLl = argBest(ll, false);
        for (int o = 0; o < n; o++) {
            cells.add(withStd(auc[o], aucSd[o]) + (incomplete[o] ? " " + INCOMPLETE : ""));
            bold[1 + o] = o == bestAuc;
        }
        for (int o = 0; o < n; o++) {
            cells.add(withStd(ll[o], llSd[o]) + (incomplete[o] ? " " + INCOMPLETE : ""));
            bold[1 + n + o] = o == bestLl;
        }
        t.add(cells, bold);
    }

    /**
     * Under a grid's results table: how the cells were chosen, how many seeds, and which setting each
     * optimizer got (with the number of models that chose it).
     */
    static Optional<String> selectionNote(List<RunRecord> runs, String dataset) {
        List<RunRecord> cells = runs.stream().filter(r -> r.dataset().equals(dataset) && r.seeds() != null).toList();
        if (cells.isEmpty()) {
            return Optional.empty();
        }
        java.util.IntSummaryStatistics seeds = cells.stream().mapToInt(r -> r.seeds().count()).summaryStatistics();
        StringBuilder b = new StringBuilder("Each cell: the setting selected on validation (best mean AUC − logloss over seeds, "
                + "as the paper's §4.1.4), its test mean ± sample std over ")
                .append(seeds.getMin() == seeds.getMax() ? seeds.getMin() + " seeds" : seeds.getMin() + " to " + seeds.getMax() + " seeds")
                .append(". Selected:");
        Map<String, Map<String, Integer>> chosen = new java.util.LinkedHashMap<>();
        for (String o : OPTIMIZERS) {
            cells.stream().filter(r -> r.optimizer().equals(o)).forEach(r -> chosen.computeIfAbsent(o, k -> new java.util.TreeMap<>())
                    .merge(r.seeds().setting(), 1, Integer::sum));
        }
        String sep = " ";
        for (Map.Entry<String, Map<String, Integer>> e : chosen.entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(String.join(", ", e.getValue().entrySet().stream()
                    .map(x -> x.getKey() + " (" + x.getValue() + (x.getValue() == 1 ? " model)" : " models)")).toList()));
            sep = "; ";
        }
        return Optional.of(b.append('.').toString());
    }

    /** "71.150 ± 0.200", or the mean alone without a standard deviation. */
    static String withStd(double mean, double sd) {
        return Double.isNaN(sd) || Double.isNaN(mean) ? f3(mean) : f3(mean) + " ± " + f3(sd);
    }

    static int argBest(double[] v, boolean max) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i]) && (best < 0 || (max ? v[i] > v[best] : v[i] < v[best]))) {
                best = i;
            }
        }
        return best;
    }

    static double[] column(double[][] m, int c) {
        return java.util.Arrays.stream(m).mapToDouble(r -> r[c]).filter(x -> !Double.isNaN(x)).toArray();
    }

    static double mean(double[] v) {
        return Moments.mean(v);
    }

    /**
     * Paired t-test of Helen vs Adam test AUC over every (dataset, model) cell that has both, with both
     * p-values and the cells where Helen is best; beside it the same statistics recomputed from the
     * paper's own Tables 2, 3 and 6.
     */
    public static ReportTable tTest(List<RunRecord> runs) {
        Map<String, Map<String, Double>> auc = new TreeMap<>();
        for (String d : datasets(runs)) {
            for (String m : MODELS) {
                for (String o : OPTIMIZERS) {
                    find(runs, d, m, o).ifPresent(r -> auc.computeIfAbsent(d + "/" + m, k -> new TreeMap<>()).put(o, 100 * r.auc()));
                }
            }
        }
        ReportTable r = new ReportTable("Paired t-test, Helen vs Adam test AUC",
                List.of("source", "cells", "mean AUC difference (×100)", "t", "p (two-sided)", "p (one-sided, Helen > Adam)",
                        "cells with Helen's AUC best"));
        HelenVsAdam ours = HelenVsAdam.of(auc);
        HelenVsAdam paper = HelenVsAdam.ofPaperTables();
        tTestRow(r, "ours", ours);
        tTestRow(r, "paper (recomputed from its Tables 2, 3, 6)", paper);
        r.note("The paper's text says p = 8e-3 (its one-sided value; two-sided it is " + sci(paper.tTest().p()) + ") and Helen "
                + "best in 20 of 21 cells (its own tables give " + paper.helenBest() + "). Cells that share data and seed are "
                + "not independent replicates: read the p-values as descriptive."
                + (runs.stream().anyMatch(x -> x.seeds() != null) ? " Our cells are the selected settings' test AUC means over "
                + "their seeds: the test pairs cells, not seeds." : ""));
        return r;
    }

    private static void tTestRow(ReportTable r, String source, HelenVsAdam s) {
        PairedTTest t = s.tTest();
        r.add(List.of(source, Integer.toString(s.cells()), f3(t.meanDifference()), f3(t.t()), sci(t.p()), sci(t.pGreater()),
                s.helenBest() + (s.helenBestOrTied() > s.helenBest() ? " (" + s.helenBestOrTied() + " with ties)" : "")));
    }

    /** The paper's value beside ours for every cell of one dataset's results table, and the difference. */
    public static Optional<ReportTable> resultsVsPaper(List<RunRecord> runs, String dataset) {
        Optional<String> paper = PaperValues.paperDataset(dataset);
        if (paper.isEmpty()) {
            return Optional.empty();
        }
        boolean bars = BarsValues.covers(dataset); // the data read as BARS reads it: its leaderboard is comparable
        List<String> header = new ArrayList<>(List.of("model", "optimizer", "AUC", "paper AUC", "Δ AUC", "logloss", "paper logloss",
                "Δ logloss"));
        if (bars) {
            header.addAll(List.of("BARS AUC", "BARS logloss"));
        }
        ReportTable t = new ReportTable("Ours vs the paper" + (bars ? " and BARS" : "") + " on " + dataset + " (paper: " + paper.get()
                + "), ×100", header);
        for (String m : MODELS) {
            for (String o : OPTIMIZERS) {
                Optional<RunRecord> r = find(runs, dataset, m, o);
                if (r.isEmpty()) {
                    continue;
                }
                Optional<PaperValues.Result> pv = PaperValues.result(dataset, m, o);
                double auc = 100 * r.get().auc();
                double ll = 100 * r.get().logloss();
                List<String> row = new ArrayList<>(List.of(m, o, f3(auc), pv.map(x -> f3(x.aucX100())).orElse(""),
                        pv.map(x -> signed(auc - x.aucX100())).orElse(""), f3(ll), pv.map(x -> f3(x.loglossX100())).orElse(""),
                        pv.map(x -> signed(ll - x.loglossX100())).orElse("")));
                if (bars) {
                    Optional<BarsValues.Result> b = BarsValues.result(dataset, m);
                    row.add(b.map(x -> f3(100 * x.auc())).orElse(""));
                    row.add(b.map(x -> f3(100 * x.logloss())).orElse(""));
                }
                t.add(row);
            }
        }
        t.note("Paper values: Tables 2 (Avazu), 3 (Criteo), 6 (Taobao) of Zhu et al., WWW 2024 "
                + "(src/main/resources/helen/paper/results_tables_2_3_6.csv). Empty: a model the paper does not have.");
        if (bars) {
            t.note("BARS values: the BARS leaderboard for " + dataset + " (reczoo/BARS docs/CTR/leaderboard @ 5b5e61fe; each "
                    + "result's page in src/main/resources/helen/bars/leaderboard.csv), Adam-trained, the same for every "
                    + "optimizer's row. Empty: a model BARS has no result for on this dataset.");
        }
        return Optional.of(t);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.3f", v);
    }

    /** Table 4: the ablation on DeepFM (Adam, SAM, Helen-m, Helen-b, Helen) per dataset. */
    public static ReportTable ablation(List<RunRecord> runs) {
        List<String> header = new ArrayList<>(List.of("optimizer"));
        List<String> ds = new ArrayList<>(datasets(runs));
        for (String d : ds) {
            header.add(d + " AUC");
            header.add(d + " logloss");
        }
        header.add("paper Criteo AUC");
        header.add("paper Criteo logloss");
        ReportTable t = new ReportTable("Ablation on DeepFM (AUC ×100, logloss ×100)", header);
        Map<String, Map<String, String>> paper = PaperValues.rowsBy("table4_ablation_criteo.csv", "optimizer");
        for (String o : PaperLayout.ABLATION) {
            List<String> cells = new ArrayList<>(List.of(o));
            for (String d : ds) {
                Optional<RunRecord> r = o.equals(PaperLayout.HELEN) ? find(runs, d, PaperLayout.MAIN_MODEL, Optimizers.HELEN_WITH_NETWORK)
                        .or(() -> find(runs, d, PaperLayout.MAIN_MODEL, PaperLayout.HELEN)) : find(runs, d, PaperLayout.MAIN_MODEL, o);
                cells.add(r.map(x -> f3(100 * x.auc())).orElse(""));
                cells.add(r.map(x -> f3(100 * x.logloss())).orElse(""));
            }
            cells.add(paper.containsKey(o) ? paper.get(o).get("auc_x100") : "");
            cells.add(paper.containsKey(o) ? paper.get(o).get("logloss_x100") : "");
            t.add(cells);
        }
        boolean helenPerturbsNetwork = ds.stream().allMatch(d -> find(runs, d, PaperLayout.MAIN_MODEL, Optimizers.HELEN_WITH_NETWORK)
                .or(() -> find(runs, d, PaperLayout.MAIN_MODEL, PaperLayout.HELEN))
                .map(r -> r.metrics().path("optimizer").path("network_perturbation").asBoolean()).orElse(true));
        t.note("Helen-m: embedding perturbation only, no lower bound; Helen-b: embedding + network perturbation, "
                + "no lower bound; Helen: " + (helenPerturbsNetwork ? "both, with the lower bound ξ (as Table 4)."
                : "embedding perturbation with the lower bound ξ, network not perturbed (the official variant's "
                + "net_pert: False; Table 4's Helen perturbs both: helen reproduce trains it as " + Optimizers.HELEN_WITH_NETWORK + ")."));
        return t;
    }

    /**
     * The dense part's top Hessian eigenvalue (H_h, power iteration) beside the embedding rows'
     * pooled statistics, for every analysed run.
     */
    public static ReportTable curvature(List<RunRecord> runs) {
        boolean intervals = anySpread(runs, r -> true);
        List<String> header = new ArrayList<>(List.of("dataset", "model", "optimizer", "dense top λ (H_h)", "converged",
                "embedding mean λ", "embedding max λ", "rows seen"));
        if (intervals) { // a column only where some run was analysed with --repeats
            header.add("mean λ 95% interval");
        }
        ReportTable t = new ReportTable("Curvature of every analysed run: dense part H_h and embedding rows", header);
        int repeats = 0;
        for (RunRecord r : runs) {
            if (!r.hasAnalysis()) {
                continue;
            }
            JsonNode meta = Json.read(r.analysisDir().resolve("analysis.json"), JsonNode.class);
            JsonNode dense = meta.path("dense_top_eigenvalue");
            Map<String, String> all = perField(r.analysisDir().resolve("per_field.csv")).get("ALL");
            Optional<AnalysisSpread> spread = AnalysisSpread.of(r.analysisDir());
            repeats = Math.max(repeats, spread.map(AnalysisSpread::repeats).orElse(0));
            List<String> row = new ArrayList<>(List.of(r.dataset(), r.model(), r.optimizer(),
                    dense.has("value") ? sci(dense.get("value").asDouble()) : "",
                    dense.has("converged") ? dense.get("converged").asText() : "", sci(num(all, "mean_lambda")),
                    sci(num(all, "max_lambda")), all == null ? "" : all.get("rows_seen")));
            if (intervals) {
                row.add(spread.flatMap(x -> x.interval("ALL", "mean_lambda")).map(Tables::bracket).orElse(""));
            }
            t.add(row);
        }
        t.note("H_h: the Hessian of the same analysis loss restricted to the dense weights (first-order tables count as "
                + "dense, as for Helen); empty where the analysis ran with --no-dense.");
        if (repeats > 0) {
            t.note("Values from the analysis with --seed; the interval, where the run was analysed with --repeats, is that of "
                    + "the mean over its sets. " + AnalysisSpread.note(repeats));
        }
        return t;
    }

    /** Table 1: correlations of λ and ‖g‖ with N, pooled over every field, from the Adam runs' analyses. */
    public static ReportTable correlations(List<RunRecord> runs) {
        boolean intervals = anySpread(runs, r -> r.optimizer().equals(PaperLayout.BASELINE));
        List<String> header = new ArrayList<>(List.of("dataset", "model", "pearson r(‖g‖,N)", "pearson r(λ,N)", "spearman ‖g‖",
                "spearman λ", "r(‖g‖,log N)", "r(λ,log N)", "median field r(λ,N)", "rows", "paper r(‖g‖,N)", "paper r(λ,N)"));
        if (intervals) {
            header.add("r(λ,N) 95% interval");
        }
        ReportTable t = new ReportTable("Correlation with feature frequency N (Adam runs, pooled over all fields)", header);
        int repeats = 0;
        Map<String, Map<String, String>> paper = PaperValues.rowsBy("table1_correlations.csv", "dataset", "model");
        for (RunRecord r : runs) {
            if (!r.optimizer().equals(PaperLayout.BASELINE) || !r.hasAnalysis()) {
                continue;
            }
            Map<String, Map<String, String>> f = perField(r.analysisDir().resolve("per_field.csv"));
            Map<String, String> all = f.get("ALL");
            Optional<AnalysisSpread> spread = AnalysisSpread.of(r.analysisDir());
            repeats = Math.max(repeats, spread.map(AnalysisSpread::repeats).orElse(0));
            double[] fieldR = f.entrySet().stream().filter(e -> !e.getKey().equals("ALL"))
                    .map(e -> e.getValue().get("pearson_lambda_frequency")).filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble).sorted().toArray();
            double median = fieldR.length == 0 ? Double.NaN : fieldR[fieldR.length / 2];
            List<String> row = new ArrayList<>(List.of(r.dataset(), r.model(), f3(num(all, "pearson_grad_frequency")),
                    f3(num(all, "pearson_lambda_frequency")), f3(num(all, "spearman_grad_frequency")),
                    f3(num(all, "spearman_lambda_frequency")), f3(num(all, "pearson_grad_logfrequency")),
                    f3(num(all, "pearson_lambda_logfrequency")), f3(median), all.get("rows_seen"),
                    published(paper, r, "pearson_grad_frequency"), published(paper, r, "pearson_lambda_frequency")));
            if (intervals) {
                row.add(spread.flatMap(x -> x.interval("ALL", "pearson_lambda_frequency")).map(ci -> String.format(Locale.ROOT,
                        "[%.3f, %.3f]", ci.low(), ci.high())).orElse(""));
            }
            t.add(row);
        }
        if (repeats > 0) {
            t.note("r(λ,N) interval: over the analysis sets of helen analyze --repeats, where a run has them. "
                    + AnalysisSpread.note(repeats));
        }
        t.note("Paper columns: Table 1 of Zhu et al. (its dataset of the same name; empty where it has none). "
                + "N is each feature's count in the analysis set, the set the Hessian's loss is averaged over (OOV buckets left "
                + "out); λ grows with N almost by construction (the loss is a mean over occurrences); see λ/N in per_feature.csv.");
        return t;
    }

    /** Whether some analysed run that {@code which} picks was analysed with --repeats (its tables then get interval columns). */
    private static boolean anySpread(List<RunRecord> runs, java.util.function.Predicate<RunRecord> which) {
        return runs.stream().filter(which).filter(RunRecord::hasAnalysis).anyMatch(r -> RepeatFiles.present(r.analysisDir()));
    }

    private static String published(Map<String, Map<String, String>> paper, RunRecord r, String column) {
        Map<String, String> row = PaperValues.paperDataset(r.dataset()).map(d -> paper.get(d + "/" + r.model())).orElse(null);
        return row == null ? "" : row.get(column);
    }

    static double num(Map<String, String> row, String key) {
        String v = row == null ? null : row.get(key);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    /** per_field.csv as field → column → value as written (read through {@link helen.results.AnalysisTables}, typed). */
    public static Map<String, Map<String, String>> perField(Path csv) {
        tech.tablesaw.api.Table t = AnalysisTables.perField(csv);
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (tech.tablesaw.api.Row r : t) {
            Map<String, String> row = new TreeMap<>();
            for (String c : t.columnNames()) {
                row.put(c, r.isMissing(c) ? "" : cell(r.getObject(c)));
            }
            out.put(r.getString("field"), row);
        }
        return out;
    }

    /** A typed cell as text again: integers plainly, doubles by {@link Double#toString} (parsed back exactly). */
    private static String cell(Object v) {
        return v instanceof Double d ? Double.toString(d) : String.valueOf(v);
    }

    /** Table 5: dataset statistics, and the paper's row for the dataset of the same name. */
    public static ReportTable datasetStatistics(List<ObjectNode> stats) {
        ReportTable t = new ReportTable("Dataset statistics", List.of("dataset", "#instances", "#fields", "#features", "%positives",
                "paper #instances", "paper #fields", "paper #features", "paper %positives"));
        Map<String, Map<String, String>> paper = PaperValues.rowsBy("table5_datasets.csv", "dataset");
        for (JsonNode s : stats) {
            String name = s.get("dataset").asText();
            Map<String, String> p = PaperValues.paperDataset(name).map(paper::get).orElse(null);
            t.add(List.of(name, Long.toString(s.get("instances").asLong()),
                    Integer.toString(s.get("fields").asInt()), Long.toString(s.get("features").asLong()),
                    String.format(Locale.ROOT, "%.2f", 100 * s.get("positive_rate").asDouble()),
                    p == null ? "" : p.get("instances"), p == null ? "" : p.get("fields"),
                    p == null ? "" : p.get("features"), p == null ? "" : p.get("positive_percent")));
        }
        t.note("Paper columns: Table 5 of Zhu et al. (the full datasets after BARS filtering; M = millions), beside the data "
                + "these runs used.");
        return t;
    }
}
