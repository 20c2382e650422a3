package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.synthetic.SyntheticDataset;
import helen.data.synthetic.SyntheticOptions;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helen reproduce} over the paper's three datasets: the bundled Avazu- and Taobao-shaped samples, and BARS's layout. */
class ReproduceDatasetsTest {
    @TempDir
    Path dir;

    /**
     * The Avazu and Taobao samples each get the 6-optimizer grid with two seeds (no ablation: Table 4 is
     * Criteo's), Adam and Helen analyses of the selected cells' first seeds (Table 1, Figure 6), results
     * tables with the paper's Tables 2 and 6 beside them, and Figure 5.
     */
    @Test
    void avazuAndTaobaoSamplesGiveTheirTablesAndFigures() throws Exception {
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            CliContractTest.run("reproduce", "--out", dir.toString(), "--models", "pnn", "--datasets", "synthetic_avazu,synthetic_taobao",
                    "--samples", "500");
        } finally {
            System.setErr(oldErr);
        }
        List<String> jobs = err.toString().lines().filter(l -> l.startsWith("[grid ")).toList();
        assertEquals(24, jobs.size(), "pnn × 6 optimizers × 2 seeds × 2 datasets, one line each:\n" + err);
        assertTrue(jobs.stream().anyMatch(l -> l.matches("\\[grid [0-9]+/24, [0-9.]+ min so far, about [0-9.]+ min left\\] "
                + "synthetic_(avazu|taobao) pnn [a-z]+.* seed 202[45]: test AUC .*")), "the time left, from the mean run so far: " + jobs);
        Path grid = dir.resolve("runs/sample");
        List<JsonNode> plan = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(grid.resolve("grid.jsonl"))) {
            plan.add(Json.MAPPER.readTree(line));
        }
        assertFalse(Files.exists(dir.resolve("runs/sample-ablation")), "no ablation runs without Criteo");
        for (String d : List.of("avazu", "taobao")) {
            assertEquals(12, plan.stream().filter(r -> r.get("dataset").asText().equals("synthetic_" + d)).count(), d);
            for (String o : List.of("adam", "helen", "sam")) {
                Path first = grid.resolve(plan.stream().filter(r -> r.get("dataset").asText().equals("synthetic_" + d)
                        && r.get("optimizer").asText().equals(o)).findFirst().orElseThrow().get("dir").asText());
                assertEquals(!o.equals("sam"), Files.isRegularFile(first.resolve("analysis/per_feature.csv")),
                        d + " " + o + " (SAM is analysed on Criteo only: Figure 4)");
            }
            String vsPaper = Files.readString(dir.resolve("reports/table2_3_6_vs_paper_synthetic_" + d + ".csv"));
            assertTrue(vsPaper.contains("pnn"), vsPaper);
            assertTrue(Files.size(dir.resolve("figures/figure5_auc_synthetic_" + d + ".png")) > 1000, d);
        }
        String table1 = Files.readString(dir.resolve("reports/table1_correlations.csv"));
        for (String row : List.of("synthetic_avazu,pnn,", "synthetic_taobao,pnn,")) {
            assertTrue(table1.contains(row), row + " (an Adam analysis) in\n" + table1);
        }
        assertTrue(Files.isRegularFile(dir.resolve("figures/figure6_lambda_adam_vs_helen.png")));
        assertFalse(Files.exists(dir.resolve("figures/figure3_C13.png")), "no empty panels for data without Criteo's C13");
        String stats = Files.readString(dir.resolve("reports/table5_datasets.csv"));
        assertTrue(stats.contains("synthetic_avazu") && stats.contains("synthetic_taobao"), stats);
    }

    /**
     * {@code --full} on BARS's layout: TaobaoAd_x1 ships train.csv and test.csv only, so the test file
     * validates (its valid metrics are its test metrics), with the paper's Taobao configs.
     */
    @Test
    void fullTaobaoWithoutAValidationFileValidatesOnTest() throws Exception {
        Path bars = dir.resolve("BARS/TaobaoAd_x1");
        Files.createDirectories(bars);
        var gen = SyntheticDataset.TAOBAO.rows(new SyntheticOptions(1.1, 300, 3, SyntheticDataset.TAOBAO.defaultBias()));
        gen.write(bars.resolve("train.csv"), 3000, 4);
        gen.write(bars.resolve("test.csv"), 1000, 5);
        // the paper's grid as shipped, down to one setting and one seed: its TaobaoAd_x1 entry and configs
        String paper = Files.readString(Path.of("training/grids/paper.yaml"));
        Path spec = dir.resolve("paper-small.yaml");
        Files.writeString(spec, paper.substring(0, paper.indexOf("models:")).replace("config_dir: ../",
                "config_dir: " + Path.of("training").toAbsolutePath() + "/") + "models: [dnn]\noptimizers:\n  adam: {}\nseeds: [2019]\n");
        CliContractTest.run("reproduce", "--full", dir.resolve("BARS").toString(), "--out", dir.resolve("out").toString(),
                "--grid", spec.toString(), "--datasets", "taobaoad_x1");
        JsonNode planned = Json.MAPPER.readTree(Files.readAllLines(dir.resolve("out/runs/paper/grid.jsonl")).get(0));
        Path run = dir.resolve("out/runs/paper").resolve(planned.get("dir").asText());
        JsonNode m = Json.read(run.resolve("metrics.json"), JsonNode.class);
        assertEquals("taobaoad_x1_official", m.get("dataset").asText(), "the paper's Taobao reading");
        String config = Files.readString(run.resolve("config.resolved.yaml"));
        assertTrue(config.contains("batch_size: 16384") && config.contains("seed: 2019"), config);
        assertTrue(config.contains("TaobaoAd_x1/test.csv"), config);
        assertEquals("finished", m.get("status").asText(), "an untrained first epoch is not divergence: " + m);
        assertEquals(m.get("test").get("rows"), m.get("valid").get("rows"), "validated on the test file: " + m.get("valid"));
        assertEquals(m.get("test").get("auc"), m.get("valid").get("auc"));
    }
}
