package helen.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataContent;
import helen.data.DatasetStats;
import helen.data.EncodedDataset;
import helen.results.CurvatureFile;
import helen.results.GridDirectory;
import helen.results.SpectrumFile;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.Provenance;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the runs under a directory into the paper's artefacts: tables under {@code reports/}
 * (CSV and Markdown) and figures under {@code figures/} (PNG), plus {@code reports/README.md}
 * showing them all. Everything is rendered from saved run and analysis files, never recomputed.
 */
public final class ReportBuilder {
    private final Path runsRoot;
    private final Path reports;
    private final Path figures;
    private final String field;
    private final PrintStream log;
    private final List<String> written = new ArrayList<>();
    /** Every table written, by file name, in order (for report.html). */
    private final Map<String, ReportTable> tables = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    /** The grid directories under the runs root (empty: single runs, one per cell). */
    private List<Path> grids = List.of();
    /** The settings line under every table and figure (see {@link RunSettings}). */
    private String settings = "";

    /**
     * @param field the field of Figure 3 (the paper's is Criteo's C13)
     */
    public ReportBuilder(Path runsRoot, Path out, String field, PrintStream log) {
        this.runsRoot = runsRoot;
        this.reports = out.resolve("reports");
        this.figures = out.resolve("figures");
        this.field = field;
        this.log = log;
    }

    public List<String> build() {
        grids = GridDirectory.find(runsRoot);
        RunSelection selection = grids.isEmpty() ? new RunSelection(RunRecord.scanAll(runsRoot)) : GridCells.select(grids);
        List<RunRecord> runs = selection.used();
        DataContent.requireNotMixed(runs.stream().map(r -> new DataContent.Trained(r.dir().toString(), r.dataset(),
                DataContent.from(r.metrics().get(DataContent.KEY)))).toList(), "report " + runsRoot);
        if (runs.isEmpty()) {
            throw new HelenException("no finished runs (metrics.json with a test result) under " + runsRoot
                    + (selection.diverged().isEmpty() ? "" : " (" + selection.diverged().size() + " diverged)"));
        }
        selection.duplicates().forEach((cell, left) -> warn((left.size() + 1) + " runs for " + cell
                + "; using the first by path, leaving out " + left.stream().map(r -> r.dir().toString()).toList()));
        selection.diverged().forEach(r -> warn("leaving out diverged run " + r.dir() + ": "
                + r.metrics().path("reason").asText()));
        selection.gridLeftOut().forEach(l -> warn("no result, left out of the selection: " + l));
        try {
            Files.createDirectories(reports);
            Files.createDirectories(figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> settingsLines = List.of(RunSettings.training(runs), RunSettings.analysis(runs));
        settings = String.join(" ", settingsLines);
        String stamp = "helen " + Provenance.helenVersion() + ", commit " + Provenance.stamp().get("git_commit").asText()
                + ", from " + (grids.isEmpty() ? runs.size() + " runs" : runs.size() + " selected cells of " + grids.size() + " grids ("
                + runs.stream().mapToInt(r -> r.seeds().count()).sum() + " runs)") + " under " + runsRoot;
        Map<String, EncodedDataset> data = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            Path cache = Path.of(r.metrics().path("data_cache").asText());
            if (Files.isRegularFile(cache.resolve(EncodedDataset.META))) {
                data.putIfAbsent(r.dataset(), EncodedDataset.open(cache));
            }
        }
        List<ObjectNode> stats = new ArrayList<>();
        data.values().forEach(d -> stats.add(DatasetStats.of(d)));
        table(Tables.datasetStatistics(stats), "table5_datasets", stamp);
        table(Tables.correlations(runs), "table1_correlations", stamp);
        for (String d : Tables.datasets(runs)) {
            table(Tables.results(runs, d), "table2_3_6_results_" + d, stamp);
            Tables.resultsVsPaper(runs, d).ifPresent(t -> table(t, "table2_3_6_vs_paper_" + d, stamp));
        }
        table(Tables.tTest(runs), "table_ttest_helen_vs_adam", stamp);
        table(OptimizerGaps.table(runs), "table_section4_2_optimizers", stamp);
        table(Tables.ablation(runs), "table4_ablation", stamp);
        table(Tables.curvature(runs), "table_curvature", stamp);
        table(selection.table(runsRoot), "runs", stamp);

        figure("figure2_frequency.png", p -> Figures.frequencyDistribution(new ArrayList<>(data.values()), p));
        List<RunRecord> adam = runs.stream().filter(r -> r.optimizer().equals(PaperLayout.BASELINE) && r.hasAnalysis()
                && PaperLayout.ANALYSED_MODELS.contains(r.model())).toList();
        figure("figure3_" + field + ".png", p -> Figures.fieldScatter(adam, field, p));
        for (String d : Tables.datasets(runs)) {
            figure("figure4_eigenvalues_" + d + ".png", p -> Figures.eigenvalueDistribution(runs, d, PaperLayout.ANALYSED_MODELS,
                    PaperLayout.SHARPNESS_COMPARED, p));
            figure("figure5_auc_" + d + ".png", p -> Figures.aucSpread(runs, d, p));
        }
        figure("figure6_lambda_adam_vs_helen.png", p -> Figures.lambdaAdamVsHelen(runs, PaperLayout.ANALYSED_MODELS, p));
        spectra(runs);
        curvatureCurves(runs);
        List<OptimizerComparison> comparisons = OptimizerComparison.of(runs);
        for (OptimizerComparison c : comparisons) {
            table(c.runs(), "compare_" + c.name(), stamp);
            table(c.fields(), "compare_fields_" + c.name(), stamp);
        }
        for (RunRecord r : runs) {
            if (r.hasAnalysis()) {
                sharpness(r, stamp);
            }
        }
        writeIndex(stamp);
        new HtmlReportPage(tables, figures, written, settingsLines, warnings).write(reports.resolve("report.html"), stamp, runs, runsRoot);
        written.add("reports/report.html");
        log.println("  wrote " + reports.resolve("report.html"));
        return written;
    }

    private void warn(String line) {
        warnings.add(line);
        log.println("warning: " + line);
    }

    /** One figure per (dataset, model) with spectrum.json analyses: their whole-model densities overlaid (Adam vs SAM vs Helen). */
    private void spectra(List<RunRecord> runs) {
        byModel(runs, r -> r.hasAnalysis() && Files.isRegularFile(r.analysisDir().resolve(SpectrumFile.FILE))).forEach((key, group) -> {
            List<com.fasterxml.jackson.databind.JsonNode> spectra = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (RunRecord r : group) {
                spectra.add(Json.read(r.analysisDir().resolve(SpectrumFile.FILE), com.fasterxml.jackson.databind.JsonNode.class));
                labels.add(r.optimizer());
            }
            figure("spectrum_" + key + ".png", p -> Figures.spectralDensity(spectra, labels, p));
        });
    }

    /** One figure per (dataset, model) whose runs logged curvature while training: the optimizers' curves overlaid. */
    private void curvatureCurves(List<RunRecord> runs) {
        byModel(runs, r -> Files.isRegularFile(r.dir().resolve(CurvatureFile.FILE)))
                .forEach((key, group) -> figure("curvature_training_" + key + ".png", p -> Figures.curvatureOverTraining(group, p)));
    }

    /** The runs that {@code keep} keeps, grouped by "dataset_model" in run order. */
    private static Map<String, List<RunRecord>> byModel(List<RunRecord> runs, java.util.function.Predicate<RunRecord> keep) {
        Map<String, List<RunRecord>> out = new LinkedHashMap<>();
        runs.stream().filter(keep).forEach(r -> out.computeIfAbsent(r.dataset() + "_" + r.model(), k -> new ArrayList<>()).add(r));
        return out;
    }

    /** Per-field sharpness report of one analysis: a table of every field and λ-vs-N small multiples. */
    private void sharpness(RunRecord r, String stamp) {
        String name = "sharpness_" + r.dataset() + "_" + r.model() + "_" + r.optimizer();
        Map<String, Map<String, String>> pf = Tables.perField(r.analysisDir().resolve("per_field.csv"));
        ReportTable t = new ReportTable("Per-field sharpness, " + r.model() + " + " + r.optimizer() + " on " + r.dataset(),
                List.of("field", "rows seen", "mean λ", "max λ", "std λ", "mean λ/N", "r(λ,N)", "r(‖g‖,N)", "spearman λ"));
        pf.entrySet().stream()
                .sorted((a, b) -> Double.compare(Tables.num(b.getValue(), "max_lambda"), Tables.num(a.getValue(), "max_lambda")))
                .forEach(e -> {
                    Map<String, String> v = e.getValue();
                    t.add(List.of(e.getKey(), v.get("rows_seen"), Tables.sci(Tables.num(v, "mean_lambda")),
                            Tables.sci(Tables.num(v, "max_lambda")), Tables.sci(Tables.num(v, "std_lambda")),
                            Tables.sci(Tables.num(v, "mean_lambda_over_n")), Tables.f3(Tables.num(v, "pearson_lambda_frequency")),
                            Tables.f3(Tables.num(v, "pearson_grad_frequency")), Tables.f3(Tables.num(v, "spearman_lambda_frequency"))));
                });
        t.note("Fields sorted by their sharpest row (max λ); ALL pools every field; N counted in the analysis set, OOV "
                + "buckets left out (per_field.csv has them). λ is the top eigenvalue of the row's "
                + "Hessian block; see ../figures/" + name + ".png for λ vs N per field.");
        table(t, name, stamp);
        figure(name + ".png", p -> Figures.perFieldSmallMultiples(PerFeature.read(r.analysisDir().resolve("per_feature.csv")),
                r.model() + "/" + r.optimizer(), p));
    }

    private void table(ReportTable t, String name, String stamp) {
        t.note(settings);
        t.write(reports, name, stamp);
        tables.put(name, t);
        written.add("reports/" + name + ".md");
        log.println("  wrote " + reports.resolve(name + ".{csv,md}"));
    }

    private void figure(String name, java.util.function.Consumer<Path> draw) {
        Path p = figures.resolve(name);
        draw.accept(p);
        if (Files.isRegularFile(p)) {
            written.add("figures/" + name);
            log.println("  wrote " + p);
        }
    }

    private void writeIndex(String stamp) {
        StringBuilder b = new StringBuilder("# Reports regenerated by helen\n\n_" + stamp + "_\n\n");
        b.append("**These numbers come from the runs listed above, not from the paper's datasets.** On the bundled\n")
                .append("samples (synthetic data in Criteo_x4's, Avazu's and TaobaoAd_x1's formats, 8,000 to 16,000 training\n")
                .append("rows each, see `data-samples/README.md`) they show that the pipeline works end to end and what the\n")
                .append("analysis measures; they are not estimates of the paper's results, which need the full BARS datasets\n")
                .append("(`helen reproduce --full BARS_DIR`). The paper's values stand beside ours in each table.\n\n")
                .append("## What differs from the paper, and why\n\n")
                .append("- **Data.** The paper trains on the full Avazu_x4, Criteo_x4 and TaobaoAd_x1; these runs use the data named\n")
                .append("  in each table. Its preprocessing follows BARS/FuxiCTR (criteo_x4: a missing integer is 0 before bucketing).\n")
                .append("  The paper's Taobao runs read every column, histories included, as one categorical token (preset\n")
                .append("  `taobaoad_x1_official`), and so does the Taobao-shaped sample; BARS reads the histories as sequences\n")
                .append("  sharing the ad tables (preset `taobaoad_x1`).\n")
                .append(grids.isEmpty() ? "" : "- **Protocol.** Each results cell is the setting selected on validation (best mean AUC −\n"
                        + "  logloss over its seeds), its test mean ± sample std over those seeds; the selection and seed count are\n"
                        + "  under each results table, every seed's run in the runs table. The paper tunes ρ, ξ and the embedding L2\n"
                        + "  per cell and reports one run per setting; the bundled sample grid (`training/grids/sample.yaml`) keeps\n"
                        + "  the default radii and two seeds to stay within minutes.\n")
                .append("- **Helen.** The `official` variant (default) is the official code and config: mini-batch frequencies, one\n")
                .append("  gradient norm per table, no network perturbation, no gradient clipping; `paper` is Algorithm 1. The\n")
                .append("  settings line under each table says which variant and radii produced it.\n")
                .append("- **Table 4.** The paper's Table 4 Helen perturbs embeddings and network; the official variant's Helen\n")
                .append("  (Tables 2, 3, 6) does not. `helen reproduce` trains DeepFM once more with `network: true`\n")
                .append("  (`helen+network`) for Table 4; without that run the table falls back to `helen` and its note says so.\n")
                .append("- **Statistics.** The paper's p = 8×10⁻³ is a one-sided paired t-test; we give both sides, recompute the\n")
                .append("  paper's own statistics from its tables (Helen best in 15 of 21 cells, not 20), and treat cells that share\n")
                .append("  data and seed as descriptive, not independent replicates.\n")
                .append("- **Hessian analysis.** The paper publishes no analysis code: λ is the top eigenvalue of each row's block of\n")
                .append("  the mean BCE over the analysis set (eval mode, no regulariser) and N is counted on that same set (the\n")
                .append("  paper: H and N both over S); OOV buckets are left out of correlations and plots. The analysis line\n")
                .append("  under each table gives the set, its size, the mode and the tolerance.\n\n");
        for (String w : written) {
            if (w.endsWith(".md")) {
                try {
                    String md = Files.readString(reports.resolve(w.substring("reports/".length())));
                    b.append(md.substring(0, md.lastIndexOf("\n_") + 1)).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        b.append("## Figures\n\n");
        for (String w : written) {
            if (w.endsWith(".png")) {
                String file = w.substring("figures/".length());
                b.append("### ").append(caption(file)).append("\n\n![").append(file).append("](../")
                        .append(w).append(")\n\n").append(settings).append("\n\n");
            }
        }
        AtomicFiles.writeString(reports.resolve("README.md"), b.toString());
    }

    /** The paper's name for a figure file, and the file. */
    static String caption(String file) {
        String title = figureTitle(file);
        return title.equals(file) ? file : title + " — `" + file + "`";
    }

    /** The paper's name for a figure file (the file name for one it does not name). */
    static String figureTitle(String file) {
        String[][] names = {
            {"figure2_", "Figure 2: feature-frequency distribution"},
            {"figure3_", "Figure 3: λ vs N and ‖g‖ vs N for one field (Adam)"},
            {"figure4_", "Figure 4: distribution of top eigenvalues under Adam, SAM and Helen"},
            {"figure5_", "Figure 5: AUC across models, Adam vs Helen"},
            {"figure6_", "Figure 6: λ vs N, Adam vs Helen"},
            {"sharpness_", "Per-field sharpness (λ vs N for every field)"},
            {"spectrum_", "Hessian spectral density of the whole model (SLQ), optimizers overlaid"},
            {"curvature_training_", "Curvature during training (helen train --track-curvature), optimizers overlaid"}};
        for (String[] n : names) {
            if (file.startsWith(n[0])) {
                return n[1];
            }
        }
        return file;
    }
}
