package helen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.CurvatureTracker;
import helen.model.ModelConfig;
import helen.model.ModelRegistry;
import helen.optim.HelenConfig;
import helen.optim.OptimizerConfig;
import helen.optim.Optimizers;
import helen.pipeline.Pipeline;
import helen.tensor.Tensors;
import helen.train.ConfigRules;
import helen.train.CurvatureLog;
import helen.train.ResolvedConfig;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.util.HelenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code helen train}: one training run into an output directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one CTR model into a run directory.",
                "FuxiCTR loop: early stopping on AUC - logloss, lr x0.1 on plateau,",
                "best checkpoint reloaded for the test metrics). Writes DIR/metrics.json, metrics_per_epoch.csv,",
                "config.resolved.yaml, state.json and checkpoint/. Flags override the config file.",
                "Exit status: 0 finished, 2 bad input, 3 the run diverged (metrics.json says why), 143 stopped by SIGTERM or",
                "Ctrl-C after a step (its checkpoint saved there: --resume continues the run exactly)."})
final class TrainCommand implements Callable<Integer>, UsesLibtorch, StopsAtSafePoints {
    @Option(names = "--config", paramLabel = "FILE.yaml", description = "Training config (see training/).")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
    Path out;

    @Option(names = "--model", paramLabel = "NAME", completionCandidates = ModelRegistry.Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String model;

    @Option(names = "--preset", paramLabel = "NAME", description = "Dataset preset (criteo_x4, avazu_x4, ..., generic).")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE.yaml", description = "Dataset spec file.")
    Path spec;

    @Option(names = "--label", paramLabel = "COL", description = "Label column.")
    String label;

    @Option(names = "--train", arity = "1..*", paramLabel = "FILE")
    List<Path> train;

    @Option(names = "--valid", arity = "1..*", paramLabel = "FILE")
    List<Path> valid;

    @Option(names = "--test", arity = "1..*", paramLabel = "FILE")
    List<Path> test;

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads (default: config, else 1).")
    Integer threads;

    @Option(names = "--device", paramLabel = "D", description = "cpu, cuda or cuda:N (default: config's training.device, else cpu; "
            + "CUDA needs the CUDA build, docs/gpu.md).")
    String device;

    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", completionCandidates = Optimizers.Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String optimizer;

    @Option(names = "--rho", paramLabel = "R", description = "SAM/ASAM/Helen radius (default 0.05; ASAM 0.5).")
    Double rho;

    @Option(names = "--xi", paramLabel = "X", description = "Helen's lower bound on N/max N (default 0.3).")
    Double xi;

    @Option(names = "--variant", paramLabel = "V", description = "Helen's variant: official (default; as the official code: "
            + "mini-batch N, one norm per table, every row, no network perturbation, unperturbed weights step with their "
            + "gradient at w, no clipping) or paper (Algorithm 1: training-split N, per-row norm, rows of the batch only, "
            + "network perturbed). The config keys frequency, normalize, network and perturb override single choices.")
    String variant;

    @Option(names = "--max-grad-norm", paramLabel = "C", description = "Clip the step's gradient to total L2 norm C, "
            + "0 never (default 10 as in the paper configs; Helen official: never, as its train.py).")
    Double maxGradNorm;

    @Option(names = "--lr", paramLabel = "LR")
    Double lr;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "Embedding L2 regularizer λ_emb (the paper's grid: 1e-4, 1e-5, 0).")
    Double l2;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint, with the run's own"
            + " settings (config.resolved.yaml); options that change them are refused.")
    boolean resume;

    @Option(names = "--no-progress", description = "No progress bar (logs one line per epoch).")
    boolean noProgress;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Encoded-data cache root (default $HELEN_CACHE or .helen-cache).")
    Path cacheRoot;

    @Option(names = "--track-curvature", arity = "0..1", fallbackValue = "epoch", paramLabel = "INTERVAL",
            description = "Measure curvature during training: every epoch (the default of the bare flag), N epochs"
                + " (2epochs) or N steps (500steps), and at step 0. On a fixed probe set (--curvature-rows samples of"
                + " train; per table its 50 most frequent and 50 random seen rows): each table's mean and max lambda,"
                + " the dense top eigenvalue, the whole-model trace and loss, into RUN/curvature.csv.")
    String trackCurvature;

    @Option(names = "--curvature-rows", defaultValue = "2000", paramLabel = "N",
            description = "Probe-set size of --track-curvature (default ${DEFAULT-VALUE}).")
    int curvatureRows;

    /** Exit status of a run that diverged (its metrics.json says why). */
    static final int DIVERGED = 3;

    @Override
    public Integer call() {
        TrainConfig c = resolve();
        CurvatureLog.Interval interval = trackCurvature == null ? null
                : CurvatureLog.Interval.parse(trackCurvature);
        if (curvatureRows < 1) {
            throw new HelenException("--curvature-rows must be at least 1, got " + curvatureRows);
        }
        CurvatureTracker.Settings d = CurvatureTracker.Settings.defaults();
        CurvatureTracker.Settings settings = new CurvatureTracker.Settings(curvatureRows, d.topRows(),
                d.randomRows(), d.tol(), d.maxIter(), d.traceProbes(), c.seed());
        ObjectNode m = Pipeline.train(c, cacheRoot != null ? cacheRoot : Pipeline.defaultCacheRoot(), out, resume, System.err,
                !noProgress, interval, settings);
        if ("diverged".equals(m.path("status").asText())) {
            System.err.println("helen: the run diverged: " + m.path("reason").asText() + "; it is marked \"diverged\" in "
                    + out.resolve("metrics.json") + " and reports leave it out (try a smaller --lr)");
            return DIVERGED;
        }
        return 0;
    }

    /**
     * The config file (or, resuming without one, the run's own settings; else the defaults) with
     * the flags applied, every value checked and named as the user gave it.
     */
    TrainConfig resolve() {
        TrainConfig c = config != null ? TrainConfigLoader.load(config)
                : resume && Files.isRegularFile(out.resolve(ResolvedConfig.FILE)) ? ResolvedConfig.read(out)
                : TrainConfigLoader.defaults();
        TrainConfig.DataConfig d = c.data();
        boolean dataFlag = preset != null || spec != null;
        TrainConfig.DataConfig data = new TrainConfig.DataConfig(dataFlag ? preset : d.preset(), dataFlag ? spec : d.spec(),
                label != null ? label : d.label(), train != null ? train : d.train(), valid != null ? valid : d.valid(),
                test != null ? test : d.test());
        ModelConfig m = model != null ? c.model().withName(model) : c.model();
        if (l2 != null) {
            m = m.withEmbeddingRegularizer(l2);
        }
        ModelRegistry.get(m.name()); // an unknown name fails here, naming the known ones
        OptimizerConfig o = c.optimizer();
        o = o.with(optimizer != null ? optimizer : o.name(), lr != null ? lr : o.lr(), rho != null ? rho : o.rho(),
                xi != null ? xi : o.xi());
        if (variant != null) {
            if (!HelenConfig.VARIANTS.contains(variant)) {
                throw new HelenException("--variant: must be one of " + String.join(", ", HelenConfig.VARIANTS) + ", got '"
                        + variant + "'");
            }
            o = o.withHelen(o.helen().withVariant(variant));
        }
        if (maxGradNorm != null) {
            o = o.withMaxGradNorm(maxGradNorm);
        }
        if (!Optimizers.contains(o.name())) {
            throw new HelenException("unknown optimizer '" + o.name() + "' (known: " + String.join(", ", Optimizers.names()) + ")");
        }
        TrainConfig resolved = c.with(data, m, o, epochs != null ? epochs : c.epochs(), seed != null ? seed : c.seed(),
                threads != null ? threads : c.threads(), batchSize != null ? batchSize : c.batchSize());
        if (device != null) {
            resolved = resolved.withDevice(device);
        }
        ConfigRules.check(resolved, this::describe);
        Tensors.useDevice(resolved.device()); // a device this build cannot use: said before anything is written
        return resolved;
    }

    /** How the user gave the setting {@code key}: its flag if given, else where it came from. */
    private String describe(String key) {
        Object flag = switch (key) {
            case "training.batch_size" -> batchSize;
            case "training.epochs" -> epochs;
            case "training.threads" -> threads;
            case "training.device" -> device;
            case "optimizer.lr" -> lr;
            case "optimizer.rho" -> rho;
            case "optimizer.xi" -> xi;
            case "optimizer.max_grad_norm" -> maxGradNorm;
            case "model.embedding_regularizer" -> l2;
            default -> null;
        };
        if (flag != null) {
            String option = key.substring(key.indexOf('.') + 1).replace('_', '-');
            return "--" + (key.equals("model.embedding_regularizer") ? "l2" : option);
        }
        return config != null ? config + ": key '" + key + "'" : "setting '" + key + "'";
    }
}
