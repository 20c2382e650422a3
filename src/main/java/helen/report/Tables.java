package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.stats.PairedTTest;

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
    public static final List<String> OPTIMIZERS = helen.optim.Optimizers.paperColumns();
    /** Rows of the results tables: every registered model (the paper's seven first), shown when it has runs. */
    public static final List<String> MODELS = helen.model.ModelRegistry.names();
    public static final List<String> ABLATION = List.of("adam", "sam", "helen-m", "helen-b", "helen");

    private Tables() {
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String sci(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3e", v);
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
     * Tables 2, 3 and 6: AUC ×100 and logloss of every model × optimizer of one dataset, best per
     * row in bold, the averages row, and the variance of AUC ×100 across models per optimizer.
     */
    public static ReportTable results(List<RunRecord> runs, String dataset) {
        List<String> header = new ArrayList<>(List.of("model"));
        for (String o : OPTIMIZERS) {
            header.add(o + " AUC");
        }
        for (String o : OPTIMIZERS) {
            header.add(o + " logloss");
        }
        ReportTable t = new ReportTable("AUC (×100) and logloss on " + dataset + " (test split)", header);
        int n = OPTIMIZERS.size();
        double[][] auc = new double[MODELS.size()][n];
        double[][] ll = new double[MODELS.size()][n];
        int present = 0;
        for (int m = 0; m < MODELS.size(); m++) {
            boolean any = false;
            for (int o = 0; o < n; o++) {
                Optional<RunRecord> r = find(runs, dataset, MODELS.get(m), OPTIMIZERS.get(o));
                auc[m][o] = r.map(x -> 100 * x.auc()).orElse(Double.NaN);
                ll[m][o] = r.map(RunRecord::logloss).orElse(Double.NaN);
                any |= r.isPresent();
            }
            if (any) {
                addRow(t, MODELS.get(m), auc[m], ll[m]);
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
            addRow(t, "average", meanAuc, meanLl);
        }
        StringBuilder var = new StringBuilder("Variance of AUC (×100) across models: ");
        for (int o = 0; o < n; o++) {
            var.append(o > 0 ? ", " : "").append(OPTIMIZERS.get(o)).append(' ').append(sci(helen.stats.Moments.sampleVariance(column(auc, o))));
        }
        t.note(var.toString() + ".");
        return t;
    }

    private static void addRow(ReportTable t, String name, double[] auc, double[] ll) {
        int n = auc.length;
        List<String> cells = new ArrayList<>(List.of(name));
        boolean[] bold = new boolean[1 + 2 * n];
        int bestAuc = argBest(auc, true);
        int bestLl = argBest(ll, false);
        for (int o = 0; o < n; o++) {
            cells.add(f3(auc[o]));
            bold[1 + o] = o == bestAuc;
        }
        for (int o = 0; o < n; o++) {
            cells.add(String.format(Locale.ROOT, Double.isNaN(ll[o]) ? "" : "%.4f", ll[o]));
            bold[1 + n + o] = o == bestLl;
        }
        t.add(cells, bold);
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
        return helen.stats.Moments.mean(v);
    }

    /** Paired t-test of Helen vs Adam test AUC over every (dataset, model) cell that has both. */
    public static ReportTable tTest(List<RunRecord> runs) {
        List<Double> helen = new ArrayList<>();
        List<Double> adam = new ArrayList<>();
        for (String d : datasets(runs)) {
            for (String m : MODELS) {
                Optional<RunRecord> h = find(runs, d, m, "helen");
                Optional<RunRecord> a = find(runs, d, m, "adam");
                if (h.isPresent() && a.isPresent()) {
                    helen.add(h.get().auc());
                    adam.add(a.get().auc());
                }
            }
        }
        PairedTTest t = PairedTTest.of(helen.stream().mapToDouble(x -> x).toArray(), adam.stream().mapToDouble(x -> x).toArray());
        ReportTable r = new ReportTable("Paired t-test, Helen vs Adam test AUC",
                List.of("cells", "mean AUC difference (×100)", "t", "p (two-sided)"));
        r.add(List.of(Integer.toString(t.n()), f3(100 * t.meanDifference()), f3(t.t()), sci(t.p())));
        r.note("Paper: Helen best in 20 of 21 cells, p = 8e-3 over its 21 cells.");
        return r;
    }

    /** Table 4: the ablation on DeepFM (Adam, SAM, Helen-m, Helen-b, Helen) per dataset. */
    public static ReportTable ablation(List<RunRecord> runs) {
        List<String> header = new ArrayList<>(List.of("optimizer"));
        List<String> ds = new ArrayList<>(datasets(runs));
        for (String d : ds) {
            header.add(d + " AUC");
            header.add(d + " logloss");
        }
        ReportTable t = new ReportTable("Ablation on DeepFM (AUC ×100, logloss)", header);
        for (String o : ABLATION) {
            List<String> cells = new ArrayList<>(List.of(o));
            for (String d : ds) {
                Optional<RunRecord> r = find(runs, d, "deepfm", o);
                cells.add(r.map(x -> f3(100 * x.auc())).orElse(""));
                cells.add(r.map(x -> String.format(Locale.ROOT, "%.4f", x.logloss())).orElse(""));
            }
            t.add(cells);
        }
        t.note("Helen-m: embedding perturbation only, no lower bound; Helen-b: embedding + network perturbation, "
                + "no lower bound; Helen: both, with the lower bound ξ.");
        return t;
    }

    /** Table 1: correlations of λ and ‖g‖ with N, pooled over every field, from the Adam runs' analyses. */
    public static ReportTable correlations(List<RunRecord> runs) {
        ReportTable t = new ReportTable("Correlation with feature frequency N (Adam runs, pooled over all fields)",
                List.of("dataset", "model", "pearson r(‖g‖,N)", "pearson r(λ,N)", "spearman ‖g‖", "spearman λ",
                        "r(‖g‖,log N)", "r(λ,log N)", "median field r(λ,N)", "rows"));
        for (RunRecord r : runs) {
            if (!r.optimizer().equals("adam") || !r.hasAnalysis()) {
                continue;
            }
            Map<String, Map<String, String>> f = perField(r.analysisDir().resolve("per_field.csv"));
            Map<String, String> all = f.get("ALL");
            double[] fieldR = f.entrySet().stream().filter(e -> !e.getKey().equals("ALL"))
                    .map(e -> e.getValue().get("pearson_lambda_frequency")).filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble).sorted().toArray();
            double median = fieldR.length == 0 ? Double.NaN : fieldR[fieldR.length / 2];
            t.add(List.of(r.dataset(), r.model(), f3(num(all, "pearson_grad_frequency")), f3(num(all, "pearson_lambda_frequency")),
                    f3(num(all, "spearman_grad_frequency")), f3(num(all, "spearman_lambda_frequency")),
                    f3(num(all, "pearson_grad_logfrequency")), f3(num(all, "pearson_lambda_logfrequency")), f3(median),
                    all.get("rows_seen")));
        }
        t.note("Paper (Criteo): PNN r(‖g‖,N) 0.715, r(λ,N) 0.943; DeepFM 0.700, 0.825. "
                + "λ grows with N almost by construction (the loss is a mean over occurrences); see λ/N in per_feature.csv.");
        return t;
    }

    static double num(Map<String, String> row, String key) {
        String v = row == null ? null : row.get(key);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    /** per_field.csv as field → column → value as written (read through {@link helen.hessian.AnalysisTables}, typed). */
    public static Map<String, Map<String, String>> perField(Path csv) {
        tech.tablesaw.api.Table t = helen.hessian.AnalysisTables.perField(csv);
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

    /** Table 5: dataset statistics. */
    public static ReportTable datasetStatistics(List<ObjectNode> stats) {
        ReportTable t = new ReportTable("Dataset statistics", List.of("dataset", "#instances", "#fields", "#features", "%positives"));
        for (JsonNode s : stats) {
            t.add(List.of(s.get("dataset").asText(), Long.toString(s.get("instances").asLong()),
                    Integer.toString(s.get("fields").asInt()), Long.toString(s.get("features").asLong()),
                    String.format(Locale.ROOT, "%.2f", 100 * s.get("positive_rate").asDouble())));
        }
        t.note("Paper: Avazu 40,428,967 / 24 / 3,750,999 / 16.98; Criteo 45,840,617 / 39 / 5,549,252 / 25.62; "
                + "Taobao 25,029,435 / 20 / 3,571,432 / 5.14 (the full datasets, not these samples).");
        return t;
    }
}
