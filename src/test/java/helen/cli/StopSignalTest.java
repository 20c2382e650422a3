package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import helen.util.StopSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM (a preemption, scancel, the launcher's forwarded Ctrl-C) ends {@code helen train} and
 * {@code helen analyze} at a safe point with one line and exit status 143: never a JVM crash report from
 * libtorch being torn down under a running Hessian product, never a half-written output.
 */
class StopSignalTest {
    @TempDir
    Path dir;

    private List<String> train(String name, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", "training/samples/deepfm.yaml", "--out",
                dir.resolve(name).toString(), "--epochs", "2", "--threads", "1", "--no-progress", "--cache-dir",
                dir.resolve("cache").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /**
     * A real SIGTERM (sent twice, as a stop often arrives) to a child JVM inside an exact analysis of 39 tables by d
     * HVPs per colour (tens of seconds).
     */
    @Test
    void aSignalEndsAnAnalysisBetweenTwoHessianProductsWithOneLine() throws Exception {
        CliContractTest.run(train("run").toArray(String[]::new));
        Path log = dir.resolve("analyze.log");
        Process p = GridProcesses.start(log, Map.of(), "analyze", dir.resolve("run").toString(), "--mode", "exact",
                "--no-closed-form", "--no-dense", "--threads", "1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (p.isAlive() && System.nanoTime() < deadline && Files.readAllLines(log).stream().noneMatch(l -> l.contains(" HVPs, "))) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "still analysing after its first table: " + Files.readString(log));
        p.destroy(); // SIGTERM, twice within a second as under Slurm (every process of the job, and the launcher's forward)
        Thread.sleep(100);
        p.destroy();
        assertTrue(p.waitFor(StopSignals.GRACE_SECONDS + 10, TimeUnit.SECONDS), "ended");
        String out = Files.readString(log);
        assertEquals(143, p.exitValue(), out);
        List<String> ours = out.lines().filter(l -> l.startsWith("helen ")).toList();
        assertEquals(List.of("helen analyze: stopped by SIGTERM at a safe point; its outputs were not written (each is written "
                + "whole at the end)"), ours, out);
        assertFalse(out.contains("SIGSEGV") || out.contains("fatal error") || out.contains("Exception"), out);
        assertFalse(Files.exists(dir.resolve("run/analysis/per_feature.csv")), "nothing half-written");
        try (Stream<Path> s = Files.list(Path.of("."))) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err_pid" + p.pid())), "no JVM crash report");
        }
    }

    /** A sharded analysis passes the signal on to its shard processes: all stop at a safe point, none is left running. */
    @Test
    void aSignalToAShardedAnalysisStopsItsShardsToo() throws Exception {
        CliContractTest.run(train("run").toArray(String[]::new));
        Path log = dir.resolve("sharded.log");
        Process p = GridProcesses.start(log, Map.of(), "analyze", dir.resolve("run").toString(), "--mode", "exact",
                "--no-closed-form", "--no-dense", "--shards", "2", "--jobs", "2", "--threads", "1", "--out",
                dir.resolve("sharded").toString());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (p.isAlive() && System.nanoTime() < deadline && p.descendants().filter(ProcessHandle::isAlive).count() < 2) {
            Thread.sleep(50);
        }
        Thread.sleep(3000); // the shards load libtorch and start their first table
        List<ProcessHandle> shards = p.descendants().filter(ProcessHandle::isAlive).toList();
        assertEquals(2, shards.size(), Files.readString(log));
        p.destroy(); // SIGTERM to the parent only, as the launcher or Slurm sends it
        assertTrue(p.waitFor(StopSignals.GRACE_SECONDS + 10, TimeUnit.SECONDS), "ended");
        String out = Files.readString(log);
        assertEquals(143, p.exitValue(), out);
        assertTrue(out.strip().endsWith("helen analyze: stopped by SIGTERM at a safe point; its outputs were not written (each is "
                + "written whole at the end)"), out);
        for (ProcessHandle shard : shards) {
            shard.onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(dir.resolve("sharded/per_feature.csv")), "nothing merged");
    }

    /** The signal is caught before the run starts: it stops after its first step, saved, and --resume ends it exactly. */
    @Test
    void aSignalStopsTrainingAfterAStepAndResumeFinishesTheSameRun() throws Exception {
        BadInputTest.Result stopped;
        try (StopSignals.Installed outer = StopSignals.installForCommand("test")) {
            Signal.raise(new Signal("TERM"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (StopSignals.received() == null && System.nanoTime() < deadline) {
                Thread.sleep(5); // the JVM runs a signal's handler on a thread of its own
            }
            assertNotNull(StopSignals.received(), "the handler ran");
            stopped = BadInputTest.cli(train("stopped").toArray(String[]::new));
        }
        assertEquals(143, stopped.exit(), stopped.err());
        assertTrue(stopped.err().strip().endsWith("helen train: stopped by SIGTERM after epoch 1 step 1 of 63; --resume continues"),
                stopped.err());
        assertTrue(Files.exists(dir.resolve("stopped/state.json")));
        assertFalse(Files.exists(dir.resolve("stopped/metrics.json")));

        CliContractTest.run(train("stopped", "--resume").toArray(String[]::new));
        CliContractTest.run(train("whole").toArray(String[]::new));
        JsonNode resumed = Json.read(dir.resolve("stopped/metrics.json"), JsonNode.class);
        JsonNode whole = Json.read(dir.resolve("whole/metrics.json"), JsonNode.class);
        assertEquals(whole.get("test"), resumed.get("test"), "the same test metrics, bit for bit");
        assertEquals(whole.get("valid"), resumed.get("valid"));
    }

    /**
     * {@code grid run} passes a SIGTERM sent to it alone (the launcher's forwarded Ctrl-C, a kill) on to its worker JVMs:
     * the runs in training save a checkpoint after their current step, no further run starts, one line says what
     * stopped, and the same command resumes the stopped runs and trains the others.
     */
    @Test
    void aSignalToAGridRunStopsItsWorkersAtACheckpointAndTheSameCommandResumesThem() throws Exception {
        Path spec = GridProcesses.spec(dir, "stopped-grid", "  adam: {}\n  sam: {rho: [0.05]}", 3);
        Path out = dir.resolve("grid");
        String[] args = {"grid", "run", spec.toString(), "--out", out.toString(), "--jobs", "2", "--threads", "1",
                "--cache-dir", dir.resolve("cache").toString()};
        Path log = dir.resolve("grid.log");
        Process p = GridProcesses.start(log, Map.of(), args);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (p.isAlive() && System.nanoTime() < deadline && trainingRuns(out) < 2) {
            Thread.sleep(50);
        }
        assertEquals(2, trainingRuns(out), Files.readString(log));
        // at once: a run on the sample ends within seconds (early stopping), and the stop comes after the next step
        List<ProcessHandle> workers = p.descendants().filter(ProcessHandle::isAlive).toList();
        p.destroy(); // SIGTERM to the grid's process alone
        assertTrue(p.waitFor(StopSignals.GRACE_SECONDS + 10, TimeUnit.SECONDS), "ended");
        String text = Files.readString(log);
        assertEquals(143, p.exitValue(), text);
        // both runs in training stop; under load one may have finished first (a run on the sample takes seconds)
        Matcher line = Pattern.compile("helen grid run: stopped by SIGTERM: (\\d) of 4 runs stopped at a checkpoint, (\\d) not "
                + "started, (\\d) done; the same command resumes them \\(" + Pattern.quote(out.resolve("outcomes").toString())
                + "/<id>.json says where each stopped\\)").matcher(text.strip().lines().reduce((x, y) -> y).orElse(""));
        assertTrue(line.matches(), text);
        int stopped = Integer.parseInt(line.group(1));
        int notStarted = Integer.parseInt(line.group(2));
        assertTrue(stopped >= 1, text);
        assertEquals(4, stopped + notStarted + Integer.parseInt(line.group(3)), text);
        assertFalse(text.contains("SIGSEGV") || text.contains("fatal error") || text.contains("Exception"), text);
        for (ProcessHandle w : workers) {
            w.onExit().get(10, TimeUnit.SECONDS);
        }
        List<JsonNode> outcomes;
        try (Stream<Path> s = Files.list(out.resolve("outcomes"))) {
            outcomes = s.map(f -> Json.read(f, JsonNode.class)).filter(o -> o.get("status").asText().equals("stopped")).toList();
        }
        assertEquals(stopped, outcomes.size(), text);
        for (JsonNode o : outcomes) {
            assertTrue(o.get("message").asText().matches("stopped by SIGTERM after epoch \\d+ step \\d+ of 63; .*"), o.toString());
            Path run = out.resolve("runs").resolve(o.get("id").asText());
            assertTrue(Files.exists(run.resolve("state.json")), "checkpoint saved");
            assertFalse(Files.exists(run.resolve("metrics.json")));
        }

        BadInputTest.Result again = BadInputTest.cli(args);
        assertEquals(0, again.exit(), again.err());
        assertEquals(stopped, again.err().lines().filter(l -> l.matches("\\[grid \\d/4.*: resumed; test AUC .*")).count(), again.err());
        assertEquals(notStarted, again.err().lines().filter(l -> l.matches("\\[grid \\d/4.*: test AUC .*")).count(), again.err());
    }

    /** Run directories whose training has started (their train.log has its first line). */
    private static long trainingRuns(Path grid) throws Exception {
        Path runs = grid.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(r -> r.resolve("train.log")).filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f).contains(" threads, helen ");
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
