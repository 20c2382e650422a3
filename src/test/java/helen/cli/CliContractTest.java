package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command-line contract that scripts outside the project rely on: train → metrics.json,
 * analyze → per_feature.csv / per_field.csv, report → tables and figures whose numbers are the
 * analysis's, on the bundled sample.
 */
class CliContractTest {
    @TempDir
    Path dir;

    static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out));
        try {
            assertEquals(0, HelenCommand.execute(args), "helen " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void dataStatsJsonHasTheContractKeys() throws Exception {
        String json = run("data", "stats", "--spec", "data-samples/criteo_synth/spec.yaml", "--cache-dir",
                dir.resolve("cache").toString(), "data-samples/criteo_synth/valid.csv", "--json");
        JsonNode s = Json.MAPPER.readTree(json);
        assertEquals(2000, s.get("instances").asLong());
        assertEquals(39, s.get("fields").asInt());
        assertTrue(s.get("features").asLong() > 0);
        assertEquals(s.get("positives").asDouble() / 2000, s.get("positive_rate").asDouble(), 1e-12);
    }

    @Test
    void trainAnalyzeReportOnTheBundledSample() throws Exception {
        Path runs = dir.resolve("runs");
        for (String opt : List.of("adam", "helen")) {
            run("train", "--config", "training/samples/deepfm.yaml", "--out", runs.resolve("deepfm_" + opt).toString(),
                    "--epochs", "1", "--optimizer", opt, "--no-progress", "--cache-dir", dir.resolve("cache").toString());
            JsonNode m = Json.read(runs.resolve("deepfm_" + opt).resolve("metrics.json"), JsonNode.class);
            assertTrue(m.get("test").get("auc").asDouble() > 0.6, m.toString());
            assertTrue(m.has("best_epoch") && m.has("samples_per_second"));
            assertEquals(opt, m.get("optimizer").get("name").asText());
        }
        Path adam = runs.resolve("deepfm_adam");
        run("analyze", adam.toString(), "--out", adam.resolve("analysis").toString(), "--samples", "1000",
                "--fields", "C13,C1", "--mode", "both", "--spectrum", "--top-k", "3", "--probes", "4", "--lanczos-steps", "8",
                "--density-probes", "1");
        JsonNode spectrum = Json.read(adam.resolve("analysis/spectrum.json"), JsonNode.class);
        assertEquals(List.of("C1", "C13", "dense", "model"), iterate(spectrum.get("parts").fieldNames()),
                "the --fields tables, the dense part, the whole model");
        JsonNode whole = spectrum.get("parts").get("model");
        for (String key : List.of("trace", "trace_stderr", "top_eigenvalues", "lambda_min", "density")) {
            assertTrue(whole.has(key), key + " in " + whole.toString().substring(0, 200));
        }
        assertEquals(3, whole.get("top_eigenvalues").size());
        assertTrue(whole.get("top_eigenvalues").get(0).asDouble() >= whole.get("lambda_min").asDouble());
        assertEquals(whole.get("density").get("grid").size(), whole.get("density").get("values").size());
        assertTrue(Files.size(adam.resolve("analysis/spectrum_density.png")) > 1000);
        List<String> header = List.of(Files.readAllLines(adam.resolve("analysis/per_feature.csv")).get(0).split(","));
        assertTrue(header.containsAll(List.of("field", "row", "frequency", "lambda", "grad_norm")), header.toString());
        List<String> fieldHeader = List.of(Files.readAllLines(adam.resolve("analysis/per_field.csv")).get(0).split(","));
        assertTrue(fieldHeader.containsAll(List.of("field", "pearson_lambda_frequency", "pearson_grad_frequency")));
        JsonNode meta = Json.read(adam.resolve("analysis/analysis.json"), JsonNode.class);
        assertTrue(meta.get("power_vs_exact").get("max_relative_difference").asDouble() < 1e-2, meta.toString());
        assertTrue(meta.get("dense_top_eigenvalue").has("value"), "H_h's top eigenvalue is part of every analysis: " + meta);

        // --repeats: its first set is the plain analysis, its second that of --seed + 1; a plain re-analysis drops the spread
        Path helenRun = runs.resolve("deepfm_helen");
        List<String> small = List.of("--samples", "1000", "--fields", "C13,C1", "--no-dense");
        run(concat(List.of("analyze", helenRun.toString(), "--out", dir.resolve("again").toString()), small));
        run(concat(List.of("analyze", helenRun.toString(), "--repeats", "2", "--spectrum", "--probes", "2", "--lanczos-steps", "4",
                "--density-probes", "1", "--no-table-densities"), small));
        Path repeated = helenRun.resolve("analysis");
        JsonNode spread = Json.read(repeated.resolve("repeats.json"), JsonNode.class).path("statistics");
        for (String s : List.of("set_loss", "spectrum.model.trace", "spectrum.model.top_eigenvalue_1", "spectrum.model.density_mean")) {
            assertEquals(2, spread.path(s).path("values").size(), s + " in " + spread);
        }
        assertTrue(Files.size(repeated.resolve("spectrum_density_repeats.png")) > 1000, "the sets' densities drawn together");
        assertTrue(Files.size(repeated.resolve("repeats/seed-2025/spectrum_density.png")) > 1000, "each set's density drawn too");
        assertEquals(Files.readString(dir.resolve("again/per_feature.csv")), Files.readString(repeated.resolve("per_feature.csv")));
        run(concat(List.of("analyze", helenRun.toString(), "--out", dir.resolve("next").toString(), "--seed", "2025"), small));
        assertEquals(Files.readString(dir.resolve("next/per_feature.csv")),
                Files.readString(repeated.resolve("repeats/seed-2025/per_feature.csv")));
        for (String f : List.of("per_feature_repeats.csv", "per_field_repeats.csv", "repeats.json")) {
            assertTrue(Files.isRegularFile(repeated.resolve(f)), f);
        }
        run(concat(List.of("analyze", helenRun.toString(), "--out", dir.resolve("next").toString()), small));
        run(concat(List.of("analyze", helenRun.toString(), "--repeats", "2", "--out", dir.resolve("next").toString()), small));
        run(concat(List.of("analyze", helenRun.toString(), "--out", dir.resolve("next").toString()), small));
        assertTrue(!Files.exists(dir.resolve("next/per_field_repeats.csv")) && !Files.exists(dir.resolve("next/repeats")),
                "a single analysis written over a repeated one leaves no stale spread");

        run("report", runs.toString(), "--out", dir.toString());
        String compare = Files.readString(dir.resolve("reports/compare_synthetic_criteo_deepfm.md"));
        assertTrue(compare.lines().anyMatch(l -> l.startsWith("| helen |") && l.contains(" ± ")), compare);
        assertTrue(Files.isRegularFile(dir.resolve("figures/figure3_C13.png")));
        assertTrue(Files.isRegularFile(dir.resolve("figures/spectrum_synthetic_criteo_deepfm.png")), "densities overlaid per model");
        assertTrue(Files.size(dir.resolve("figures/figure5_auc_synthetic_criteo.png")) > 1000);
        // Table 1 carries the analysis's pooled correlations, rounded to 3 decimals
        Map<String, Map<String, String>> pf = helen.report.Tables.perField(adam.resolve("analysis/per_field.csv"));
        String r = String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(pf.get("ALL").get("pearson_lambda_frequency")));
        String table1 = Files.readString(dir.resolve("reports/table1_correlations.csv"));
        assertTrue(table1.contains("synthetic_criteo,deepfm,") && table1.contains("," + r + ","), table1 + " / " + r);
    }

    /**
     * reproduce runs the sample grid (here DNN on the Criteo sample: 6 optimizers × 2 seeds), skips
     * finished runs, and resumes a run whose process was really killed (SIGKILL, in a separate JVM,
     * between two epochs) to the numbers of an uninterrupted reproduce.
     */
    @Test
    void reproduceSkipsFinishedWorkAndResumesAKilledRun() throws Exception {
        Path whole = dir.resolve("whole");
        run("reproduce", "--out", whole.toString(), "--models", "dnn", "--datasets", "synthetic_criteo", "--threads", "1");
        Path grid = whole.resolve("runs/sample");
        List<String> plan = Files.readAllLines(grid.resolve("grid.jsonl"));
        assertEquals(12, plan.size(), "dnn × adam, nadam, radam, sam, asam, helen × 2 seeds");
        assertTrue(!Files.exists(whole.resolve("runs/sample-ablation")), "no ablation without DeepFM");
        assertTrue(Files.isRegularFile(grid.resolve("selection.csv")));
        String results = Files.readString(whole.resolve("reports/table2_3_6_results_synthetic_criteo.md"));
        assertTrue(results.contains(" ± ") && results.contains("over 2 seeds"), results);
        Map<Path, Long> modified = new java.util.HashMap<>();
        for (String line : plan) {
            Path m = grid.resolve(Json.MAPPER.readTree(line).get("dir").asText()).resolve("metrics.json");
            modified.put(m, Files.getLastModifiedTime(m).toMillis());
        }
        Thread.sleep(20);
        run("reproduce", "--out", whole.toString(), "--models", "dnn", "--datasets", "synthetic_criteo", "--threads", "1");
        modified.forEach((m, t) -> assertEquals(t, m.toFile().lastModified(), "a finished run is not trained again: " + m));

        Path cut = dir.resolve("cut");
        String killed = killBetweenEpochs(cut);
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err));
        String log;
        try {
            log = run("reproduce", "--out", cut.toString(), "--models", "dnn", "--datasets", "synthetic_criteo", "--threads", "1");
        } finally {
            System.setErr(oldErr);
        }
        JsonNode outcome = Json.read(cut.resolve("runs/sample/outcomes").resolve(killed + ".json"), JsonNode.class);
        assertEquals("resumed", outcome.get("status").asText(), "the killed run continues from its checkpoint:\n" + err);
        for (String line : plan) {
            String runDir = Json.MAPPER.readTree(line).get("dir").asText();
            JsonNode a = Json.read(grid.resolve(runDir).resolve("metrics.json"), JsonNode.class);
            JsonNode b = Json.read(cut.resolve("runs/sample").resolve(runDir).resolve("metrics.json"), JsonNode.class);
            assertEquals(a.get("test"), b.get("test"), runDir + (runDir.endsWith(killed) ? " (killed, then resumed)" : ""));
            assertEquals(a.get("best_epoch"), b.get("best_epoch"), runDir);
        }
        assertTrue(log.contains("reports:"), log);
    }

    /**
     * Starts {@code helen reproduce --models dnn --jobs 1} (its runs in its own JVM; one thread, as every
     * reproduce of this test, since the thread count changes float sums) and kills it (SIGKILL)
     * as soon as a run has an epoch checkpoint but no metrics.json; returns that run's id.
     */
    private static String killBetweenEpochs(Path out) throws Exception {
        Process p = GridProcesses.start(out.getParent().resolve("killed.log"), Map.of(), "reproduce", "--out", out.toString(),
                "--models", "dnn", "--datasets", "synthetic_criteo", "--jobs", "1", "--threads", "1");
        Path runs = out.resolve("runs/sample/runs");
        long deadline = System.nanoTime() + 300_000_000_000L;
        try {
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.isDirectory(runs)) {
                    try (java.util.stream.Stream<Path> s = Files.list(runs)) {
                        for (Path r : s.toList()) {
                            if (Files.isRegularFile(r.resolve("state.json")) && !Files.exists(r.resolve("metrics.json"))) {
                                p.destroyForcibly().waitFor();
                                if (!Files.exists(r.resolve("metrics.json"))) {
                                    return r.getFileName().toString();
                                }
                            }
                        }
                    }
                }
                Thread.sleep(2);
            }
        } finally {
            p.destroyForcibly();
        }
        throw new AssertionError("reproduce finished before it could be killed between two epochs");
    }
}
