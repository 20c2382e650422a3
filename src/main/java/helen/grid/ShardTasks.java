package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import helen.hessian.operator.Shard;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.ParentProcess;
import helen.util.StopSignals;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A sharded exact analysis run as tasks: shard I of N is {@code helen analyze RUN --mode exact --shard
 * I/N --partial DIR ARGS}, each in its own process (its BLAS threads set from its environment, as every
 * grid run's), then {@code helen analyze merge DIR --out OUT}. Locally, {@code jobs} shards at a time
 * and the merge in this process; on Slurm, a job array of the shards and a merge job after it. A shard
 * whose partial sums are already there for the same checkpoint and settings is not measured again by
 * the local runner, so a killed analysis, or one whose Slurm tasks partly failed, is finished by running
 * the command here (a resubmitted Slurm array measures every shard again).
 */
public final class ShardTasks {
    /**
     * @param run      the run directory analysed
     * @param shards   N
     * @param partial  where the shards write {@code shard-I-of-N/}
     * @param out      the merged analysis
     * @param args     the analysis options every shard gets (--samples, --seed, --fields, ...)
     * @param threads  libtorch and BLAS threads per shard
     */
    public record Plan(Path run, int shards, Path partial, Path out, List<String> args, int threads) {
        public Plan {
            if (shards < 1) {
                throw new HelenException("--shards must be at least 1, got " + shards);
            }
            run = run.toAbsolutePath().normalize();
            partial = partial.toAbsolutePath().normalize();
            out = out.toAbsolutePath().normalize();
            args = List.copyOf(args);
        }

        /** The {@code helen} arguments of shard {@code index} (1-based; the Slurm script passes its own). */
        List<String> shardArgs(String index) {
            List<String> a = new ArrayList<>(List.of("analyze", run.toString(), "--mode", "exact", "--shard",
                    index + "/" + shards, "--partial", partial.toString(), "--threads", Integer.toString(threads)));
            a.addAll(args);
            return a;
        }

        Path log(int index) {
            return partial.resolve("logs").resolve("shard-" + index + "-of-" + shards + ".log");
        }
    }

    private ShardTasks() {
    }

    /**
     * Runs the shards not already done, {@code jobs} at a time, and says which failed (naming its log)
     * before anything is merged; {@code done} tells a shard whose partial sums can be kept.
     */
    public static void runLocally(Plan plan, int jobs, Predicate<Integer> done, PrintStream log) {
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 1; i <= plan.shards(); i++) {
            if (done.test(i)) {
                log.printf(Locale.ROOT, "shard %d/%d: its partial sums are there for this checkpoint and these settings, kept%n",
                        i, plan.shards());
            } else {
                queue.add(i);
            }
        }
        if (!queue.isEmpty()) {
            log.printf(Locale.ROOT, "%d of %d shards to measure, %d at a time, %d threads each; their logs: %s%n", queue.size(),
                    plan.shards(), Math.min(jobs, queue.size()), plan.threads(), plan.partial().resolve("logs"));
        }
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean waited;
        try (StopPasser children = new StopPasser()) {
            waited = Workers.runAll(Math.min(jobs, Math.max(1, queue.size())), "shard-worker", k -> {
                for (Integer i; (i = queue.poll()) != null; ) {
                    String failure = runShard(plan, i, log, children);
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            });
        }
        if (!waited) {
            throw new HelenException("interrupted while the shards ran");
        }
        StopSignals.throwIfStopped(); // the shards were stopped too: not a failure of theirs
        if (!failures.isEmpty()) {
            failures.sort(null);
            throw new HelenException(failures.size() + " of " + plan.shards() + " shards failed, nothing merged; "
                    + String.join("; ", failures) + " (run the same command again to redo only those)");
        }
    }

    /** One shard in a child process; null when it succeeded, else a line naming the shard and its log. */
    private static String runShard(Plan plan, int index, PrintStream log, StopPasser children) {
        Path logFile = plan.log(index);
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder b = new ProcessBuilder(RunLauncher.javaCommand(plan.shardArgs(Integer.toString(index)).toArray(String[]::new)))
                    .redirectErrorStream(true).redirectOutput(logFile.toFile());
            b.environment().putAll(RunLauncher.threadEnv(plan.threads()));
            b.environment().put("HELEN_PROGRESS", "log");
            b.environment().putAll(ParentProcess.childEnvironment());
            Process p = b.start();
            p.getOutputStream().close();
            synchronized (log) {
                log.printf(Locale.ROOT, "shard %d/%d: started%n", index, plan.shards());
            }
            children.add(p); // a stop caught here reaches the shard too, which then stops at its own safe point
            int exit;
            try {
                exit = p.waitFor();
            } finally {
                children.remove(p);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            synchronized (log) {
                log.printf(Locale.ROOT, "shard %d/%d: %s in %.1f s%n", index, plan.shards(), exit == 0 ? "done" : "failed (exit " + exit + ")", s);
            }
            return exit == 0 ? null : "shard " + index + "/" + plan.shards() + ": " + lastLine(logFile) + " (log " + logFile + ")";
        } catch (IOException e) {
            return "shard " + index + "/" + plan.shards() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "shard " + index + "/" + plan.shards() + ": interrupted";
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).trim().replaceFirst("^helen: (error: )?", "");
        } catch (IOException e) {
            return "no log";
        }
    }

    /**
     * Whether shard {@code index}'s partial sums under the plan's directory were made from {@code
     * checkpointSha256} with the settings {@code expected} (partial.json keys and values, e.g. samples,
     * seed; an array key as its values sorted and joined by commas): a shard of another checkpoint or
     * set is measured again, not merged.
     */
    public static boolean upToDate(Plan plan, int index, String checkpointSha256, Map<String, String> expected) {
        Path header = plan.partial().resolve(new Shard(index, plan.shards()).directoryName()).resolve("partial.json");
        if (!Files.isRegularFile(header)) {
            return false;
        }
        JsonNode h;
        try {
            h = Json.MAPPER.readTree(header.toFile());
        } catch (IOException e) {
            return false; // unreadable: measured again, and the rewrite replaces it
        }
        if (!checkpointSha256.equals(h.path("checkpoint_sha256").asText())) {
            return false;
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode v = h.path(e.getKey());
            String text = v.isArray() ? String.join(",", java.util.stream.StreamSupport.stream(v.spliterator(), false)
                    .map(JsonNode::asText).sorted().toList()) : v.asText();
            if (!text.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes PARTIAL/slurm/shards.sbatch (array 1..N, one shard per task, {@code --cpus-per-task} =
     * the plan's threads) and PARTIAL/slurm/merge.sbatch (the merge; submitted to start after the
     * whole array, {@code afterany}, so that a failed shard is named by merge's own error in its log).
     */
    public static SlurmExecutor.Scripts writeSlurm(Plan plan, SlurmExecutor.Resources res) {
        Path logs = plan.partial().resolve("logs");
        String name = "helen-analyze-" + plan.run().getFileName();
        StringBuilder a = SlurmExecutor.header(name, res, logs.resolve("slurm-%A_%a.out"));
        a.append("#SBATCH --array=1-").append(plan.shards()).append(res.maxParallel() != null ? "%" + res.maxParallel() : "").append('\n');
        a.append("#SBATCH --cpus-per-task=").append(plan.threads()).append('\n');
        SlurmExecutor.body(a);
        RunLauncher.threadEnv(plan.threads()).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> a.append("export ").append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        a.append("export HELEN_PROGRESS=log\n");
        String shard = "TASK/" + plan.shards(); // the task's own index, 1..N: bash expands it, so it stays unquoted
        List<String> words = RunLauncher.javaCommand(plan.shardArgs("TASK").toArray(String[]::new)).stream()
                .map(w -> w.equals(shard) ? "\"$SLURM_ARRAY_TASK_ID\"/" + plan.shards() : SlurmExecutor.quote(w)).toList();
        a.append("exec ").append(String.join(" ", words)).append('\n');

        StringBuilder m = SlurmExecutor.header(name + "-merge", res, logs.resolve("slurm-merge-%j.out"));
        m.append("#SBATCH --cpus-per-task=").append(plan.threads()).append('\n');
        SlurmExecutor.body(m);
        m.append("exec ").append(SlurmExecutor.shell(RunLauncher.javaCommand("analyze", "merge", plan.partial().toString(),
                "--out", plan.out().toString()))).append('\n');
        try {
            Files.createDirectories(logs); // sbatch writes the tasks' output there and will not create it
        } catch (IOException e) {
            throw new HelenException(logs + ": cannot create: " + e.getMessage());
        }
        Path slurm = plan.partial().resolve("slurm");
        SlurmExecutor.Scripts s = new SlurmExecutor.Scripts(slurm.resolve("shards.sbatch"), a.toString(), slurm.resolve("merge.sbatch"),
                m.toString());
        AtomicFiles.writeString(s.array(), s.arrayText());
        AtomicFiles.writeString(s.after(), s.afterText());
        return s;
    }

    /** Submits the array, then the merge after it; writes PARTIAL/slurm/submitted.json. */
    public static SlurmExecutor.Submitted submit(Plan plan, SlurmExecutor.Scripts s) {
        return SlurmExecutor.submit(plan.partial().resolve("slurm"), s.array(), s.after(), "merge_job");
    }
}
