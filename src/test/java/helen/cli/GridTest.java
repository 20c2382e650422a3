package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.grid.GridPlan;
import helen.grid.GridRun;
import helen.grid.GridSpec;
import helen.results.GridDirectory;
import helen.util.HelenException;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grid contract: a strict spec, a plan with stable ids, the local executor (each run in its own
 * JVM, finished runs skipped when run again) and the selection on validation, recomputed here from
 * the runs' own metrics.json.
 */
class GridTest {
    @TempDir
    Path dir;

    private Path spec(String optimizers, String extra) throws Exception {
        return GridProcesses.spec(dir, "grid" + Math.abs((optimizers + extra).hashCode()), optimizers, 1, extra);
    }

    @Test
    void thePlanCrossesEveryAxisWithStableIds() throws Exception {
        Path f = spec("  adam: {}\n  sam: {rho: [0.05, 0.01]}\n  helen: {rho: [0.05, 0.01], xi: [0.0, 0.5]}", "");
        List<GridRun> a = GridPlan.expand(GridSpec.load(f), 1);
        assertEquals((1 + 2 + 4) * 2, a.size(), "adam, 2 sam radii, 2x2 helen settings; two seeds each");
        List<GridRun> b = GridPlan.expand(GridSpec.load(f), 2);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id(), "the id does not depend on the thread count");
        }
        assertEquals(a.size(), a.stream().map(GridRun::id).distinct().count(), "every setting and seed its own id");
        GridRun helen = a.stream().filter(r -> r.optimizer().equals("helen")).findFirst().orElseThrow();
        assertEquals(0.05, helen.rho());
        assertEquals(0.0, helen.xi());
        assertEquals(0.05, helen.config().optimizer().rho());
        assertEquals(1, helen.config().epochs());
        assertNotEquals(a.get(0).id(), a.get(1).id());
    }

    @Test
    void aSpecIsStrict() throws Exception {
        HelenException unknown = assertThrows(HelenException.class, () -> GridSpec.load(spec("  adam: {}", "seed: 3")));
        assertTrue(unknown.getMessage().contains("unknown key 'seed'"), unknown.getMessage());
        HelenException axis = assertThrows(HelenException.class, () -> GridSpec.load(spec("  adam: {rho: 0.1}", "")));
        assertTrue(axis.getMessage().contains("optimizers.adam.rho"), axis.getMessage());
        HelenException opt = assertThrows(HelenException.class, () -> GridSpec.load(spec("  adamw: {}", "")));
        assertTrue(opt.getMessage().contains("optimizers.adamw: unknown optimizer"), opt.getMessage());
    }

    @Test
    void theLocalExecutorRunsSkipsAndSelectsOnValidation() throws Exception {
        Path f = spec("  adam: {}\n  sam: {rho: [0.05, 0.01]}", "");
        Path out = dir.resolve("out");
        CliContractTest.run("grid", "run", f.toString(), "--out", out.toString(), "--jobs", "2", "--cache-dir",
                dir.resolve("cache").toString());
        List<JsonNode> plan = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(GridDirectory.PLAN))) {
            plan.add(Json.MAPPER.readTree(line));
        }
        assertEquals(6, plan.size());
        Map<String, Double> monitor = new HashMap<>();
        Map<String, List<Double>> auc = new HashMap<>();
        Map<String, Long> modified = new HashMap<>();
        for (JsonNode r : plan) {
            Path m = out.resolve(r.get("dir").asText()).resolve("metrics.json");
            JsonNode metrics = Json.read(m, JsonNode.class);
            assertEquals(r.get("seed").asLong(), metrics.get("seed").asLong());
            String setting = r.get("optimizer").asText() + "/" + r.get("rho");
            monitor.merge(setting, (metrics.get("valid").get("auc").asDouble() - metrics.get("valid").get("logloss").asDouble()) / 2,
                    Double::sum);
            auc.computeIfAbsent(setting, k -> new ArrayList<>()).add(metrics.get("test").get("auc").asDouble());
            modified.put(m.toString(), Files.getLastModifiedTime(m).toMillis());
        }
        String bestSam = monitor.get("sam/0.05") >= monitor.get("sam/0.01") ? "0.05" : "0.01";
        List<String> rows = Files.readAllLines(out.resolve("selection.csv"));
        assertEquals("dataset,model,optimizer,rho,xi,l2,seeds,valid_monitor_mean,test_auc_mean,test_auc_std,test_logloss_mean,"
                + "test_logloss_std,planned_seeds,runs_without_result", rows.get(0));
        String sam = rows.stream().filter(l -> l.startsWith("criteo,deepfm,sam,")).findFirst().orElseThrow();
        String[] c = sam.split(",");
        assertEquals(bestSam, c[3], "the radius with the better mean validation monitor: " + monitor);
        assertEquals("0.00001", c[5]);
        assertEquals("2", c[6]);
        List<Double> a = auc.get("sam/" + bestSam);
        assertEquals((a.get(0) + a.get(1)) / 2, Double.parseDouble(c[8]), 1e-9);
        assertEquals(Math.abs(a.get(0) - a.get(1)) / Math.sqrt(2), Double.parseDouble(c[9]), 1e-9, "sample std of two seeds");
        assertEquals("2", c[12], "seeds planned for the selected setting");
        assertEquals("0", c[13], "every run of the cell has a result");

        CliContractTest.run("grid", "run", f.toString(), "--out", out.toString(), "--jobs", "2", "--cache-dir",
                dir.resolve("cache").toString());
        modified.forEach((m, t) -> assertEquals(t, Path.of(m).toFile().lastModified(), "a finished run is not trained again: " + m));
    }

    /**
     * Killing {@code helen grid run} mid-way (SIGKILL, while a run has a checkpoint but no result) and
     * running it again: finished runs are not trained again, the killed one resumes, and the grid's
     * results equal an uninterrupted grid's.
     */
    @Test
    void aKilledGridFinishesWithoutRetrainingFinishedRuns() throws Exception {
        Path f = GridProcesses.spec(dir, "killed", "  adam: {}\n  sam: {rho: [0.05, 0.01]}", 3);
        Path out = dir.resolve("killed");
        String cache = dir.resolve("cache").toString();
        Process p = GridProcesses.start(dir.resolve("first.log"), Map.of(), "grid", "run", f.toString(), "--out", out.toString(),
                "--jobs", "1", "--threads", "1", "--cache-dir", cache);
        Map<Path, Long> finished = new HashMap<>();
        Path midRun = null;
        long end = System.nanoTime() + 180_000_000_000L;
        while (p.isAlive() && System.nanoTime() < end) {
            finished.clear();
            midRun = null;
            if (Files.isDirectory(out.resolve("runs"))) {
                try (var runs = Files.list(out.resolve("runs"))) {
                    for (Path r : runs.toList()) {
                        Path m = r.resolve("metrics.json");
                        if (Files.isRegularFile(m) && Json.read(m, JsonNode.class).has("test")) {
                            finished.put(m, Files.getLastModifiedTime(m).toMillis());
                        } else if (Files.isRegularFile(r.resolve("state.json"))) {
                            midRun = r;
                        }
                    }
                } catch (RuntimeException | java.io.IOException e) {
                    continue; // a file being written right now: look again
                }
            }
            if (!finished.isEmpty() && midRun != null) {
                break;
            }
            Thread.sleep(10);
        }
        p.destroyForcibly().waitFor();
        assertTrue(!finished.isEmpty() && finished.size() < 6, "killed after " + finished.size() + " of 6 runs: "
                + Files.readString(dir.resolve("first.log")));

        CliContractTest.run("grid", "run", f.toString(), "--out", out.toString(), "--jobs", "1", "--threads", "1", "--cache-dir", cache);
        finished.forEach((m, t) -> assertEquals(t, m.toFile().lastModified(), "a run finished before the kill is not trained again: " + m));
        if (midRun != null && !finished.containsKey(midRun.resolve("metrics.json"))) {
            JsonNode o = Json.read(out.resolve("outcomes").resolve(midRun.getFileName() + ".json"), JsonNode.class);
            assertEquals("resumed", o.get("status").asText(), "the run killed mid-way resumes from its checkpoint");
        }
        CliContractTest.run("grid", "run", f.toString(), "--out", dir.resolve("whole").toString(), "--jobs", "1", "--threads", "1",
                "--cache-dir", cache);
        assertEquals(Files.readString(dir.resolve("whole/selection.csv")), Files.readString(out.resolve("selection.csv")),
                "killed and resumed = uninterrupted");
    }

    /**
     * A run's id does not depend on where the spec or the data live: the same spec planned from two
     * directories, or with two data roots, names every run the same (so a grid copied from a cluster
     * to a laptop finishes there without retraining); a changed setting changes it.
     */
    @Test
    void idsDoNotDependOnWhereTheSpecOrTheDataLive() throws Exception {
        String yaml = """
                name: moved
                datasets:
                  criteo:
                    config_dir: %s/training/samples
                    preset: generic
                    label: label
                    train: data/train.csv
                    valid: data/valid.csv
                    test: data/test.csv
                models: [deepfm]
                optimizers: {adam: {}, helen: {rho: [0.05, 0.01]}}
                seeds: [1, 2]
                """.formatted(Path.of("").toAbsolutePath());
        List<List<String>> ids = new ArrayList<>();
        for (String where : List.of("a", "b/c")) {
            Path f = dir.resolve(where).resolve("spec.yaml");
            Files.createDirectories(f.getParent());
            Files.writeString(f, yaml);
            ids.add(GridPlan.expand(GridSpec.load(f), 1).stream().map(GridRun::id).toList());
            ids.add(GridPlan.expand(GridSpec.load(f, dir.resolve("root-" + where.length())), 2).stream().map(GridRun::id).toList());
        }
        assertEquals(6, ids.get(0).size());
        for (List<String> other : ids) {
            assertEquals(ids.get(0), other, "same spec text, other place or data root");
        }
        Path f = dir.resolve("a/spec.yaml");
        Files.writeString(f, yaml + "epochs: 3\n");
        assertTrue(GridPlan.expand(GridSpec.load(f), 1).stream().noneMatch(r -> ids.get(0).contains(r.id())),
                "another setting, other ids");
    }
}
