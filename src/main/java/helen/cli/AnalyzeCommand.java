package helen.cli;

import helen.analysis.AnalysisOptions;
import helen.grid.ShardTasks;
import helen.grid.SlurmExecutor;
import helen.hessian.Spectrum;
import helen.hessian.operator.Shard;
import helen.pipeline.Pipeline;
import helen.report.AnalysisFigures;
import helen.tensor.Tensors;
import helen.train.RunDirectory;
import helen.util.FileHash;
import helen.util.HelenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code helen analyze RUN_DIR}: every embedding row's top Hessian eigenvalue, gradient norm and frequency. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, subcommands = AnalyzeCommand.Merge.class,
        description = {"Per-feature Hessian eigenvalues, gradient norms and frequencies of a run.",
                "For every row k of every embedding table: the top eigenvalue of its d x d Hessian block (mean BCE over an "
                        + "analysis set, eval mode, no regulariser), its gradient norm and its frequency N on the analysis set "
                        + "(the training-split count as frequency_train; OOV rows marked and left out of per_field's statistics). "
                        + "Field-batched: one HVP per table (per row colour) per iteration. Writes per_feature.csv, "
                        + "per_field.csv, analysis.json.",
                "Full-size data: --mode exact --shards N runs N shard processes (--jobs at a time, or a Slurm job array "
                        + "with --slurm) and merges them; by hand: --shard I/N --partial DIR on N machines, then helen "
                        + "analyze merge DIR.",
                "Exit status: 0 done, 2 bad input, 143 stopped by SIGTERM or Ctrl-C between two batches (nothing written)."})
final class AnalyzeCommand implements Callable<Integer>, UsesLibtorch, StopsAtSafePoints {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // optional to picocli so that "helen analyze merge DIR" parses; call() requires it
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR", description = "A directory written by helen train.")
    Path runDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default RUN_DIR/analysis).")
    Path out;

    @Option(names = "--mode", defaultValue = "power", description = "power, exact (full blocks) or both (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--samples", defaultValue = "20000", description = "Analysis-set size, sampled with --seed (<= 0: whole split; default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--split", defaultValue = "train", description = "Split to sample (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--fields", split = ",", paramLabel = "TABLE", description = "Only these tables (default all).")
    List<String> fields = List.of();

    @Option(names = "--tol", defaultValue = "1e-3", description = "Per-row relative tolerance (default ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--max-iter", defaultValue = "100", description = "Power-iteration cap (default ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--seed", defaultValue = "2024", description = "Seeds the analysis-set sample and the probes (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "K",
            description = "Analyse K analysis sets (seeds --seed, --seed + 1, ...; probes too) and write the spread: "
                    + "per_feature_repeats.csv (per row: mean, std and 95%% interval of lambda and |g|), per_field_repeats.csv "
                    + "(every per-field statistic with its interval; r on Fisher's z), repeats.json (loss, dense and spectrum "
                    + "scalars). The first set's analysis is OUT itself, the others OUT/repeats/seed-S. Costs K analyses "
                    + "(default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--batch-size", defaultValue = "5000", description = "Rows per HVP batch; memory, not results (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--dense", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "The dense part's top eigenvalue (H_h, power iteration; on by default, --no-dense skips it).")
    boolean dense;

    @Option(names = "--dense-samples", defaultValue = "20000", paramLabel = "N",
            description = "The dense part's eigenvalue on the first N rows of the analysis set (one HVP of the whole model "
                    + "per power step; default ${DEFAULT-VALUE}).")
    int denseSamples;

    @Option(names = "--with-regularizer", description = "Include (lambda_emb/2)||E||^2 in the loss (adds lambda_emb to every eigenvalue).")
    boolean regularizer;

    @Option(names = "--threads", defaultValue = "2", description = "libtorch threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--closed-form", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Exact blocks in closed form, (1/n) Σ p(1-p) u uᵀ from one gradient pass over the set, for every"
                    + " table where the model's logit is piecewise linear in each slot (ReLU networks; FM, PNN and DLRM"
                    + " products), plus (1/n) Σ (p-y) ∂²f/∂e² where a row fills two or more slots of a sample (shared tables,"
                    + " histories; d slot-level products each): checked per table by one HVP on the first batch,"
                    + " analysis.json's closed_form says which passed. The others, and all with --no-closed-form, take d HVPs"
                    + " per colour (on by default).")
    boolean closedForm;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "D",
            description = "cpu, cuda or cuda:N: where the model and the HVPs run (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--spectrum", description = "Also the standard curvature outputs in spectrum.json and "
            + "spectrum_density.png: Hutchinson traces (every table in --fields, the dense part, the whole model, with standard "
            + "errors), Lanczos top-k eigenvalues and lambda_min (whole model, dense part), SLQ spectral densities (whole model, "
            + "each table). Costs probes + (2 + density-probes x (1 + tables)) x lanczos-steps HVPs; restrict tables with "
            + "--fields or leave their densities out with --no-table-densities.")
    boolean spectrum;

    @Option(names = "--top-k", defaultValue = "5", description = "Top eigenvalues reported with --spectrum (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--probes", defaultValue = "30", description = "Hutchinson probes of the traces (default ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--density-probes", defaultValue = "2", description = "SLQ start vectors per density (default ${DEFAULT-VALUE}).")
    int densityProbes;

    @Option(names = "--lanczos-steps", defaultValue = "30", description = "Lanczos steps (default ${DEFAULT-VALUE}).")
    int lanczosSteps;

    @Option(names = "--table-densities", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "A spectral density per table with --spectrum (on by default; --no-table-densities keeps the whole "
                    + "model's only, saving density-probes x steps HVPs per table).")
    boolean tableDensities;

    @Option(names = "--shard", paramLabel = "I/N", description = "Only shard I of N (1-based) of the analysis set, with --mode exact and --partial: its partial block "
            + "sums, for helen analyze merge.")
    String shard;

    @Option(names = "--partial", paramLabel = "DIR", description = "Where --shard writes its partial sums (DIR/shard-I-of-N); with --shards, default OUT-shards.")
    Path partial;

    @Option(names = "--shards", paramLabel = "N", description = "With --mode exact: run the analysis as N shard tasks, each a process (--jobs at a time here, or "
            + "a Slurm job array with --slurm), then merge them into --out. Run here, shards already measured for this "
            + "checkpoint and these settings (here or on Slurm) are kept: rerun the command to finish.")
    Integer shards;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "J",
            description = "Shard processes at once with --shards, each with --threads threads (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--slurm", description = "With --shards: submit the shards as a Slurm job array (threads = --cpus-per-task) and the merge as "
            + "a job after it, instead of running them here.")
    boolean slurm;

    @picocli.CommandLine.ArgGroup(exclusive = false, validate = false, heading = "%nSlurm, with --shards N --slurm:%n")
    SlurmOptions slurmOptions = new SlurmOptions();

    /** {@code helen analyze merge DIR --out OUT}: the shards' partial sums added into one exact analysis. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Adds the partial sums of a sharded exact analysis (helen analyze RUN --mode exact --shard I/N",
                    "--partial DIR, for I = 1..N) and writes the analysis a single process would: per_feature.csv,",
                    "per_field.csv, analysis.json. Refuses shards of different runs, checkpoints, data or sets."})
    static final class Merge implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The --partial directory of the shards.")
        Path partialDir;

        @Option(names = "--out", paramLabel = "OUT", required = true, description = "Output directory of the merged analysis.")
        Path out;

        @Override
        public Integer call() {
            Pipeline.AnalysisSummary r = Pipeline.mergeShards(partialDir, out);
            System.err.printf(Locale.ROOT, "%d tables, %d HVPs over %d samples (merged); wrote %s%n", r.tables(), r.hvps(),
                    r.samples(), r.dir());
            return 0;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runDir == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'RUN_DIR'");
        }
        if (!Set.of("power", "exact", "both").contains(mode)) {
            throw new HelenException("--mode must be power, exact or both, got '" + mode + "'");
        }
        if (!(tol > 0 && Double.isFinite(tol))) {
            throw new HelenException("--tol must be a positive finite number, got " + tol);
        }
        if (maxIter < 1 || batchSize < 1 || threads < 1) {
            throw new HelenException("--max-iter, --batch-size and --threads must be at least 1, got " + maxIter + ", "
                    + batchSize + ", " + threads);
        }
        org.bytedeco.pytorch.global.torch.set_num_threads(threads);
        if (repeats < 1) {
            throw new HelenException("--repeats must be at least 1, got " + repeats);
        }
        if (repeats > 1 && (shards != null || shard != null || partial != null)) {
            throw new HelenException("--repeats K repeats a whole analysis; a sharded one (--shards, --shard) is repeated by "
                    + "running it with --seed S, S+1, ... into separate --out directories");
        }
        if (shards != null) {
            if (!Tensors.isDeviceName(device)) { // its availability is the shard's to check: Slurm's nodes may have GPUs this one lacks
                throw new HelenException("--device must be cpu, cuda or cuda:N, got '" + device + "'");
            }
            return shardTasks();
        }
        if (slurm) {
            throw new HelenException("--slurm submits the shards of --shards N: add --mode exact --shards N");
        }
        Tensors.useDevice(device);
        if (shard != null || partial != null) {
            return shard();
        }
        AnalysisOptions o = new AnalysisOptions(mode, samples, split, tol, maxIter, seed, batchSize, fields, dense, regularizer,
                closedForm, denseSamples);
        Spectrum sp = spectrum ? new Spectrum(topK, probes, densityProbes, lanczosSteps, seed,
                tableDensities) : null;
        Path outDir = out != null ? out : runDir.resolve("analysis");
        Pipeline.AnalysisSummary r = repeats > 1
                ? Pipeline.analyzeRepeated(runDir, o, sp, outDir, repeats, line -> System.err.println("  " + line))
                : Pipeline.analyze(runDir, o, sp, outDir, line -> System.err.println("  " + line));
        AnalysisFigures.draw(outDir);
        System.err.printf(Locale.ROOT, "%d tables, %d HVPs over %d samples in %.1f s; wrote %s%n", r.tables(), r.hvps(),
                r.samples(), r.seconds(), r.dir());
        return 0;
    }

    /** The settings a shard's partial sums carry, refused where they cannot (the message names the option). */
    private void checkShardable(String what) {
        if (!mode.equals("exact")) {
            throw new HelenException(what + " needs --mode exact (power iteration is not a sum over shards), got --mode " + mode);
        }
        if (spectrum || regularizer) {
            throw new HelenException(what + " writes partial sums only: drop " + (spectrum ? "--spectrum" : "--with-regularizer"));
        }
    }

    /** --shards N: the shards as tasks (here or on Slurm), then the merge. */
    private Integer shardTasks() {
        checkShardable("--shards");
        if (shard != null) {
            throw new HelenException("--shards N runs every shard; --shard I/N runs one: give one of them");
        }
        if (jobs < 1) {
            throw new HelenException("--jobs must be at least 1, got " + jobs);
        }
        RunDirectory.open(runDir); // not a run: one line here, not one per shard
        Path outDir = out != null ? out : runDir.resolve("analysis");
        Path partialDir = partial != null ? partial : outDir.resolveSibling(outDir.getFileName() + "-shards");
        List<String> args = new java.util.ArrayList<>(List.of("--samples", Integer.toString(samples), "--split", split,
                "--seed", Long.toString(seed), "--batch-size", Integer.toString(batchSize), "--device", device));
        if (!closedForm) {
            args.add("--no-closed-form");
        }
        if (!fields.isEmpty()) {
            args.addAll(List.of("--fields", String.join(",", fields)));
        }
        if (slurm) {
            SlurmExecutor.Resources res = slurmOptions.resources();
            ShardTasks.Plan plan = new ShardTasks.Plan(runDir, shards, partialDir, outDir, args, res.cpusPerTask());
            SlurmExecutor.Scripts s = ShardTasks.writeSlurm(plan, res);
            if (slurmOptions.dryRun) {
                System.out.println(s.dryRunText());
                System.err.println(shards + " shards; nothing submitted (--dry-run)");
                return 0;
            }
            SlurmExecutor.Submitted j = ShardTasks.submit(plan, s);
            System.out.println("submitted job array " + j.arrayJob() + " (" + shards + " shards) and job " + j.afterJob()
                    + " (merge into " + plan.out() + ", after the array); logs: " + plan.partial().resolve("logs"));
            return 0;
        }
        ShardTasks.Plan plan = new ShardTasks.Plan(runDir, shards, partialDir, outDir, args, threads);
        Path checkpoint = runDir.resolve("checkpoint").resolve("best.pt");
        String sha = Files.isRegularFile(checkpoint) ? FileHash.sha256(checkpoint) : "";
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>(java.util.Map.of("samples", Integer.toString(samples),
                "split", split, "seed", Long.toString(seed), "batch_size", Integer.toString(batchSize)));
        if (!fields.isEmpty()) {
            expected.put("tables", String.join(",", fields.stream().sorted().toList()));
        }
        ShardTasks.runLocally(plan, jobs, i -> ShardTasks.upToDate(plan, i, sha, expected), System.err);
        Pipeline.AnalysisSummary r = Pipeline.mergeShards(plan.partial(), plan.out());
        System.err.printf(Locale.ROOT, "%d tables, %d HVPs over %d samples in %d shards (merged); wrote %s%n", r.tables(), r.hvps(),
                r.samples(), shards, r.dir());
        return 0;
    }

    /** One shard of an exact analysis (after call()'s common checks): only the settings that partial sums can carry. */
    private Integer shard() {
        if (shard == null || partial == null) {
            throw new HelenException("--shard and --partial go together: --shard I/N --partial DIR");
        }
        Shard s = Shard.parse(shard);
        checkShardable("--shard");
        if (out != null) {
            throw new HelenException("--shard writes partial sums only: drop --out (helen analyze merge DIR --out OUT writes the analysis)");
        }
        AnalysisOptions o = new AnalysisOptions(mode, samples, split, tol, maxIter, seed, batchSize, fields, false, false,
                closedForm, AnalysisOptions.DENSE_SAMPLES);
        Pipeline.AnalysisSummary r = Pipeline.analyzeShard(runDir, o, s, partial, line -> System.err.println("  " + line));
        System.err.printf(Locale.ROOT, "shard %s: %d tables, %d HVPs over %d samples in %.1f s; wrote %s%n", s, r.tables(),
                r.hvps(), r.samples(), r.seconds(), r.dir());
        return 0;
    }
}
