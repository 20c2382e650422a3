package helen.grid;

import helen.pipeline.Pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code helen grid run}: the runs of a plan, {@code jobs} at a time, into {@code DIR/runs/<id>}.
 * One at a time they train in this JVM, one after another (no JVM and libtorch start per run);
 * several at a time each trains in its own JVM, because libtorch's random generator is global to a
 * process: two runs sharing one would draw each other's dropout masks in an order the scheduler
 * decides. A finished run is skipped, a killed one resumed from its checkpoint; a run that fails is
 * recorded with its log and the others go on.
 */
public final class LocalExecutor {
    private LocalExecutor() {
    }

    public static List<RunOutcome> run(List<GridRun> runs, Path dir, int jobs, Path cacheRoot, PrintStream log) {
        // every dataset encoded once, before the workers start (two encoders of one cache would wait on its lock)
        runs.stream().map(r -> r.config().data()).distinct().forEach(d -> Pipeline.encode(d, cacheRoot, log));
        List<RunOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger worked = new AtomicInteger();
        long toDo = runs.stream().filter(r -> !RunLauncher.finished(RunLauncher.runDir(dir, r))).count();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        for (GridRun r : runs) {
            pool.submit(() -> {
                RunOutcome o = jobs == 1 ? RunLauncher.inThisJvm(r, dir, cacheRoot) : RunLauncher.inChildJvm(r, dir, cacheRoot);
                outcomes.add(o);
                int n = done.incrementAndGet();
                int w = o.status().equals("skipped") ? worked.get() : worked.incrementAndGet();
                double minutes = (System.nanoTime() - t0) / 6e10;
                // plain lines with the time left (mean time per run so far): readable in a terminal, CI and Slurm logs alike
                String eta = w == 0 ? "" : String.format(Locale.ROOT, ", %.1f min so far, about %.1f min left", minutes,
                        minutes / w * Math.max(0, toDo - w));
                synchronized (log) {
                    log.printf(Locale.ROOT, "[grid %d/%d%s] %s: %s%n", n, runs.size(), eta, RunLauncher.describe(r), o.line());
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
        List<RunOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingInt(o -> o.run().index()));
        return sorted;
    }
}
