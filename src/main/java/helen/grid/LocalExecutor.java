package helen.grid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.pipeline.Pipeline;
import helen.util.Json;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code helen grid run}: the runs of a plan, {@code jobs} at a time, each in its own JVM ({@code
 * helen train} on the run's resolved config, with the plan's libtorch thread count) into {@code
 * DIR/runs/<id>}. Separate processes because libtorch's random generator is global to a process: two
 * runs sharing one would draw each other's dropout masks in an order the scheduler decides. A
 * finished run is skipped, a killed one resumed from its checkpoint; a run that fails is recorded
 * with its log and the others go on.
 */
public final class LocalExecutor {
    /** What became of one run. */
    public record Outcome(GridRun run, String status, String message) {
        public boolean failed() {
            return status.equals("failed");
        }
    }

    private LocalExecutor() {
    }

    public static List<Outcome> run(List<GridRun> runs, Path dir, int jobs, Path cacheRoot, PrintStream log) {
        // every dataset encoded once, before the workers start (two encoders of one cache would wait on its lock)
        runs.stream().map(r -> r.config().data()).distinct().forEach(d -> Pipeline.encode(d, cacheRoot, log));
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        for (GridRun r : runs) {
            pool.submit(() -> {
                Outcome o = one(r, dir, cacheRoot);
                outcomes.add(o);
                int n = done.incrementAndGet();
                double minutes = (System.nanoTime() - t0) / 6e10;
                synchronized (log) {
                    log.printf(Locale.ROOT, "[grid %d/%d, %.1f min so far, about %.1f min left] %s %s %s%s seed %d: %s%n", n,
                            runs.size(), minutes, minutes / n * (runs.size() - n), r.dataset(), r.model(), r.optimizer(),
                            setting(r), r.seed(), o.message());
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(java.util.Comparator.comparingInt(o -> o.run().index()));
        return sorted;
    }

    /** One run in a child JVM: this JVM's java, class path and options. */
    static Outcome one(GridRun r, Path dir, Path cacheRoot) {
        Path out = dir.resolve("runs").resolve(r.id());
        if (finished(out)) {
            return new Outcome(r, "skipped", "finished before");
        }
        try {
            Path config = dir.resolve("configs").resolve(r.id() + ".yaml");
            Files.createDirectories(config.getParent());
            helen.util.AtomicFiles.writeString(config, helen.train.TrainConfigLoader.toYaml(r.config(), null));
            boolean resume = Files.isRegularFile(out.resolve("state.json"));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "helen.cli.HelenCommand", "train", "--config",
                    config.toString(), "--out", out.toString(), "--no-progress", "--cache-dir", cacheRoot.toString()));
            if (resume) {
                cmd.add("--resume");
            }
            Path childLog = dir.resolve("logs").resolve(r.id() + ".log");
            Files.createDirectories(childLog.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
            int exit = p.waitFor();
            if (finished(out)) {
                ObjectNode m = Json.read(out.resolve("metrics.json"), ObjectNode.class);
                return new Outcome(r, resume ? "resumed" : "trained", String.format(Locale.ROOT, "test AUC %.5f logloss %.5f",
                        m.path("test").path("auc").asDouble(), m.path("test").path("logloss").asDouble()));
            }
            if (exit == 3) {
                return new Outcome(r, "diverged", "diverged (see " + out.resolve("metrics.json") + ")");
            }
            String last = Files.readAllLines(childLog).stream().filter(l -> l.startsWith("helen: ")).reduce((a, b) -> b)
                    .orElse("exit " + exit);
            return new Outcome(r, "failed", "FAILED: " + last + " (log: " + childLog + ")");
        } catch (java.io.IOException e) {
            return new Outcome(r, "failed", "FAILED: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(r, "failed", "FAILED: interrupted");
        }
    }

    static boolean finished(Path runDir) {
        Path m = runDir.resolve("metrics.json");
        return Files.isRegularFile(m) && Json.read(m, ObjectNode.class).has("test");
    }

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
}
