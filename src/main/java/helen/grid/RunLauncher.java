package helen.grid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataContent;
import helen.results.GridDirectory;
import helen.train.ResolvedConfig;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.train.Trainer;
import helen.train.Training;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains one grid run into {@code DIR/runs/<id>} in this JVM, and records what
 * became of it in {@code DIR/outcomes/<id>.json}; its log goes to {@code DIR/logs/<id>.log}. The
 * local executor and the Slurm tasks both come through here, so a grid directory reads the same
 * whichever ran it. A finished run is skipped, a killed one resumed from its checkpoint.
 */
public final class RunLauncher {
    private RunLauncher() {
    }

    /**
     * Trains in this JVM: what a Slurm task and a local worker do. Each run seeds libtorch's generator
     * at its start, so runs one after another in one process give the same numbers as runs in fresh
     * processes (the Slurm integration test compares the two).
     */
    public static RunOutcome inThisJvm(GridRun r, Path dir, Path cacheRoot) {
        return inThisJvm(r, dir, cacheRoot, null);
    }

    /** The same, measuring curvature while it trains where {@code tracking} is not null. */
    public static RunOutcome inThisJvm(GridRun r, Path dir, Path cacheRoot, Tracking tracking) {
        Path out = runDir(dir, r);
        if (finished(out)) {
            String otherData = trainedOnOtherData(dir, r, out);
            return otherData == null ? RunOutcome.skipped(r) : record(dir, RunOutcome.failed(r, otherData, null, 0));
        }
        long t0 = System.nanoTime();
        Path log = logFile(dir, r);
        boolean resume = false;
        try {
            writeConfig(dir, r);
            resume = Files.isRegularFile(out.resolve("state.json"));
            Files.createDirectories(log.getParent());
            // appended to: a resumed or retried run keeps what its earlier attempts said
            try (PrintStream p = new PrintStream(Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND), true, java.nio.charset.StandardCharsets.UTF_8)) {
                try {
                    Training.run(resume ? ownThreads(r.config(), out) : r.config(), cacheRoot, out, resume, p, false,
                            tracking == null ? null : tracking.interval(),
                            tracking == null ? null : tracking.settings(r.seed()));
                } catch (HelenException e) {
                    p.println("helen: " + e.getMessage());
                    throw e;
                }
            }
        } catch (Trainer.Stopped e) {
            return record(dir, RunOutcome.stopped(r, e.getMessage(), log, seconds(t0)));
        } catch (HelenException | IOException e) {
            return record(dir, RunOutcome.failed(r, e.getMessage(), log, seconds(t0)));
        } catch (RuntimeException e) {
            return record(dir, RunOutcome.failed(r, e.getClass().getSimpleName() + ": " + e.getMessage(), log, seconds(t0)));
        }
        return record(dir, result(r, out, resume, log, 0, seconds(t0)));
    }

    /**
     * Why a finished run's result cannot stand for the grid's data (its files held something else when it
     * trained than DIR/data.json says they hold now), or null when it can or either side does not say.
     */
    private static String trainedOnOtherData(Path dir, GridRun r, Path out) {
        DataContent planned = GridDirectory.recordedData(dir).get(r.dataset());
        DataContent used = DataContent.from(Json.read(out.resolve("metrics.json"), ObjectNode.class).get(DataContent.KEY));
        if (planned == null || used == null || planned.fingerprint().equals(used.fingerprint())) {
            return null;
        }
        return "finished on other data than the grid's " + r.dataset() + " (" + planned.changesSince(used) + "); move " + out
                + " away to train it again";
    }

    /**
     * A killed run continues with the thread count it started with: a run resumes only with its own
     * settings, and a grid may be resumed with another --jobs (so another share of the cores per run).
     */
    private static TrainConfig ownThreads(TrainConfig c, Path out) {
        if (!Files.isRegularFile(out.resolve(ResolvedConfig.FILE))) {
            return c;
        }
        int threads = ResolvedConfig.read(out).threads();
        return c.with(c.data(), c.model(), c.optimizer(), c.epochs(), c.seed(), threads, c.batchSize());
    }

    /** The command line that runs {@code helen ARGS} in a fresh JVM like this one (java, JVM options, class path). */
    public static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // debugger and profiler agents stay with this JVM: a child would fight for their port or file
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "helen.cli.HelenCommand"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The native thread pools of a JVM given {@code threads} cores: libtorch's own setting does not reach
     * OpenBLAS's pthreads, which otherwise start one per core in every process; two worker JVMs on two
     * cores then ran 0.47x one JVM's throughput, and 1.58x with these (scripts/bench-grid.sh).
     */
    public static java.util.Map<String, String> threadEnv(int threads) {
        String t = Integer.toString(threads);
        return java.util.Map.of("OPENBLAS_NUM_THREADS", t, "OMP_NUM_THREADS", t, "MKL_NUM_THREADS", t);
    }

    private static RunOutcome result(GridRun r, Path out, boolean resume, Path log, int exit, double seconds) {
        if (finished(out)) {
            ObjectNode m = Json.read(out.resolve("metrics.json"), ObjectNode.class);
            return RunOutcome.finished(r, resume, m.path("test").path("auc").asDouble(), m.path("test").path("logloss").asDouble(),
                    log, seconds);
        }
        Path metrics = out.resolve("metrics.json");
        if (Files.isRegularFile(metrics)) {
            ObjectNode m = Json.read(metrics, ObjectNode.class);
            if ("diverged".equals(m.path("status").asText())) {
                return RunOutcome.diverged(r, m.path("reason").asText(), log, seconds);
            }
        }
        String last = "exit " + exit;
        try {
            last = Files.readAllLines(log).stream().filter(l -> l.startsWith("helen: ")).reduce((a, b) -> b)
                    .map(l -> l.substring("helen: ".length())).orElse(last);
        } catch (IOException e) {
            // no log: the exit status is all there is
        }
        return RunOutcome.failed(r, last, log, seconds);
    }

    static RunOutcome record(Path dir, RunOutcome o) {
        AtomicFiles.writeString(GridDirectory.outcomeFile(dir, o.run().id()), o.json().toPrettyString());
        return o;
    }

    /** The resolved config of the run as YAML, {@code DIR/configs/<id>.yaml}: what it trained, readable and rerunnable. */
    private static Path writeConfig(Path dir, GridRun r) throws IOException {
        Path config = dir.resolve("configs").resolve(r.id() + ".yaml");
        AtomicFiles.writeString(config, TrainConfigLoader.toYaml(r.config(), null));
        return config;
    }

    static Path runDir(Path dir, GridRun r) {
        return dir.resolve("runs").resolve(r.id());
    }

    static Path logFile(Path dir, GridRun r) {
        return dir.resolve("logs").resolve(r.id() + ".log");
    }

    /** Whether a run directory holds a finished run (metrics.json with a test result). */
    public static boolean finished(Path runDir) {
        Path m = runDir.resolve("metrics.json");
        return Files.isRegularFile(m) && Json.read(m, ObjectNode.class).has("test");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** " ρ 0.05 ξ 0.5 l2 1e-05": the run's setting, for progress lines. */
    static String setting(GridRun r) {
        StringBuilder b = new StringBuilder();
        if (!Double.isNaN(r.rho())) {
            b.append(" ρ ").append(r.rho());
        }
        if (!Double.isNaN(r.xi())) {
            b.append(" ξ ").append(r.xi());
        }
        return b.append(" l2 ").append(r.l2()).toString();
    }

    static String describe(GridRun r) {
        return String.format(Locale.ROOT, "%s %s %s%s seed %d", r.dataset(), r.model(), r.optimizer(), setting(r), r.seed());
    }
}
