package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import helen.results.GridDirectory;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.ParentProcess;
import helen.util.StopSignals;
import helen.util.StoppedBySignal;

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
 * with its log and the others go on. A SIGTERM or SIGINT this process catches is passed on to the
 * workers as SIGTERM: each saves its run's checkpoint after its current step and answers "stopped",
 * no further run starts, and {@link #run} ends with {@link StoppedBySignal}; the same command resumes.
 */
public final class LocalExecutor {
    /** Where the runs come from: a worker expands the same spec and takes runs by their id. */
    public record Source(Path spec, Path dataRoot) {
    }

    private LocalExecutor() {
    }

    public static List<RunOutcome> run(List<GridRun> runs, Source source, Path dir, int jobs, int threads, Path cacheRoot,
                                       Predicate<GridRun> track, Tracking tracking, PrintStream log) {
        GridPlan.encodeData(runs, cacheRoot, dir, log);
        Progress progress = new Progress(runs, dir, log);
        ConcurrentLinkedQueue<GridRun> queue = new ConcurrentLinkedQueue<>(runs);
        try (StopPasser children = new StopPasser()) {
            Workers.runAll(jobs, "grid-worker", k -> feed(k, queue, source, dir, threads, cacheRoot, track, tracking, progress,
                    children));
        }
        List<RunOutcome> outcomes = progress.outcomes();
        String signal = StopSignals.received();
        if (StopSignals.stopRequested()) {
            long stopped = outcomes.stream().filter(o -> o.status().equals("stopped")).count();
            throw new StoppedBySignal(signal, String.format(Locale.ROOT, "stopped by %s: %d of %d runs stopped at a checkpoint, "
                    + "%d not started, %d done", signal, stopped, runs.size(), runs.size() - outcomes.size(), outcomes.size() - stopped),
                    "; the same command resumes them (" + dir.resolve(GridDirectory.OUTCOMES) + "/<id>.json says where each stopped)");
        }
        return outcomes;
    }

    /**
     * How often a run is started again in a fresh worker JVM when its worker dies without answering (a
     * signal: the OOM killer, a crash in native code, a node's trouble; or it could not be started): an
     * infrastructure failure, not the run's. A run's own errors come back as an outcome and are not retried.
     */
    static final int WORKER_RETRIES = 2;

    /**
     * Keeps one worker JVM busy until the queue is empty: sends it a run's index (and "track" where
     * curvature is tracked), reads back the outcome as one JSON line. A worker that dies takes only its
     * current run with it: that run is started again in a new worker (it resumes from its checkpoint), at
     * most {@link #WORKER_RETRIES} times, each time with the reason in the grid's log; then it is recorded
     * as failed, with that reason, in DIR/outcomes.
     */
    private static void feed(int k, ConcurrentLinkedQueue<GridRun> queue, Source source, Path dir, int threads, Path cacheRoot,
                             Predicate<GridRun> track, Tracking tracking, Progress progress, StopPasser children) {
        Path workerLog = dir.resolve("logs").resolve("worker-" + k + ".log");
        Worker w = null;
        try {
            for (GridRun r; !StopSignals.stopRequested() && (r = queue.poll()) != null; ) {
                if (RunLauncher.finished(RunLauncher.runDir(dir, r))) {
                    progress.done(RunOutcome.skipped(r));
                    continue;
                }
                RunOutcome outcome = null;
                for (int attempt = 1; outcome == null; attempt++) {
                    String death;
                    try {
                        if (w == null) {
                            w = Worker.start(source, dir, threads, cacheRoot, tracking, workerLog);
                            children.add(w.process);
                        }
                        JsonNode answer = w.train(r, track.test(r));
                        if (answer != null) {
                            outcome = RunOutcome.fromJson(r, answer);
                            break;
                        }
                        death = "its worker JVM ended without an answer (" + exitStatus(w.process.waitFor()) + ")";
                    } catch (IOException e) {
                        death = "its worker JVM could not be started or reached (" + e.getMessage() + ")";
                    }
                    if (w != null) {
                        w.process.destroyForcibly();
                        children.remove(w.process);
                        w = null;
                    }
                    if (StopSignals.stopRequested()) {
                        // asked to stop, not a failure of the run: its last checkpoint stands, the next grid run resumes it
                        outcome = RunLauncher.record(dir, RunOutcome.stopped(r, "stopped by " + StopSignals.received() + "; " + death,
                                workerLog, 0));
                    } else if (attempt > WORKER_RETRIES) {
                        outcome = RunLauncher.record(dir, RunOutcome.failed(r, death + ", " + attempt + " times; see " + workerLog,
                                workerLog, 0));
                    } else {
                        progress.retrying(r, death, attempt + 1);
                    }
                }
                progress.done(outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (w != null) {
                w.close();
                children.remove(w.process);
            }
        }
    }

    /** "exit 1", or "exit 134: signal 6, SIGABRT" for a process a signal ended. */
    static String exitStatus(int exit) {
        if (exit <= 128 || exit > 128 + 64) {
            return "exit " + exit;
        }
        int signal = exit - 128;
        String name = switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "";
        };
        return "exit " + exit + ": signal " + signal + (name.isEmpty() ? "" : ", " + name);
    }

    /** One worker JVM ({@code helen grid worker}) and its pipes. */
    private record Worker(Process process, Writer in, BufferedReader out) {
        static Worker start(Source source, Path dir, int threads, Path cacheRoot, Tracking tracking, Path workerLog) throws IOException {
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
            b.environment().putAll(ParentProcess.childEnvironment());
            Process p = b.start();
            return new Worker(p, new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8),
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }

        /** Sends run {@code r}; its outcome's JSON, or null when the worker ended first. */
        JsonNode train(GridRun r, boolean track) throws IOException {
            try {
                in.write(r.id() + (track ? " track" : "") + "\n");
                in.flush();
            } catch (IOException e) {
                return null; // a broken pipe: the worker has ended (killed before it read the run), its exit status says how
            }
            String answer = out.readLine();
            while (answer != null && !answer.startsWith(ANSWER)) {
                answer = out.readLine(); // anything else a library printed is not ours
            }
            return answer == null ? null : Json.MAPPER.readTree(answer.substring(ANSWER.length()));
        }

        /** End of input: the worker exits once its run is done. */
        void close() {
            try {
                in.close();
                process.waitFor();
            } catch (IOException | InterruptedException e) {
                process.destroy();
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
                throw new HelenException("grid worker: no run " + w[0] + " in the plan of the spec");
            }
            boolean track = w.length > 1 && w[1].equals("track");
            RunOutcome o = RunLauncher.inThisJvm(r, dir, cacheRoot, track ? tracking : null);
            out.println(ANSWER + o.json());
            out.flush();
            if (StopSignals.stopRequested()) {
                return; // the executor starts no further run
            }
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

        void retrying(GridRun r, String why, int attempt) {
            synchronized (log) {
                log.printf(Locale.ROOT, "[grid] %s: %s; starting it again in a new worker (attempt %d of %d)%n",
                        RunLauncher.describe(r), why, attempt, WORKER_RETRIES + 1);
            }
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
