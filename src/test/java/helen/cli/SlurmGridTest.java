package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code helen grid slurm} on a real Slurm: a one-node cluster on this machine
 * (scripts/slurm-local.sh, Debian's slurm-wlm and munge), a small grid submitted as a job array with
 * its dependent selection job, waited for, and compared with the local executor on the same spec:
 * every run's metrics and the selection must be identical. Needs root; under CI it fails rather than
 * skips when Slurm is missing (.ci/run installs it).
 */
class SlurmGridTest {
    @TempDir
    Path dir;

    /** A one-node cluster of its own: a short path (munge's socket path is limited), free ports (one may already run here). */
    private record Cluster(Path dir, Map<String, String> env) {
    }

    private Cluster startCluster() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: a local Slurm cluster needs root (slurmd runs the jobs; munged runs as the munge user)");
        if (!onPath("sbatch") || !onPath("slurmctld") || !onPath("munged")) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Slurm is not installed: .ci/run installs slurm-wlm and munge with apt");
            }
            Assumptions.abort("skipped: Slurm is not installed (apt-get install slurm-wlm munge)");
        }
        Path cluster = Files.createTempDirectory(Path.of("/tmp"), "helen-slurm-");
        Map<String, String> env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString(),
                "HELEN_SLURMCTLD_PORT", Integer.toString(freePort()), "HELEN_SLURMD_PORT", Integer.toString(freePort()));
        Path log = dir.resolve("cluster.log");
        int started = script(env, log, "start", cluster);
        if (started != 0) {
            script(env, log, "stop", cluster);
            fail("slurm-local.sh start: " + Files.readString(log));
        }
        return new Cluster(cluster, env);
    }

    private void stopCluster(Cluster c) throws Exception {
        int stopped = script(c.env(), dir.resolve("cluster.log"), "stop", c.dir());
        assertEquals(0, stopped, "slurm-local.sh stop");
        for (String pid : List.of("slurmctld.pid", "slurmd.pid", "munged.pid")) {
            assertTrue(!Files.exists(c.dir().resolve(pid)), pid + " left behind");
        }
    }

    @Test
    void aSlurmGridEqualsTheLocalGrid() throws Exception {
        Cluster c = startCluster();
        Map<String, String> env = c.env();
        Path cluster = c.dir();
        try {
            Path spec = GridProcesses.spec(dir, "slurm-check", "  adam: {}\n  sam: {rho: [0.05, 0.01]}", 1);
            Path slurm = dir.resolve("slurm");
            Path cache = dir.resolve("cache");

            // sbatch refusing (no such partition): one line with sbatch's own words, nothing submitted
            Path refused = dir.resolve("refused.log");
            assertEquals(2, GridProcesses.run(refused, env, "grid", "slurm", spec.toString(), "--out", dir.resolve("refused").toString(),
                    "--partition", "nosuch", "--cache-dir", cache.toString()));
            String why = Files.readString(refused);
            assertTrue(why.contains("sbatch refused") && why.contains("Invalid partition name"), why);

            Path submitLog = dir.resolve("submit.log");
            assertEquals(0, GridProcesses.run(submitLog, env, "grid", "slurm", spec.toString(), "--out", slurm.toString(),
                    "--cpus-per-task", "1", "--max-parallel", "2", "--cache-dir", cache.toString()), Files.readString(submitLog));
            JsonNode jobs = Json.read(slurm.resolve("slurm/submitted.json"), JsonNode.class);
            waitFor(env, jobs.get("array_job").asText() + "," + jobs.get("select_job").asText(), cluster);

            CliContractTest.run("grid", "run", spec.toString(), "--out", dir.resolve("local").toString(), "--jobs", "1", "--threads",
                    "1", "--cache-dir", cache.toString());

            List<String> plan = Files.readAllLines(slurm.resolve("grid.jsonl"));
            assertEquals(6, plan.size());
            for (String line : plan) {
                JsonNode r = Json.MAPPER.readTree(line);
                String id = r.get("id").asText();
                Path recorded = slurm.resolve("outcomes").resolve(id + ".json");
                assertTrue(Files.isRegularFile(recorded), "task " + r.get("index") + " (run " + id + ") left no outcome");
                JsonNode outcome = Json.read(recorded, JsonNode.class);
                assertEquals("trained", outcome.get("status").asText(), "task " + r.get("index") + ": " + outcome);
                JsonNode a = Json.read(slurm.resolve("runs").resolve(id).resolve("metrics.json"), JsonNode.class);
                JsonNode b = Json.read(dir.resolve("local/runs").resolve(id).resolve("metrics.json"), JsonNode.class);
                for (String split : List.of("valid", "test")) {
                    assertEquals(b.get(split).get("auc").asDouble(), a.get(split).get("auc").asDouble(), 0.0, id + " " + split);
                    assertEquals(b.get(split).get("logloss").asDouble(), a.get(split).get("logloss").asDouble(), 0.0, id + " " + split);
                }
            }
            String selected = Files.readString(slurm.resolve("selection.csv"));
            assertEquals(Files.readString(dir.resolve("local/selection.csv")), selected, "the dependent job's selection");
            assertEquals(3, selected.lines().count(), "header, adam, sam: " + selected);
            assertTrue(selected.lines().skip(1).allMatch(l -> l.split(",")[6].equals("2")), "both seeds of each cell: " + selected);
            assertTrue(Files.isRegularFile(slurm.resolve("reports/report.html")), "the dependent job's reports");
            String selectLog = String.join("\n", Files.readAllLines(onlyFile(slurm.resolve("logs"), "slurm-select-")));
            assertTrue(selectLog.contains("selection: ") && !selectLog.contains("helen: "), selectLog);

            // A sharded exact analysis of one of those runs as a job array and a merge job: the same as here.
            Path run = slurm.resolve("runs").resolve(Json.MAPPER.readTree(plan.get(0)).get("id").asText());
            List<String> analysis = List.of("--mode", "exact", "--shards", "2", "--samples", "300", "--fields", "C1,C13",
                    "--batch-size", "100");
            Path analyzeLog = dir.resolve("analyze-submit.log");
            List<String> submit = new ArrayList<>(List.of("analyze", run.toString(), "--out", dir.resolve("slurm-analysis").toString(),
                    "--slurm", "--cpus-per-task", "1"));
            submit.addAll(analysis);
            assertEquals(0, GridProcesses.run(analyzeLog, env, submit.toArray(String[]::new)), Files.readString(analyzeLog));
            JsonNode shardJobs = Json.read(dir.resolve("slurm-analysis-shards/slurm/submitted.json"), JsonNode.class);
            waitFor(env, shardJobs.get("array_job").asText() + "," + shardJobs.get("merge_job").asText(), cluster);
            List<String> here = new ArrayList<>(List.of("analyze", run.toString(), "--out", dir.resolve("local-analysis").toString(),
                    "--threads", "1"));
            here.addAll(analysis);
            CliContractTest.run(here.toArray(String[]::new));
            assertTrue(Files.isRegularFile(dir.resolve("slurm-analysis/per_feature.csv")),
                    "the merge job's output; its log: " + String.join("\n", Files.readAllLines(onlyFile(
                            dir.resolve("slurm-analysis-shards/logs"), "slurm-merge-"))));
            assertEquals(Files.readString(dir.resolve("local-analysis/per_feature.csv")),
                    Files.readString(dir.resolve("slurm-analysis/per_feature.csv")), "the shards on Slurm, merged, as here");
        } finally {
            stopCluster(c);
        }
    }

    /**
     * Slurm as clusters behave: one task gets the time-limit warning (USR1) inside its first epoch, saves a
     * checkpoint and requeues itself, and resumes at that step; another is cancelled (scancel: TERM) inside its
     * first epoch, so the selection job names it; {@code grid slurm} again submits only that one, which resumes
     * too. The final selection.csv is byte for byte an uninterrupted grid's.
     */
    @Test
    void tasksStoppedMidEpochResumeAndTheSelectionEqualsAnUninterruptedGrid() throws Exception {
        Path data = dir.resolve("data");
        // epochs of some seconds on one core, so that a signal lands inside one
        CliContractTest.run("data", "generate", "--dataset", "criteo", "--rows", "100000", "--valid-rows", "4000", "--test-rows", "4000",
                "--out", data.toString());
        Path spec = GridProcesses.specOn(dir, "stopped", data, "dnn", 3, 2);
        Path cache = dir.resolve("cache");
        Path grid = dir.resolve("slurm");
        Cluster c = startCluster();
        try {
            Path submitLog = dir.resolve("submit.log");
            assertEquals(0, GridProcesses.run(submitLog, c.env(), "grid", "slurm", spec.toString(), "--out", grid.toString(),
                    "--cpus-per-task", "1", "--cache-dir", cache.toString()), Files.readString(submitLog));
            String script = Files.readString(grid.resolve("slurm/grid.sbatch"));
            assertTrue(script.contains("#SBATCH --signal=B:USR1@120\n") && script.contains("#SBATCH --requeue\n")
                    && script.contains("#SBATCH --open-mode=append\n"), script);
            JsonNode jobs = Json.read(grid.resolve("slurm/submitted.json"), JsonNode.class);
            String array = jobs.get("array_job").asText();
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(grid.resolve("grid.jsonl"))) {
                ids.add(Json.MAPPER.readTree(line).get("id").asText());
            }
            // task 0: the warning before its time limit; task 1: cancelled; task 2: its JVM killed (SIGKILL, as the
            // OOM killer would), which its batch script requeues; each once its first epoch is under way
            signalInFirstEpoch(c, grid, ids.get(0), List.of("scancel", "--batch", "--signal=USR1", array + "_0"));
            startRequeuedNow(c, array + "_0");
            signalInFirstEpoch(c, grid, ids.get(1), List.of("scancel", array + "_1"));
            killTaskJvmInFirstEpoch(grid, ids.get(2), 2);
            startRequeuedNow(c, array + "_2");
            waitFor(c.env(), array + "," + jobs.get("select_job").asText(), c.dir());
            for (int task : new int[] {0, 2}) { // both resumed runs end with an outcome (squeue can empty before it is written)
                waitForFile(grid.resolve("outcomes").resolve(ids.get(task) + ".json"), c, grid.resolve("logs"));
            }

            String log0 = Files.readString(grid.resolve("logs").resolve(ids.get(0) + ".log"));
            assertTrue(log0.contains("SIGUSR1: stopped after epoch 1 step") && log0.contains("steps of epoch 1"),
                    "task 0 stopped inside epoch 1 and resumed there:\n" + log0);
            assertEquals("resumed", Json.read(grid.resolve("outcomes").resolve(ids.get(0) + ".json"), JsonNode.class)
                    .get("status").asText());
            JsonNode cancelled = Json.read(grid.resolve("outcomes").resolve(ids.get(1) + ".json"), JsonNode.class);
            assertEquals("stopped", cancelled.get("status").asText(), cancelled.toString());
            String task2 = Files.readString(grid.resolve("logs").resolve("slurm-" + array + "_2.out"));
            assertTrue(task2.contains("its JVM was ended by signal 9 (exit 137); requeued"), task2);
            assertEquals("trained", Json.read(grid.resolve("outcomes").resolve(ids.get(2) + ".json"), JsonNode.class)
                    .get("status").asText(), "task 2 trained again from the start after its JVM was killed in epoch 1");
            String selectLog = String.join("\n", Files.readAllLines(onlyFile(grid.resolve("logs"), "slurm-select-")));
            assertTrue(selectLog.contains("helen: 1 of 3 runs have no result") && selectLog.contains(ids.get(1))
                    && selectLog.contains("stopped by SIGTERM"), "the selection job names the cancelled run:\n" + selectLog);

            Path again = dir.resolve("again.log");
            assertEquals(0, GridProcesses.run(again, c.env(), "grid", "slurm", spec.toString(), "--out", grid.toString(),
                    "--cpus-per-task", "1", "--cache-dir", cache.toString()), Files.readString(again));
            assertTrue(Files.readString(again).contains("(1 of 3 runs: those without a result)"), Files.readString(again));
            assertTrue(Files.readString(grid.resolve("slurm/grid.sbatch")).contains("#SBATCH --array=1\n"));
            JsonNode second = Json.read(grid.resolve("slurm/submitted.json"), JsonNode.class);
            waitFor(c.env(), second.get("array_job").asText() + "," + second.get("select_job").asText(), c.dir());
        } finally {
            stopCluster(c);
        }
        CliContractTest.run("grid", "run", spec.toString(), "--out", dir.resolve("local").toString(), "--jobs", "1", "--threads", "1",
                "--cache-dir", cache.toString());
        assertEquals(Files.readString(dir.resolve("local/selection.csv")), Files.readString(grid.resolve("selection.csv")),
                "stopped, requeued, cancelled, resubmitted = uninterrupted");
    }

    /**
     * Slurm holds a requeued job for two minutes before it may start again (its begin time); the test does
     * not wait for that: once the task is back in the queue, its begin time is set to a few seconds from now.
     * Not to now: slurmd revokes the ended incarnation's credential, and a credential Slurm issues for the
     * next one within the same second counts as revoked, so that slurmd refuses the launch ("Job credential
     * revoked") and the task ends for good with exit 1, never run again (Slurm's own hold exists for this).
     */
    private static void startRequeuedNow(Cluster c, String job) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end) {
            if (slurm(c, "squeue", "-h", "-j", job, "-o", "%T %r").contains("PENDING BeginTime")) {
                String out = slurm(c, "scontrol", "update", "JobId=" + job, "StartTime=now+3");
                assertTrue(out.isBlank(), "scontrol update " + job + " StartTime=now+3: " + out);
                return;
            }
            Thread.sleep(200);
        }
        fail(job + " was not requeued within 2 minutes");
    }

    private static String slurm(Cluster c, String... command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().putAll(c.env());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** Once run {@code id}'s log says its training started, a second more, then SIGKILL to task {@code index}'s JVM alone. */
    private static void killTaskJvmInFirstEpoch(Path grid, String id, int index) throws Exception {
        Path log = grid.resolve("logs").resolve(id + ".log");
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < end && !(Files.isRegularFile(log) && Files.readString(log).contains(" train rows)"))) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        List<ProcessHandle> jvm = ProcessHandle.allProcesses().filter(h -> {
            String cmd = ChildProcessesTest.commandLine(h);
            return cmd.contains("\0grid\0task\0") && cmd.contains(grid.toString()) && cmd.endsWith("\0--index\0" + index + "\0");
        }).toList();
        assertEquals(1, jvm.size(), "task " + index + "'s JVM");
        jvm.get(0).destroyForcibly();
    }

    /** Once run {@code id}'s log says its training started, a second more, then {@code command} (scancel). */
    private static void signalInFirstEpoch(Cluster c, Path grid, String id, List<String> command) throws Exception {
        Path log = grid.resolve("logs").resolve(id + ".log");
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < end && !(Files.isRegularFile(log) && Files.readString(log).contains(" train rows)"))) {
            Thread.sleep(100);
        }
        assertTrue(Files.isRegularFile(log) && Files.readString(log).contains(" train rows)"), "run " + id + " never started training");
        Thread.sleep(1000);
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().putAll(c.env());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Test
    void withoutSbatchItSaysSoInOneLine() throws Exception {
        Path spec = GridProcesses.spec(dir, "no-sbatch", "  adam: {}", 1);
        Path log = dir.resolve("out.log");
        int exit = GridProcesses.run(log, Map.of("PATH", "/nonexistent"), "grid", "slurm", spec.toString(), "--out",
                dir.resolve("g").toString(), "--cache-dir", dir.resolve("cache").toString());
        String out = Files.readString(log);
        assertEquals(2, exit, out);
        List<String> errors = out.lines().filter(l -> l.startsWith("helen: ")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.get(0).contains("sbatch not found") && errors.get(0).contains("--dry-run"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);

        Path dry = dir.resolve("dry.log");
        assertEquals(0, GridProcesses.run(dry, Map.of("PATH", "/nonexistent"), "grid", "slurm", spec.toString(), "--out",
                dir.resolve("dry").toString(), "--dry-run", "--max-parallel", "3", "--time", "01:00:00"));
        String scripts = Files.readString(dry);
        assertTrue(scripts.contains("#SBATCH --array=0-1%3") && scripts.contains("#SBATCH --time=01:00:00")
                && scripts.contains("grid task") && scripts.contains("\"$SLURM_ARRAY_TASK_ID\"") && scripts.contains("grid select"), scripts);
        assertNotEquals(0, Files.size(dir.resolve("dry/slurm/grid.sbatch")));

        Path run = dir.resolve("some-run");
        CliContractTest.run("train", "--config", "training/samples/deepfm.yaml", "--out", run.toString(), "--epochs", "1",
                "--no-progress", "--cache-dir", dir.resolve("cache").toString());
        Path shardsDry = dir.resolve("shards-dry.log");
        assertEquals(0, GridProcesses.run(shardsDry, Map.of("PATH", "/nonexistent"), "analyze", run.toString(), "--mode", "exact",
                "--shards", "3", "--slurm", "--dry-run", "--cpus-per-task", "2", "--fields", "C1"));
        String shardScripts = Files.readString(shardsDry);
        assertTrue(shardScripts.contains("#SBATCH --array=1-3\n") && shardScripts.contains("#SBATCH --cpus-per-task=2")
                && shardScripts.contains("--shard \"$SLURM_ARRAY_TASK_ID\"/3 --partial " + run.resolve("analysis-shards"))
                && shardScripts.contains("--threads 2") && shardScripts.contains("--fields C1")
                && shardScripts.contains("analyze merge " + run.resolve("analysis-shards") + " --out " + run.resolve("analysis")),
                shardScripts);
    }

    private static int script(Map<String, String> env, Path log, String command, Path cluster) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", "scripts/slurm-local.sh", command, cluster.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Until squeue lists none of the jobs (5 minutes at most). */
    private static void waitFor(Map<String, String> env, String jobs, Path cluster) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < end) {
            ProcessBuilder b = new ProcessBuilder("squeue", "-h", "-j", jobs).redirectErrorStream(true);
            b.environment().putAll(env);
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (p.exitValue() == 0 && out.isBlank() || out.contains("Invalid job id")) {
                return;
            }
            Thread.sleep(500);
        }
        fail("jobs " + jobs + " still queued after 5 minutes; see " + cluster.resolve("log"));
    }

    /** Waits up to 3 minutes for {@code file}; else fails with the cluster's view of the jobs and the task logs. */
    private static void waitForFile(Path file, Cluster c, Path logs) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < end && !Files.isRegularFile(file)) {
            Thread.sleep(500);
        }
        if (!Files.isRegularFile(file)) {
            StringBuilder b = new StringBuilder(slurm(c, "squeue", "-a", "-o", "%i %T %r"));
            try (var s = Files.list(logs)) {
                for (Path l : s.filter(p -> p.getFileName().toString().startsWith("slurm-")).toList()) {
                    b.append("\n--- ").append(l.getFileName()).append(":\n").append(Files.readString(l));
                }
            }
            Path controllerLog = c.dir().resolve("log/slurmctld.log");
            if (Files.isRegularFile(controllerLog)) { // how each job ended, as the controller saw it
                b.append("\n--- slurmctld.log:\n").append(Files.readString(controllerLog));
            }
            fail(file + " was not written within 3 minutes of the jobs leaving the queue:\n" + b);
        }
    }

    private static Path onlyFile(Path dir, String prefix) throws Exception {
        try (var s = Files.list(dir)) {
            List<Path> l = new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
            assertEquals(1, l.size(), prefix + " in " + dir);
            return l.get(0);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
