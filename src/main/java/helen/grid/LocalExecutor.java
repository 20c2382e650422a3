package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code helen grid run}: the runs of a plan, {@code jobs} at a time, into {@code DIR/runs/<id>}, in
 * {@code jobs} worker JVMs ({@code helen grid worker}), each taking the next run from a shared queue and
 * training its runs one after another: separate processes because libtorch's random generator is
 * global to a process (two runs sharing one would draw each other's dropout masks in an order the
 * scheduler decides) and because only a process's environment sets OpenBLAS's thread count, which
 * changes float sums (so every run, here or in a Slurm task, gets its BLAS threads the same way);
 * long-lived ones because starting a JVM and libtorch costs seconds, more than a small run. A
 * finished run is skipped, a killed one resumed from its checkpoint; a run that fails is recorded
 * with its log and the others go on.
 */
public final class LocalExecutor {
    /** Where the runs come from: a worker expands the same spec and takes runs by their id. */
    public record Source(Path spec, Path dataRoot) {
    }

    private LocalExecutor() {
    }

    public static List<RunOutcome> run(List<GridRun> runs, Source source, Path dir, int jobs, int threads, Path cacheRoot,
                                       Predicate<GridRun> track, Tracking tracking, PrintStream log) {
        GridPlan.encodeData(runs, cacheRoot, log);
        Progress progress = new Progress(runs, dir, log);
        ConcurrentLinkedQueue<GridRun> queue = new ConcurrentLinkedQueue<>(runs);
        Workers.runAll(jobs, "grid-worker", k -> feed(k, queue, source, dir, threads, cacheRoot, track, tracking, progress));
        return progress.outcomes();
    }

    /**
     * Keeps one worker JVM busy until the queue is empty: sends it a run's index (and "track" where
     * curvature is tracked), reads back the outcome as one JSON line. A worker that dies takes only
     * its current run with it (recorded as failed); the next run starts a new worker.
     */
    private static void feed(int k, ConcurrentLinkedQueue<GridRun> queue, Source source, Path dir, int threads, Path cacheRoot,
                             Predicate<GridRun> track, Tracking tracking, Progress progress) {
        Path workerLog = dir.resolve("logs").resolve("worker-" + k + ".log");
        Process p = null;
        Writer in = null;
        BufferedReader out = null;
        try {
            for (GridRun r; (r = queue.poll()) != null; ) {
                if (RunLauncher.finished(RunLauncher.runDir(dir, r))) {
                    progress.done(RunOutcome.skipped(r));
                    continue;
                }
                if (p == null || !p.isAlive()) {
                    List<String> args = new ArrayList<>(List.of("grid", "worker", source.spec().toString(), "--out", dir.toString(),
                            "--threads", Integer.toString(threads), "--cache-dir", cacheRoot.toString()));
                    if (source.dataRoot() != null) {
                        args.addAll(List.of("--data-root", source.dataRoot().toString()));
                    }
                    if (tracking != null) {
                        args.add("--track");
                        args.addAll(tracking.words());
                    }
                    Files.createDirectories(workerLog.getParent());
                    ProcessBuilder b = new ProcessBuilder(RunLauncher.javaCommand(args.toArray(String[]::new)))
                            .redirectError(ProcessBuilder.Redirect.appendTo(workerLog.toFile()));
                    b.environment().putAll(RunLauncher.threadEnv(threads));
                    p = b.start();
                    in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                    out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                }
                in.write(r.id() + (track.test(r) ? " track" : "") + "\n");
                in.flush();
                String answer = out.readLine();
                while (answer != null && !answer.startsWith(ANSWER)) {
                    answer = out.readLine(); // anything else a library printed is not ours
                }
                if (answer == null) {
                    progress.done(RunOutcome.failed(r, "its worker JVM ended (exit " + p.waitFor() + ")", workerLog, 0));
                    p = null;
                    continue;
                }
                JsonNode o = Json.MAPPER.readTree(answer.substring(ANSWER.length()));
                progress.done(RunOutcome.fromJson(r, o));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (p != null) {
                try {
                    in.close(); // end of input: the worker exits
                    p.waitFor();
                } catch (IOException | InterruptedException e) {
                    p.destroy();
                }
            }
        }
    }

    /** How a worker's answer line starts; the outcome's JSON follows. */
    private static final String ANSWER = "outcome ";

    /**
     * The worker's side ({@code helen grid worker}): reads "ID" or "ID track" lines until the end of its
     * input, trains that run of {@code runs} in this JVM, answers with one outcome line. By id, not by
     * place: the executor may run a part of the spec's plan (helen reproduce --datasets, --models).
     */
    public static void serve(List<GridRun> runs, Path dir, Path cacheRoot, Tracking tracking, BufferedReader in, PrintStream out)
            throws IOException {
        java.util.Map<String, GridRun> byId = new java.util.HashMap<>();
        runs.forEach(r -> byId.put(r.id(), r));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            GridRun r = byId.get(w[0]);
            if (r == null) {
                throw new helen.util.HelenException("grid worker: no run " + w[0] + " in the plan of the spec");
            }
            boolean track = w.length > 1 && w[1].equals("track");
            RunOutcome o = RunLauncher.inThisJvm(r, dir, cacheRoot, track ? tracking : null);
            out.println(ANSWER + o.json());
            out.flush();
        }
    }

    /** The outcomes so far, and a plain progress line per run with the time left (mean time per trained run). */
    private static final class Progress {
        private final List<RunOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        private final int total;
        private final long toDo;
        private final long t0 = System.nanoTime();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger worked = new AtomicInteger();
        private final PrintStream log;

        Progress(List<GridRun> runs, Path dir, PrintStream log) {
            this.total = runs.size();
            this.toDo = runs.stream().filter(r -> !RunLauncher.finished(RunLauncher.runDir(dir, r))).count();
            this.log = log;
        }

        void done(RunOutcome o) {
            outcomes.add(o);
            int n = done.incrementAndGet();
            int w = o.status().equals("skipped") ? worked.get() : worked.incrementAndGet();
            double minutes = (System.nanoTime() - t0) / 6e10;
            // plain lines: readable in a terminal, CI and Slurm logs alike
            String eta = w == 0 ? "" : String.format(Locale.ROOT, ", %.1f min so far, about %.1f min left", minutes,
                    minutes / w * Math.max(0, toDo - w));
            synchronized (log) {
                log.printf(Locale.ROOT, "[grid %d/%d%s] %s: %s%n", n, total, eta, RunLauncher.describe(o.run()), o.line());
            }
        }

        List<RunOutcome> outcomes() {
            List<RunOutcome> sorted = new ArrayList<>(outcomes);
            sorted.sort(Comparator.comparingInt(o -> o.run().index()));
            return sorted;
        }
    }
}
