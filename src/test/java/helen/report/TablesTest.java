package helen.report;

import helen.optim.Optimizers;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report tables checked against the run files they are built from. */
class TablesTest {
    @TempDir
    Path dir;

    void run(String dataset, String model, String optimizer, double auc, double logloss) throws Exception {
        Path r = dir.resolve(dataset).resolve(model + "_" + optimizer);
        Files.createDirectories(r);
        var m = Json.object();
        m.put("dataset", dataset).put("model", model);
        m.putObject("optimizer").put("name", optimizer);
        m.putObject("test").put("auc", auc).put("logloss", logloss);
        Json.writeAtomically(r.resolve("metrics.json"), m);
    }

    @Test
    void resultsTableCarriesTheRunNumbersMarksTheBestAndAverages() throws Exception {
        run("d", "dnn", "adam", 0.80000, 0.45);
        run("d", "dnn", "helen", 0.80300, 0.44);
        run("d", "deepfm", "adam", 0.81000, 0.43);
        run("d", "deepfm", "helen", 0.80900, 0.42);
        List<RunRecord> runs = RunRecord.scan(dir);
        assertEquals(4, runs.size());
        ReportTable t = Tables.results(runs, "d");
        assertEquals(3, t.rowCount(), "dnn, deepfm, average");
        List<String> dnn = t.row(0);
        int adamAuc = 1;
        int helenAuc = 1 + Tables.OPTIMIZERS.indexOf("helen");
        assertEquals("dnn", dnn.get(0));
        assertEquals("80.000", dnn.get(adamAuc));
        assertEquals("80.300", dnn.get(helenAuc));
        assertEquals("", dnn.get(1 + Tables.OPTIMIZERS.indexOf("sam")), "missing cells stay empty");
        assertEquals("80.500", t.row(2).get(adamAuc), "average of 80.0 and 81.0");
        assertEquals("80.600", t.row(2).get(helenAuc));
        String md = t.markdown();
        assertTrue(md.contains("**80.300**"), "Helen is best for DNN:\n" + md);
        assertTrue(md.contains("**81.000**"), "Adam is best for DeepFM");
        assertTrue(md.contains("**42.000**"), "lowest logloss in bold, ×100 as the paper prints it");
        assertEquals("45.000", dnn.get(1 + Tables.OPTIMIZERS.size()), "adam's logloss 0.45 ×100");
        // variance of AUC x100 across models: adam {80, 81} -> 0.5, helen {80.3, 80.9} -> 0.18
        assertTrue(md.contains("adam 5.000e-01"), md);
        assertTrue(md.contains("helen 1.800e-01"), md);
    }

    @Test
    void tTestTableUsesEveryPairedCell() throws Exception {
        run("a", "dnn", "adam", 0.80, 0.45);
        run("a", "dnn", "helen", 0.81, 0.45);
        run("b", "dnn", "adam", 0.70, 0.5);
        run("b", "dnn", "helen", 0.705, 0.5);
        run("b", "pnn", "adam", 0.75, 0.5);
        run("b", "pnn", "helen", 0.752, 0.5);
        run("b", "dcn", "helen", 0.9, 0.5); // no Adam partner: not a cell
        run("b", "pnn", "sam", 0.753, 0.5);  // beats Helen here: Helen is best in 2 of the 3 cells
        ReportTable t = Tables.tTest(RunRecord.scan(dir));
        List<String> row = t.row(0);
        assertEquals("ours", row.get(0));
        assertEquals("3", row.get(1));
        // differences 0.01, 0.005, 0.002 -> mean 0.005667 (x100 = 0.567)
        assertEquals("0.567", row.get(2));
        // scipy.stats.ttest_rel([0.81, 0.705, 0.752], [0.80, 0.70, 0.75]): t 2.4285714285714284,
        // p 0.13584143478190688; alternative='greater': 0.06792071739095344
        assertEquals("2.429", row.get(3));
        assertEquals("1.358e-01", row.get(4));
        assertEquals("6.792e-02", row.get(5));
        assertEquals("2", row.get(6));
        List<String> paper = t.row(1);
        assertTrue(paper.get(0).startsWith("paper"));
        assertEquals("21", paper.get(1));
        // scipy on the paper's own 21 cells (reference/paper_statistics.json): p 0.015445658632650022 / 0.007722829316325011
        assertEquals("1.545e-02", paper.get(4));
        assertEquals("7.723e-03", paper.get(5));
        assertEquals("15 (16 with ties)", paper.get(6));
    }

    @Test
    void ablationAndComparisonTablesPutThePapersValuesBesideOurs() throws Exception {
        run("criteo_x4", "deepfm", "adam", 0.81, 0.44);
        run("criteo_x4", "deepfm", "helen-m", 0.812, 0.438);
        run("criteo_x4", "deepfm", "helen", 0.8151, 0.437);
        List<RunRecord> runs = RunRecord.scan(dir);
        ReportTable a = Tables.ablation(runs);
        assertEquals(List.of("optimizer", "criteo_x4 AUC", "criteo_x4 logloss", "paper Criteo AUC", "paper Criteo logloss"),
                a.table().columnNames());
        assertEquals(List.of("adam", "81.000", "44.000", "81.366", "43.835"), a.row(0));
        assertEquals(List.of("sam", "", "", "81.407", "43.809"), a.row(1), "a missing run stays empty");
        assertEquals(List.of("helen-m", "81.200", "43.800", "81.412", "43.803"), a.row(2));
        assertEquals(List.of("helen", "81.510", "43.700", "81.471", "43.735"), a.row(4));
        ReportTable c = Tables.resultsVsPaper(runs, "criteo_x4").orElseThrow();
        // paper Table 3, DeepFM / Adam: logloss 43.835, AUC 81.366 (as in Table 4); BARS's DeepFM on Criteo_x4_001:
        // AUC 0.8143, logloss 0.4376 (its leaderboard), beside every optimizer's row
        assertEquals(List.of("deepfm", "adam", "81.000", "81.366", "-0.366", "44.000", "43.835", "+0.165", "81.430", "43.760"),
                c.row(0));
        assertEquals(List.of("deepfm", "helen", "81.510", "81.471", "+0.039", "43.700", "43.735", "-0.035", "81.430", "43.760"),
                c.row(1), "Helen-m is not a column of Table 3");
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("BARS leaderboard") && n.contains("5b5e61fe")), c.notes().toString());
        assertTrue(Tables.resultsVsPaper(runs, "movielens").isEmpty(), "no paper dataset of that name");

        // synthetic data shaped like Criteo is not BARS's data: no BARS columns
        run("synthetic_criteo", "deepfm", "adam", 0.74, 0.46);
        ReportTable synthetic = Tables.resultsVsPaper(RunRecord.scan(dir), "synthetic_criteo").orElseThrow();
        assertEquals(8, synthetic.table().columnCount());
    }

    @Test
    void datasetStatisticsQuoteThePapersTable5() {
        var s = Json.object().put("dataset", "taobao_x1").put("instances", 3).put("fields", 20).put("features", 12)
                .put("positive_rate", 1.0 / 3);
        ReportTable t = Tables.datasetStatistics(List.of(s, Json.object().put("dataset", "mine").put("instances", 2)
                .put("fields", 1).put("features", 2).put("positive_rate", 0.5)));
        assertEquals(List.of("taobao_x1", "3", "20", "12", "33.33", "25.03M", "20", "2.62M", "5.15"), t.row(0));
        assertEquals(List.of("mine", "2", "1", "2", "50.00", "", "", "", ""), t.row(1));
    }

    /** The settings line reads each run's own records: optimizer description, resolved config, analysis.json. */
    @Test
    void settingsLineNamesEveryOptimizerWithItsChoices() throws Exception {
        run("d", "dnn", "adam", 0.8, 0.45);
        run("d", "dnn", "helen", 0.8, 0.45);
        Path helenRun = dir.resolve("d/dnn_helen");
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) Json.read(helenRun.resolve("metrics.json"),
                com.fasterxml.jackson.databind.JsonNode.class);
        m.putObject("optimizer").put("name", "helen").put("rho", 0.05).put("xi", 0.3).put("frequency", "batch")
                .put("normalize", "field").put("perturb", "all_rows").put("network_perturbation", false).put("lr", 1e-3)
                .putObject("base").put("name", "adam").put("lr", 1e-3);
        m.put("seed", 2024).put("batch_size", 256);
        Json.writeAtomically(helenRun.resolve("metrics.json"), m);
        Path adamRun = dir.resolve("d/dnn_adam");
        var a = (com.fasterxml.jackson.databind.node.ObjectNode) Json.read(adamRun.resolve("metrics.json"),
                com.fasterxml.jackson.databind.JsonNode.class);
        a.putObject("optimizer").put("name", "adam").put("lr", 1e-3).put("max_grad_norm", 10.0);
        a.put("seed", 7).put("batch_size", 256);
        Json.writeAtomically(adamRun.resolve("metrics.json"), a);
        String line = RunSettings.training(RunRecord.scan(dir));
        assertTrue(line.contains("adam, clip 10"), line);
        assertTrue(line.contains("helen ρ 0.05 ξ 0.3 (N per batch, norm per field, all_rows, network not perturbed), "
                + "no clip"), line);
        assertTrue(line.contains("seeds 2024 / 7"), "a setting that differs lists every value: " + line);
        assertEquals("", RunSettings.analysis(RunRecord.scan(dir)), "no analysis, no analysis line");
        Files.createDirectories(helenRun.resolve("analysis"));
        var meta = Json.object().put("analysis_samples", 2000).put("split", "train").put("seed", 2024).put("mode", "power")
                .put("tol", 1e-3).put("loss", "mean BCE");
        meta.putObject("dense_top_eigenvalue").put("value", 0.25).put("converged", true);
        Json.writeAtomically(helenRun.resolve("analysis/analysis.json"), meta);
        Files.writeString(helenRun.resolve("analysis/per_field.csv"), "field,rows,rows_seen,mean_lambda,max_lambda,"
                + "pearson_lambda_frequency_train\nALL,10,8,0.001,0.004,0.5\n");
        assertEquals("Analysis: 2000 rows of the train split (seed 2024), mode power, tol 0.001; loss: mean BCE.",
                RunSettings.analysis(RunRecord.scan(dir)));
        ReportTable curvature = Tables.curvature(RunRecord.scan(dir));
        assertEquals(List.of("d", "dnn", "helen", "2.500e-01", "true", "1.000e-03", "4.000e-03", "8"), curvature.row(0),
                "no interval column without --repeats");
        assertEquals(1, curvature.rowCount(), "only analysed runs");
    }

    /** Figure 4's legend: mean and std over the plotted (positive) eigenvalues only, the rest counted. */
    @Test
    void figure4LegendDescribesTheValuesDrawn() {
        // plotted: 1e-4, 3e-4 -> mean 2e-4, sample std 1.414e-4; 0 and -5e-5 cannot be drawn on the log axis
        assertEquals("adam: mean 2.00e-04, std 1.41e-04, n 2 (2 with λ ≤ 0 not drawn)",
                Figures.eigenvalueLegend("adam", new double[] {1e-4, 0, 3e-4, -5e-5}));
        assertEquals("sam: mean 2.00e-04, std 1.41e-04, n 2", Figures.eigenvalueLegend("sam", new double[] {1e-4, 3e-4}));
    }

    /** Table 4's Helen perturbs the network too: under the official variant that is its own run, apart from Table 3's Helen. */
    @Test
    void table4TakesTheHelenRunWithNetworkPerturbation() throws Exception {
        run("criteo_x4", "deepfm", "helen", 0.8151, 0.437);
        Path withNet = dir.resolve("criteo_x4/deepfm_helen+network");
        Files.createDirectories(withNet);
        var m = Json.object().put("dataset", "criteo_x4").put("model", "deepfm");
        m.putObject("optimizer").put("name", "helen").put("variant", "official").put("network_perturbation", true);
        m.putObject("test").put("auc", 0.8160).put("logloss", 0.436);
        Json.writeAtomically(withNet.resolve("metrics.json"), m);
        List<RunRecord> runs = RunRecord.scan(dir);
        assertEquals(List.of("helen", Optimizers.HELEN_WITH_NETWORK), runs.stream().map(RunRecord::optimizer).toList());
        ReportTable a = Tables.ablation(runs);
        assertEquals(List.of("helen", "81.600", "43.600", "81.471", "43.735"), a.row(4));
        assertTrue(a.markdown().contains("both, with the lower bound"), a.markdown());
        ReportTable results = Tables.results(runs, "criteo_x4");
        assertEquals("81.510", results.row(0).get(1 + Tables.OPTIMIZERS.indexOf("helen")), "Table 3 keeps the official Helen");
    }
}
