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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helen reproduce} over the paper's three datasets: the bundled Avazu- and Taobao-shaped samples, and BARS's layout. */
class ReproduceDatasetsTest {
    @TempDir
    Path dir;

    private static long children(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.count();
        }
    }

    /**
     * The Avazu and Taobao samples each get the 6-optimizer grid (no ablation: Table 4 is Criteo's),
     * Adam and Helen analyses (Table 1, Figure 6), results tables with the paper's Tables 2 and 6
     * beside them, and Figure 5.
     */
    @Test
    void avazuAndTaobaoSamplesGiveTheirTablesAndFigures() throws Exception {
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            CliContractTest.run("reproduce", "--out", dir.toString(), "--models", "pnn", "--datasets", "avazu_synth,taobao_synth",
                    "--samples", "500");
        } finally {
            System.setErr(oldErr);
        }
        List<String> jobs = err.toString().lines().filter(l -> l.startsWith("[avazu_synth ")).toList();
        assertTrue(jobs.get(0).startsWith("[avazu_synth 1/6] training pnn adam"), jobs.get(0));
        assertTrue(jobs.get(1).matches("\\[avazu_synth 2/6, [0-9.]+ min so far, about [0-9.]+ min left\\] training pnn nadam"),
                "the time left, from the mean run so far: " + jobs.get(1));
        for (String d : List.of("avazu", "taobao")) {
            Path runs = dir.resolve("runs/" + d + "_synth");
            assertEquals(6, children(runs), d + ": pnn × 6 optimizers, no ablation runs");
            assertTrue(Files.isRegularFile(runs.resolve("pnn_adam/analysis/per_feature.csv")), d);
            assertTrue(Files.isRegularFile(runs.resolve("pnn_helen/analysis/per_feature.csv")), d);
            assertFalse(Files.exists(runs.resolve("pnn_sam/analysis")), d + ": SAM is analysed on Criteo only (Figure 4)");
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
        CliContractTest.run("reproduce", "--full", dir.resolve("BARS").toString(), "--out", dir.resolve("out").toString(),
                "--models", "dnn", "--datasets", "taobaoad_x1");
        Path run = dir.resolve("out/runs/taobaoad_x1/dnn_adam");
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
