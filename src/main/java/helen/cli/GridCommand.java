package helen.cli;

import helen.grid.GridPlan;
import helen.grid.GridRun;
import helen.grid.GridSpec;
import helen.grid.LocalExecutor;
import helen.grid.Selection;
import helen.pipeline.Pipeline;
import helen.util.HelenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code helen grid plan|run|select}: the paper's protocol as a grid of runs, with selection on validation. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"A grid of training runs (datasets x models x optimizer settings x L2 x seeds) from a YAML spec,",
                "run on this machine, and the paper's selection: per cell the setting with the best mean validation",
                "AUC - logloss over seeds, reported with its test metrics (mean and std over seeds)."},
        subcommands = {GridCommand.Plan.class, GridCommand.Run.class, GridCommand.Select.class})
final class GridCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "choose plan, run or select (helen grid --help)");
    }

    static int defaultThreads(int jobs) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Expands SPEC into runs with stable ids: DIR/grid.jsonl.")
    static final class Plan implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SPEC")
        Path spec;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<GridRun> runs = GridPlan.expand(GridSpec.load(spec), defaultThreads(1));
            Files.createDirectories(out);
            GridPlan.write(out, runs);
            System.out.println(runs.size() + " runs; wrote " + out.resolve(GridPlan.FILE));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the grid here, --jobs at a time (each in its own JVM with cores/jobs libtorch threads),",
                    "into DIR/runs/<id>; skips finished runs, resumes killed ones; then writes DIR/selection.csv.",
                    "Exits 1 if a run failed (the others still ran; the summary names them)."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SPEC")
        Path spec;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--jobs", defaultValue = "1", description = "Runs at a time (default ${DEFAULT-VALUE}).")
        int jobs;

        @Option(names = "--threads", description = "libtorch threads per run (default: cores / jobs).")
        Integer threads;

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Encoded-data cache root (default $HELEN_CACHE or .helen-cache).")
        Path cacheRoot;

        @Override
        public Integer call() throws Exception {
            if (jobs < 1 || threads != null && threads < 1) {
                throw new HelenException("--jobs and --threads must be at least 1, got " + jobs + ", " + threads);
            }
            List<GridRun> runs = GridPlan.expand(GridSpec.load(spec), threads != null ? threads : defaultThreads(jobs));
            Files.createDirectories(out);
            GridPlan.write(out, runs);
            System.err.println(runs.size() + " runs, " + jobs + " at a time; plan: " + out.resolve(GridPlan.FILE));
            List<LocalExecutor.Outcome> outcomes = LocalExecutor.run(runs, out, jobs,
                    cacheRoot != null ? cacheRoot : Pipeline.defaultCacheRoot(), System.err);
            Selection.Result selected = Selection.select(out);
            Selection.write(out, selected);
            List<LocalExecutor.Outcome> failed = outcomes.stream().filter(LocalExecutor.Outcome::failed).toList();
            System.err.println("selection: " + out.resolve(Selection.FILE) + " (" + selected.cells().size() + " cells"
                    + (selected.leftOut().isEmpty() ? "" : "; left out " + selected.leftOut().size() + " runs without a result") + ")");
            if (!failed.isEmpty()) {
                System.err.println("helen: " + failed.size() + " of " + runs.size() + " runs failed: " + String.join("; ",
                        failed.stream().map(o -> o.run().id() + " " + o.message()).toList()));
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "select", mixinStandardHelpOptions = true,
            description = "Per (dataset, model, optimizer) the setting with the best mean validation monitor: DIR/selection.csv.")
    static final class Select implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() {
            Selection.Result r = Selection.select(dir);
            Selection.write(dir, r);
            System.out.println(r.cells().size() + " cells; wrote " + dir.resolve(Selection.FILE)
                    + (r.leftOut().isEmpty() ? "" : "; left out (no result): " + String.join(", ", r.leftOut())));
            return 0;
        }
    }
}
