package helen.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports on a grid directory: every results cell is the selected setting's mean ± std over seeds,
 * the selection is named under the table, runs without a result are named; and the §4.2 statistics,
 * computed from the paper's own tables, give the numbers its text states.
 */
class GridReportTest {
    @TempDir
    Path dir;

    private final StringBuilder plan = new StringBuilder();
    private int index;

    /** One planned run with its metrics (valid AUC and logloss, test AUC and logloss); null test: no result. */
    private void run(String optimizer, Double rho, long seed, double validAuc, Double testAuc, double testLogloss) throws Exception {
        String id = "r" + index;
        ObjectNode line = Json.object().put("index", index++).put("id", id).put("dataset", "criteo").put("model", "deepfm")
                .put("optimizer", optimizer);
        if (rho == null) {
            line.putNull("rho");
        } else {
            line.put("rho", rho);
        }
        line.putNull("xi").put("l2", 0.0).put("seed", seed).put("dir", "runs/" + id);
        plan.append(line).append('\n');
        if (testAuc == null) {
            return;
        }
        ObjectNode m = Json.object().put("dataset", "synthetic_criteo").put("model", "deepfm").put("status", "finished");
        m.putObject("optimizer").put("name", optimizer);
        m.putObject("valid").put("auc", validAuc).put("logloss", 0.4);
        m.putObject("test").put("auc", testAuc).put("logloss", testLogloss);
        Path r = dir.resolve("runs").resolve(id);
        Files.createDirectories(r);
        Json.writeAtomically(r.resolve("metrics.json"), m);
    }

    @Test
    void cellsAreTheSelectedSettingsMeansOverSeeds() throws Exception {
        run("adam", null, 1, 0.70, 0.71, 0.45);
        run("adam", null, 2, 0.70, 0.73, 0.47);
        run("sam", 0.05, 1, 0.69, 0.80, 0.40); // worse on validation: not selected, whatever its test AUC
        run("sam", 0.05, 2, 0.69, 0.80, 0.40);
        run("sam", 0.01, 1, 0.72, 0.72, 0.44);
        run("sam", 0.01, 2, 0.72, 0.74, 0.46);
        run("sam", 0.01, 3, 0.72, null, 0); // planned, never finished
        Files.writeString(dir.resolve("grid.jsonl"), plan);

        new ReportBuilder(dir, dir.resolve("out"), "C13", new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build();
        List<String> csv = Files.readAllLines(dir.resolve("out/reports/table2_3_6_results_criteo.csv"));
        Map<String, String> row = new LinkedHashMap<>();
        List<String> header = List.of(csv.get(0).split(",", -1));
        List<String> cells = List.of(csv.get(1).split(",", -1));
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), cells.get(i));
        }
        double sd = 100 * Math.abs(0.72 - 0.74) / Math.sqrt(2);
        assertEquals("deepfm", row.get("model"));
        assertEquals(String.format(java.util.Locale.ROOT, "72.000 ± %.3f", sd), row.get("adam AUC"));
        // ρ 0.01, the validation pick, planned with 3 seeds of which 2 have a result: marked, and said so below the table
        assertEquals(String.format(java.util.Locale.ROOT, "73.000 ± %.3f †", sd), row.get("sam AUC"), "ρ 0.01, the validation pick");
        assertEquals(String.format(java.util.Locale.ROOT, "45.000 ± %.3f †", sd), row.get("sam logloss"));
        String md = Files.readString(dir.resolve("out/reports/table2_3_6_results_criteo.md"));
        assertTrue(md.contains("mean ± sample std over 2 seeds") && md.contains("sam ρ 0.01 l2 0 (1 model)")
                && md.contains("adam l2 0 (1 model)"), md);
        assertTrue(md.contains("† fewer runs than planned") && md.contains("deepfm sam (2 of 3 seeds, 1 of the cell's runs without a result)"),
                md);
        String runs = Files.readString(dir.resolve("out/reports/runs.md"));
        assertTrue(runs.contains("runs/r4 runs/r5") && runs.contains("run r6 (not run yet)") && runs.contains("2 of 3 †"), runs);
        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(dir.resolve("out/reports/report.html").toFile(), "UTF-8");
        assertTrue(html.select("td").stream().anyMatch(td -> td.text().equals(String.format(java.util.Locale.ROOT, "73.000 ± %.3f †", sd))),
                "report.html marks the cell too");
        assertTrue(html.text().contains("deepfm sam (2 of 3 seeds"), "and says why");
    }

    /** §4.2 of the paper, recomputed from its Tables 2, 3 and 6, against the numbers its text gives (rounded there). */
    @Test
    void section42FromThePapersTablesGivesItsText() {
        Map<String, OptimizerGaps> avazu = byName(OptimizerGaps.paper("avazu", Tables.OPTIMIZERS).orElseThrow());
        Map<String, OptimizerGaps> criteo = byName(OptimizerGaps.paper("criteo", Tables.OPTIMIZERS).orElseThrow());
        Map<String, OptimizerGaps> taobao = byName(OptimizerGaps.paper("taobao", Tables.OPTIMIZERS).orElseThrow());
        // §4.2.1: best − worst AUC across models (Adam) 2.30 / 0.13 / 0.61; without the extremes 0.35 / 0.07 / 0.51
        assertEquals(2.30, avazu.get("adam").aucGap(), 0.006);
        assertEquals(0.13, criteo.get("adam").aucGap(), 0.006);
        assertEquals(0.61, taobao.get("adam").aucGap(), 0.006);
        assertEquals(0.35, avazu.get("adam").aucGapTrimmed(), 0.006);
        assertEquals(0.07, criteo.get("adam").aucGapTrimmed(), 0.006);
        assertEquals(0.51, taobao.get("adam").aucGapTrimmed(), 0.006);
        // §4.2.2: NAdam 0.15 / 0.03 / −0.09, RAdam 0.03 / 0.03 / −0.27 (points of AUC ×100 over Adam, mean over models)
        assertEquals(0.15, avazu.get("nadam").aucGain(), 0.006);
        assertEquals(0.03, criteo.get("nadam").aucGain(), 0.006);
        assertEquals(-0.09, taobao.get("nadam").aucGain(), 0.006);
        assertEquals(-0.27, taobao.get("radam").aucGain(), 0.006);
        // §4.2.3: SAM +0.03 on Criteo, −0.10 on Taobao; ASAM +0.04 on Taobao
        assertEquals(0.03, criteo.get("sam").aucGain(), 0.006);
        assertEquals(-0.10, taobao.get("sam").aucGain(), 0.006);
        assertEquals(0.04, taobao.get("asam").aucGain(), 0.006);
        // §4.2.4: Helen +0.36 / +0.07 / +0.37 AUC, logloss −0.22 / −0.07 / −0.37; Taobao's logloss from Table 6 is
        // −0.10 (the text repeats the AUC figure), as its ASAM +0.03 on Avazu is +0.003 in Table 2
        assertEquals(0.36, avazu.get("helen").aucGain(), 0.006);
        assertEquals(0.07, criteo.get("helen").aucGain(), 0.006);
        assertEquals(0.37, taobao.get("helen").aucGain(), 0.006);
        assertEquals(-0.22, avazu.get("helen").loglossChange(), 0.006);
        assertEquals(-0.07, criteo.get("helen").loglossChange(), 0.006);
        assertEquals(-0.10, taobao.get("helen").loglossChange(), 0.006);
        assertEquals(0.003, avazu.get("asam").aucGain(), 0.0006);
        // strictly best AUC: 15 of the 21 cells (the text's "20 out of 21" does not follow from the tables)
        assertEquals(15, avazu.get("helen").best() + criteo.get("helen").best() + taobao.get("helen").best());
        assertEquals(7, avazu.get("helen").models());
    }

    private static Map<String, OptimizerGaps> byName(List<OptimizerGaps> gaps) {
        Map<String, OptimizerGaps> m = new LinkedHashMap<>();
        gaps.forEach(g -> m.put(g.optimizer(), g));
        return m;
    }
}
