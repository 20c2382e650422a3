package helen.cli;

import helen.hessian.AnalysisOptions;
import helen.pipeline.Pipeline;
import helen.report.ReportBuilder;
import helen.report.Tables;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.util.HelenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code helen reproduce}: data → training grid per dataset (7 models × 6 optimizers, plus the DeepFM
 * ablation on Criteo) → analyses of PNN and DeepFM under Adam and Helen (and SAM on Criteo, with the
 * whole model's spectrum for DeepFM there) → every table and figure. Finished steps
 * (metrics.json, analysis.json) are skipped and an interrupted run resumes from its checkpoint, so
 * re-running continues where it stopped.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole pipeline: data, training grid, analyses, every table and figure.",
                "Without --full it uses the bundled samples (data-samples/{criteo,avazu,taobao}_synth) and",
                "scaled-down configs (training/samples), about 11 minutes on 2 cores; --full BARS_DIR runs the",
                "paper's grid on BARS Criteo_x4, Avazu_x4 and TaobaoAd_x1 (training/<dataset>/ configs)."})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "Writes DIR/reports and DIR/figures (default: reports/ and figures/ here).")
    Path out;

    @Option(names = "--runs", paramLabel = "DIR", description = "Where the runs go (default: DIR/runs, or runs/reproduce without --out).")
    Path runs;

    @Option(names = "--full", paramLabel = "BARS_DIR", description = {"Directory with Criteo_x4/, Avazu_x4/ and TaobaoAd_x1/ "
            + "(train.csv, valid.csv, test.csv; a missing valid.csv is replaced by test.csv, as BARS does for TaobaoAd_x1)."})
    Path full;

    @Option(names = "--samples", description = "Analysis-set size (default 4000 on the sample, 20000 with --full).")
    Integer samples;

    @Option(names = "--models", split = ",", completionCandidates = helen.model.ModelRegistry.Names.class,
            description = "Models of the grid: ${COMPLETION-CANDIDATES} (default: the paper's seven).")
    List<String> models = helen.model.ModelRegistry.paperModels();

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "Only these datasets: criteo_synth, avazu_synth, taobao_synth (bundled samples) or criteo_x4, "
                    + "avazu_x4, taobaoad_x1 (--full); default: all that are present.")
    List<String> only;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    /** The bundled samples, one per dataset of the paper (made by {@code helen data generate}). */
    static final List<String> SAMPLES = List.of("criteo_synth", "avazu_synth", "taobao_synth");

    /**
     * One dataset of the grid: its configs directory, the spec that replaces the configs' (null: keep
     * theirs) and its files.
     */
    record Dataset(String name, Path configs, Path spec, Path train, Path valid, Path test) {
        /** The paper's Table 4 and Figure 4 are on Criteo: its ablation runs and SAM analyses are made there only. */
        boolean criteo() {
            return name.contains("criteo");
        }
    }

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new HelenException("--threads must be at least 1, got " + threads);
        }
        if (samples != null && samples < 0) {
            throw new HelenException("--samples must be >= 0 (0: the whole split), got " + samples);
        }
        Path outDir = out != null ? out : Path.of(".");
        Path runsDir = runs != null ? runs : out != null ? out.resolve("runs") : Path.of("runs", "reproduce");
        long t0 = System.nanoTime();
        org.bytedeco.pytorch.global.torch.set_num_threads(threads);
        for (Dataset d : selected(datasets())) {
            grid(d, runsDir.resolve(d.name()));
        }
        System.err.println("report:");
        new ReportBuilder(runsDir, outDir, "C13", System.err).build();
        System.out.printf(Locale.ROOT, "done in %.1f min%nreports: %s%nfigures: %s%nruns:    %s%nin a browser: %s%n",
                (System.nanoTime() - t0) / 6e10, outDir.resolve("reports"), outDir.resolve("figures"), runsDir,
                outDir.resolve("reports/report.html"));
        return 0;
    }

    private List<Dataset> datasets() {
        List<Dataset> out = new ArrayList<>();
        if (full == null) {
            for (String name : SAMPLES) {
                Path s = Path.of("data-samples", name);
                if (!Files.isRegularFile(s.resolve("train.csv"))) {
                    throw new HelenException("bundled sample not found: " + s.resolve("train.csv")
                            + " (run helen reproduce from the repository root)");
                }
                out.add(new Dataset(name, Path.of("training", "samples"), s.resolve("spec.yaml"), s.resolve("train.csv"),
                        s.resolve("valid.csv"), s.resolve("test.csv")));
            }
            return out;
        }
        for (String[] d : new String[][] {{"criteo_x4", "Criteo_x4"}, {"avazu_x4", "Avazu_x4"}, {"taobaoad_x1", "TaobaoAd_x1"}}) {
            Path dir = full.resolve(d[1]);
            if (!Files.isRegularFile(dir.resolve("train.csv"))) {
                System.err.println("skipping " + d[1] + ": no " + dir.resolve("train.csv"));
                continue;
            }
            // BARS ships TaobaoAd_x1 as train and test only: the test file then serves as validation, as in BARS
            Path valid = Files.isRegularFile(dir.resolve("valid.csv")) ? dir.resolve("valid.csv") : dir.resolve("test.csv");
            out.add(new Dataset(d[0], Path.of("training", d[0]), null, dir.resolve("train.csv"), valid, dir.resolve("test.csv")));
        }
        if (out.isEmpty()) {
            throw new HelenException("--full " + full + ": none of Criteo_x4/, Avazu_x4/, TaobaoAd_x1/ holds a train.csv");
        }
        return out;
    }

    private List<Dataset> selected(List<Dataset> all) {
        if (only == null) {
            return all;
        }
        List<String> known = all.stream().map(Dataset::name).toList();
        for (String name : only) {
            if (!known.contains(name)) {
                throw new HelenException("--datasets: unknown dataset '" + name + "' (here: " + String.join(", ", known) + ")");
            }
        }
        return all.stream().filter(d -> only.contains(d.name())).toList();
    }

    private void grid(Dataset d, Path dir) {
        List<String[]> jobs = new ArrayList<>();
        for (String m : models) {
            for (String o : Tables.OPTIMIZERS) {
                jobs.add(new String[] {m, o});
            }
            if (m.equals("deepfm") && d.criteo()) {
                jobs.add(new String[] {m, "helen-m"});
                jobs.add(new String[] {m, "helen-b"});
                jobs.add(new String[] {m, Tables.HELEN_WITH_NETWORK}); // Table 4's Helen: both perturbations, with ξ
            }
        }
        int i = 0;
        int trained = 0;
        long t0 = System.nanoTime();
        long toTrain = jobs.stream().filter(j -> !Files.isRegularFile(dir.resolve(j[0] + "_" + j[1]).resolve("metrics.json"))).count();
        for (String[] job : jobs) {
            i++;
            Path run = dir.resolve(job[0] + "_" + job[1]);
            if (Files.isRegularFile(run.resolve("metrics.json"))) {
                continue;
            }
            boolean resume = Files.isRegularFile(run.resolve("state.json"));
            // plain lines with the time left (mean time per run so far): readable in a terminal, CI and Slurm logs alike
            double minutes = (System.nanoTime() - t0) / 6e10;
            String eta = trained == 0 ? "" : String.format(Locale.ROOT, ", %.1f min so far, about %.1f min left", minutes,
                    minutes / trained * (toTrain - trained));
            System.err.printf(Locale.ROOT, "[%s %d/%d%s] %s %s %s%n", d.name(), i, jobs.size(), eta, resume ? "resuming" : "training",
                    job[0], job[1]);
            trained++;
            TrainConfig c = TrainConfigLoader.load(d.configs().resolve(job[0] + ".yaml"));
            TrainConfig.DataConfig data = d.spec() == null ? new TrainConfig.DataConfig(c.data().preset(), c.data().spec(),
                    c.data().label(), List.of(d.train()), List.of(d.valid()), List.of(d.test()))
                    : new TrainConfig.DataConfig(null, d.spec(), null, List.of(d.train()), List.of(d.valid()), List.of(d.test()));
            boolean withNetwork = job[1].equals(Tables.HELEN_WITH_NETWORK);
            helen.optim.OptimizerConfig o = c.optimizer().with(withNetwork ? "helen" : job[1], c.optimizer().lr(), null, null);
            if (withNetwork) {
                o = o.withHelen(o.helen().withNetwork(true));
            }
            c = c.with(data, c.model(), o, c.epochs(), c.seed(),
                    threads, c.batchSize());
            // the curvature-during-training figure: DeepFM under Adam, SAM and Helen on the Criteo data, as Figure 4 compares them
            boolean track = d.criteo() && job[0].equals("deepfm") && List.of("adam", "sam", "helen").contains(job[1]);
            helen.hessian.CurvatureTracker.Settings defaults = helen.hessian.CurvatureTracker.Settings.defaults();
            Pipeline.train(c, Pipeline.defaultCacheRoot(), run, resume, System.err, true,
                    track ? helen.train.CurvatureLog.Interval.parse("epoch") : null,
                    new helen.hessian.CurvatureTracker.Settings(full == null ? 1000 : defaults.probeRows(), defaults.topRows(),
                            defaults.randomRows(), defaults.tol(), defaults.maxIter(), defaults.traceProbes(), c.seed()));
        }
        for (String m : List.of("pnn", "deepfm")) {
            for (String o : d.criteo() ? List.of("adam", "sam", "helen") : List.of("adam", "helen")) {
                Path run = dir.resolve(m + "_" + o);
                boolean spectrum = m.equals("deepfm") && d.criteo();
                Path analysis = run.resolve("analysis");
                if (!models.contains(m) || Files.isRegularFile(analysis.resolve("analysis.json"))
                        && helen.hessian.AnalysisTables.current(analysis)
                        && (!spectrum || Files.isRegularFile(analysis.resolve("spectrum.json")))) {
                    continue;
                }
                if (helen.train.RunDirectory.diverged(run)) {
                    System.err.printf(Locale.ROOT, "[%s] not analysing %s %s: the run diverged%n", d.name(), m, o);
                    continue;
                }
                System.err.printf(Locale.ROOT, "[%s] analysing %s %s%n", d.name(), m, o);
                analyze(run, samples != null ? samples : full == null ? 4000 : 20000, spectrum);
            }
        }
    }

    private void analyze(Path runDir, int n, boolean spectrum) {
        AnalysisOptions o = new AnalysisOptions("power", n, "train", 1e-3, 100, 2024, 5000, List.of(), true, false);
        // the whole model's spectrum only (no per-table densities; 10 trace probes, 20 Lanczos steps, one density probe:
        // about 70 HVPs, some 15 s on the sample): the report overlays Adam, SAM and Helen
        helen.hessian.Spectrum s = spectrum ? new helen.hessian.Spectrum(5, 10, 1, 20, 2024, false) : null;
        Pipeline.AnalysisSummary r = Pipeline.analyze(runDir, o, s, runDir.resolve("analysis"), line -> { });
        System.err.printf(Locale.ROOT, "  %d HVPs in %.1f s%n", r.hvps(), r.seconds());
    }
}
