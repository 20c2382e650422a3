package helen.cli;

import helen.grid.GridPlan;
import helen.grid.GridRun;
import helen.grid.GridSpec;
import helen.grid.LocalExecutor;
import helen.grid.RunLauncher;
import helen.grid.RunOutcome;
import helen.grid.SlurmExecutor;
import helen.grid.Tracking;
import helen.pipeline.Pipeline;
import helen.results.GridDirectory;
import helen.results.GridSelection;
import helen.results.SelectionFile;
import helen.util.HelenException;
import helen.util.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code helen grid plan|run|slurm|task|select}: the paper's protocol as a grid of runs, with selection on validation. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"A grid of training runs (datasets x models x optimizer settings x L2 x seeds) from a YAML spec,",
                "run on this machine or as a Slurm job array, and the paper's selection: per cell the setting with the",
                "best mean validation AUC - logloss over seeds, reported with its test metrics (mean and std over seeds)."},
        subcommands = {GridCommand.Plan.class, GridCommand.Run.class, GridCommand.Slurm.class, GridCommand.Task.class,
                GridCommand.Select.class, GridCommand.Worker.class})
final class GridCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "choose plan, run, slurm, task or select (helen grid --help)");
    }

    /** What every grid command that reads a spec takes: the spec, the grid directory, and where data paths point. */
    static final class SpecAndDir {
        @Parameters(index = "0", paramLabel = "SPEC")
        Path spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The grid directory.")
        Path out;

        @Option(names = "--data-root", paramLabel = "DIR",
                description = "Where the spec's relative train/valid/test paths point (e.g. a BARS data root; default: the spec's directory).")
        Path dataRoot;

        /** The plan of the spec, written to DIR/grid.jsonl. */
        List<GridRun> plan(int threads) {
            List<GridRun> runs = GridPlan.expand(GridSpec.load(spec, dataRoot), threads);
            GridPlan.write(out, runs);
            return runs;
        }
    }

    static int defaultThreads(int jobs) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
    }

    static Path cacheRoot(Path given) {
        return given != null ? given : Pipeline.defaultCacheRoot();
    }

    /**
     * Writes DIR/selection.csv and prints it; where planned runs have no result, one line naming them. Returns 1
     * when a run failed or never ran, else 0 (diverged runs are named and counted, but are a result of their setting).
     */
    static int select(Path dir) {
        GridSelection.Result r = GridSelection.select(dir);
        GridSelection.write(dir, r);
        System.err.println("selection: " + dir.resolve(SelectionFile.FILE) + " (" + r.cells().size() + " cells"
                + (r.missing().isEmpty() ? ")" : "; left out " + r.missing().size() + " runs without a result)"));
        r.summary().ifPresent(line -> System.err.println("helen: " + line));
        return r.failed().isEmpty() ? 0 : 1;
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Expands SPEC into runs with stable ids: DIR/grid.jsonl.")
    static final class Plan implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        SpecAndDir g;

        @Override
        public Integer call() throws Exception {
            List<GridRun> runs = g.plan(defaultThreads(1));
            System.out.println(runs.size() + " runs; wrote " + g.out.resolve(GridDirectory.PLAN));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the grid here, --jobs at a time, into DIR/runs/<id>: --jobs worker JVMs with cores/jobs",
                    "libtorch and BLAS threads each take runs from one queue. Skips finished runs, resumes killed",
                    "ones; a worker JVM that dies (a signal, or it never starts) is started again for its run, at most",
                    "twice. Then writes DIR/selection.csv. Exits 1 if a run still has no result (the others ran; one",
                    "summary line names them, diverged ones apart; DIR/outcomes/<id>.json and DIR/logs/<id>.log say why).",
                    "SIGTERM or Ctrl-C: the runs in training save a checkpoint after their current step, no other starts,",
                    "exit 143; the same command resumes them."})
    static final class Run implements Callable<Integer>, StopsAtSafePoints {
        @picocli.CommandLine.Mixin
        SpecAndDir g;

        @Option(names = "--jobs", defaultValue = "1", description = "Runs at a time (default ${DEFAULT-VALUE}).")
        int jobs;

        @Option(names = "--threads", description = "libtorch threads per run (default: cores / jobs).")
        Integer threads;

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Encoded-data cache root (default $HELEN_CACHE or .helen-cache).")
        Path cacheRoot;

        @Override
        public Integer call() throws Exception {
            if (jobs < 1) {
                throw new HelenException("--jobs must be at least 1, got " + jobs);
            }
            if (threads != null && threads < 1) {
                throw new HelenException("--threads must be at least 1, got " + threads);
            }
            int perRun = threads != null ? threads : defaultThreads(jobs);
            List<GridRun> runs = g.plan(perRun);
            System.err.println(runs.size() + " runs, " + jobs + " at a time; plan: " + g.out.resolve(GridDirectory.PLAN));
            LocalExecutor.run(runs, new LocalExecutor.Source(g.spec, g.dataRoot), g.out, jobs, perRun,
                    cacheRoot(cacheRoot), r -> false, null, System.err);
            return select(g.out);
        }
    }

    @Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs the grid as a Slurm job array: writes DIR/grid.jsonl, DIR/slurm/grid.sbatch (one task per",
                    "run: helen grid task SPEC --out DIR --index $SLURM_ARRAY_TASK_ID) and DIR/slurm/select.sbatch (after",
                    "the whole array: helen grid select DIR, then helen report DIR --out DIR), encodes the data here,",
                    "and submits both with sbatch. Same DIR layout as helen grid run: either can finish the other's grid."})
    static final class Slurm implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        SpecAndDir g;

        @picocli.CommandLine.Mixin
        SlurmOptions slurm;

        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Encoded-data cache root, on a file system the nodes share (default $HELEN_CACHE or .helen-cache).")
        Path cacheRoot;

        @Override
        public Integer call() throws Exception {
            SlurmExecutor.Resources res = slurm.resources();
            List<GridRun> runs = g.plan(res.cpusPerTask());
            // a grid submitted again (after a cancelled task, a failed node): only the runs without a result
            List<Integer> todo = runs.stream().filter(r -> !RunLauncher.finished(g.out.resolve("runs").resolve(r.id())))
                    .map(GridRun::index).toList();
            if (todo.isEmpty()) {
                System.err.println("every run of the plan has a result: nothing to submit");
                return select(g.out);
            }
            SlurmExecutor.Scripts s = SlurmExecutor.write(g.spec, g.dataRoot, g.out, todo, res, cacheRoot(cacheRoot));
            if (slurm.dryRun) {
                System.out.println(s.dryRunText());
                System.err.println(runs.size() + " runs; nothing submitted (--dry-run)");
                return 0;
            }
            GridPlan.encodeData(runs, cacheRoot(cacheRoot), g.out, System.err);
            SlurmExecutor.Submitted j = SlurmExecutor.submit(g.out, s);
            System.out.println("submitted job array " + j.arrayJob() + " (" + todo.size() + (todo.size() < runs.size()
                    ? " of " + runs.size() + " runs: those without a result)" : " runs)") + " and job " + j.afterJob()
                    + " (selection and reports, after the array); logs: " + g.out.resolve("logs"));
            return 0;
        }
    }

    /** A task's exit status when a signal stopped its run after a checkpoint (EX_TEMPFAIL: try again later). */
    static final int STOPPED = 75;

    @Command(name = "task", mixinStandardHelpOptions = true,
            description = {"Trains run INDEX of the plan (0-based, the order of DIR/grid.jsonl) in this process: what each",
                    "task of helen grid slurm runs. Skips a finished run, resumes a killed or stopped one (from the step it",
                    "stopped at). On SIGUSR1 (Slurm's warning before the time limit) or SIGTERM (preemption, scancel) the run",
                    "saves a checkpoint after its current step and the task ends with exit 75, requeueing itself on SIGUSR1.",
                    "Exit 1 when it failed or diverged (DIR/outcomes/<id>.json says why)."})
    static final class Task implements Callable<Integer>, UsesLibtorch {
        @picocli.CommandLine.Mixin
        SpecAndDir g;

        @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The run's 1-based line in grid.jsonl "
                + "($SLURM_ARRAY_TASK_ID in the array script).")
        int index;

        @Option(names = "--threads", description = "libtorch threads (default: $SLURM_CPUS_PER_TASK, else the cores).")
        Integer threads;

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Encoded-data cache root (default $HELEN_CACHE or .helen-cache).")
        Path cacheRoot;

        @Override
        public Integer call() {
            String slurmCpus = System.getenv("SLURM_CPUS_PER_TASK");
            int t = threads != null ? threads : slurmCpus != null && slurmCpus.matches("\\d+") ? Integer.parseInt(slurmCpus)
                    : defaultThreads(1);
            if (t < 1) {
                throw new HelenException("--threads must be at least 1, got " + t);
            }
            GridRun r = GridPlan.run(GridSpec.load(g.spec, g.dataRoot), t, g.out, index);
            // Slurm's warning before the time limit (USR1) and a preemption's or scancel's TERM: checkpoint, then end
            StopSignals.install();
            RunOutcome o = RunLauncher.inThisJvm(r, g.out, cacheRoot(cacheRoot));
            System.err.println("[grid task " + index + "] " + r.id() + ": " + o.line());
            if (o.status().equals("stopped")) {
                // the time limit is near: back in the queue, to resume from the checkpoint (a preempted task is
                // requeued by Slurm itself, a cancelled one stays cancelled: helen grid slurm submits it again)
                if ("SIGUSR1".equals(StopSignals.received())) {
                    String refused = SlurmExecutor.requeueThisTask();
                    System.err.println("[grid task " + index + "] " + (refused == null ? "requeued" : "not requeued: " + refused));
                }
                return STOPPED;
            }
            return o.failed() ? 1 : 0;
        }
    }

    @Command(name = "select", mixinStandardHelpOptions = true,
            description = {"Per (dataset, model, optimizer) the setting with the best mean validation monitor: DIR/selection.csv.",
                    "Exits 1 (after writing it) when a run of the plan failed or never ran; one line names every run without",
                    "a result, diverged ones apart."})
    static final class Select implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() {
            return select(dir);
        }
    }

    @Command(name = "worker", hidden = true,
            description = {"One of helen grid run's worker JVMs: reads run ids (\"ID\" or \"ID track\") on standard",
                    "input, trains each in this JVM, answers each with one outcome line."})
    static final class Worker implements Callable<Integer>, UsesLibtorch, StopsAtSafePoints {
        @picocli.CommandLine.Mixin
        SpecAndDir g;

        @Option(names = "--threads", required = true)
        int threads;

        @Option(names = "--cache-dir", required = true, paramLabel = "DIR")
        Path cacheRoot;

        @Option(names = "--track", arity = "2", paramLabel = "INTERVAL ROWS", description = "Curvature tracking of the runs marked track.")
        List<String> track;

        @Override
        public Integer call() throws Exception {
            List<GridRun> runs = GridPlan.expand(GridSpec.load(g.spec, g.dataRoot), threads);
            LocalExecutor.serve(runs, g.out, cacheRoot, track == null ? null : Tracking.parse(track.get(0), track.get(1)),
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                    System.out);
            return 0;
        }
    }
}
