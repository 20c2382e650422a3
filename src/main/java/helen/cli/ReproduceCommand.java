package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.analysis.AnalysisOptions;
import helen.grid.GridPlan;
import helen.grid.GridRun;
import helen.grid.GridSpec;
import helen.grid.LocalExecutor;
import helen.grid.Tracking;
import helen.hessian.Spectrum;
import helen.model.ModelRegistry;
import helen.pipeline.Pipeline;
import helen.report.AnalysisFigures;
import helen.report.PaperLayout;
import helen.report.ReportBuilder;
import helen.report.Tables;
import helen.results.AnalysisTables;
import helen.results.GridSelection;
import helen.results.RepeatFiles;
import helen.results.SelectionFile;
import helen.results.SpectrumFile;
import helen.train.CurvatureLog;
import helen.util.HelenException;
import helen.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code helen reproduce}: the paper's protocol end to end. The grid specs (training/grids/sample.yaml
 * and sample-ablation.yaml on the bundled samples; paper.yaml and paper-ablation.yaml with --full) run
 * through the local executor, the selection on validation picks each cell's setting, the selected
 * cells' first-seed runs of PNN and DeepFM under Adam and Helen (and SAM on Criteo, with DeepFM's
 * whole-model spectrum there) are analysed, and every table and figure is made from the grids.
 * DeepFM under Adam, SAM and Helen on Criteo logs its curvature while it trains (first seed). Finished
 * runs and analyses are skipped and a killed run resumes from its checkpoint, so re-running continues
 * where it stopped.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole pipeline: data, the grid of trainings with selection on validation, analyses, every",
                "table and figure. Without --full it runs training/grids/sample.yaml and sample-ablation.yaml on the",
                "bundled samples (two seeds per setting; about 13 minutes on 2 cores); --full BARS_DIR runs",
                "training/grids/paper.yaml and paper-ablation.yaml, the paper's grid, on BARS Criteo_x4, Avazu_x4 and",
                "TaobaoAd_x1 (for a cluster: helen grid slurm with the same specs, then helen report)."})
final class ReproduceCommand implements Callable<Integer>, UsesLibtorch, StopsAtSafePoints {
    @Option(names = "--out", paramLabel = "DIR", description = "Writes DIR/reports and DIR/figures (default: reports/ and figures/ here).")
    Path out;

    @Option(names = "--runs", paramLabel = "DIR", description = "Where the grids go (default: DIR/runs, or runs/reproduce without --out).")
    Path runs;

    @Option(names = "--full", paramLabel = "BARS_DIR", description = {"Directory with Criteo_x4/, Avazu_x4/ and TaobaoAd_x1/ "
            + "(train.csv, valid.csv, test.csv; TaobaoAd_x1 validates on its test.csv, as BARS does)."})
    Path full;

    @Option(names = "--grid", paramLabel = "SPEC", split = ",",
            description = "Grid specs to run (default: training/grids/sample.yaml,training/grids/sample-ablation.yaml, or the "
                    + "paper's with --full).")
    List<Path> grids;

    @Option(names = "--samples", description = "Analysis-set size (default 4000 on the sample, 20000 with --full).")
    Integer samples;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "K", description = "Analysis sets per analysed run (as helen "
            + "analyze --repeats K: the reports' curvature comparisons then carry 95%% intervals; K times the analyses' "
            + "HVPs; default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--models", split = ",", completionCandidates = ModelRegistry.Names.class,
            description = "Only these models of the grids (default: all the specs name).")
    List<String> models;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "Only these datasets of the grids: synthetic_criteo, synthetic_avazu, synthetic_taobao (bundled "
                    + "samples) or criteo_x4, avazu_x4, taobaoad_x1 (--full); default: all that are present.")
    List<String> only;

    @Option(names = "--jobs", description = "Runs at a time, each in a worker JVM (default: 2 where there are 2 cores or more).")
    Integer jobs;

    @Option(names = "--threads", description = "libtorch threads per run (default: cores / jobs); the analyses use jobs × threads.")
    Integer threads;

    /** A grid spec to run, restricted to what this reproduce covers, and its directory. */
    private record Grid(Path file, GridSpec spec, Path dir) {
    }

    @Override
    public Integer call() {
        int cores = Runtime.getRuntime().availableProcessors();
        int j = jobs != null ? jobs : Math.min(2, cores);
        if (j < 1) {
            throw new HelenException("--jobs must be at least 1, got " + j);
        }
        int t = threads != null ? threads : Math.max(1, cores / j);
        if (t < 1) {
            throw new HelenException("--threads must be at least 1, got " + t);
        }
        if (repeats < 1) {
            throw new HelenException("--repeats must be at least 1, got " + repeats);
        }
        if (samples != null && samples < 0) {
            throw new HelenException("--samples must be >= 0 (0: the whole split), got " + samples);
        }
        Path outDir = out != null ? out : Path.of(".");
        Path runsDir = runs != null ? runs : out != null ? out.resolve("runs") : Path.of("runs", "reproduce");
        long t0 = System.nanoTime();
        List<Grid> selected = grids(runsDir);
        Path cache = Pipeline.defaultCacheRoot();
        List<String> withoutResult = new ArrayList<>();
        boolean failed = false;
        GridSelection.Result main = null;
        for (Grid g : selected) {
            List<GridRun> plan = GridPlan.expand(g.spec(), t);
            GridPlan.write(g.dir(), plan);
            System.err.printf(Locale.ROOT, "grid %s: %d runs, %d at a time (%s)%n", g.spec().name(), plan.size(), j, g.dir());
            long firstSeed = g.spec().seeds().get(0);
            // curvature during training (the report's figure): DeepFM under Adam, SAM and Helen on Criteo, first seed
            Predicate<GridRun> track = r -> r.dataset().contains("criteo") && r.model().equals(PaperLayout.MAIN_MODEL)
                    && PaperLayout.SHARPNESS_COMPARED.contains(r.optimizer()) && r.seed() == firstSeed;
            LocalExecutor.run(plan, new LocalExecutor.Source(g.file(), full), g.dir(), j, t, cache, track,
                    new Tracking(CurvatureLog.Interval.parse("epoch"), full == null ? 1000 : 2000), System.err);
            GridSelection.Result picked = GridSelection.select(g.dir());
            GridSelection.write(g.dir(), picked);
            picked.summary().ifPresent(line -> withoutResult.add("grid " + g.spec().name() + ": " + line));
            failed |= !picked.failed().isEmpty();
            main = main == null ? picked : main;
        }
        org.bytedeco.pytorch.global.torch.set_num_threads(j * t);
        analyses(selected.get(0), main);
        System.err.println("report:");
        new ReportBuilder(runsDir, outDir, "C13", System.err).build();
        System.out.printf(Locale.ROOT, "done in %.1f min%s%nreports: %s%nfigures: %s%nruns:    %s%nin a browser: %s%n",
                (System.nanoTime() - t0) / 6e10, withoutResult.isEmpty() ? "" : " (some runs have no result: cells marked "
                        + Tables.INCOMPLETE + " rest on fewer seeds)",
                outDir.resolve("reports"), outDir.resolve("figures"), runsDir, outDir.resolve("reports/report.html"));
        withoutResult.forEach(line -> System.err.println("helen: " + line));
        // a run that failed or never ran is not a finished reproduction, whatever the reports could still show
        return failed ? 1 : 0;
    }

    /** The specs to run, restricted to --datasets and --models, without datasets whose files are missing under --full. */
    private List<Grid> grids(Path runsDir) {
        List<Path> files = grids != null ? grids : full == null
                ? List.of(Path.of("training/grids/sample.yaml"), Path.of("training/grids/sample-ablation.yaml"))
                : List.of(Path.of("training/grids/paper.yaml"), Path.of("training/grids/paper-ablation.yaml"));
        List<GridSpec> specs = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new HelenException("grid spec not found: " + f + (grids == null ? " (run helen reproduce from the repository root)" : ""));
            }
            specs.add(GridSpec.load(f, full));
        }
        Set<String> known = new LinkedHashSet<>();
        specs.forEach(s -> known.addAll(s.datasets().keySet()));
        if (only != null) {
            for (String name : only) {
                if (!known.contains(name)) {
                    throw new HelenException("--datasets: unknown dataset '" + name + "' (here: " + String.join(", ", known) + ")");
                }
            }
        }
        List<Grid> out = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            GridSpec s = specs.get(i);
            List<String> keep = s.datasets().keySet().stream().filter(d -> only == null || only.contains(d)).toList();
            s = s.only(keep, models);
            for (GridSpec.Dataset d : s.datasets().values()) {
                if (!Files.isRegularFile(d.train())) {
                    if (full == null) {
                        throw new HelenException("bundled sample not found: " + d.train() + " (run helen reproduce from the repository root)");
                    }
                    missing.add(d.name() + " (no " + d.train() + ")");
                }
            }
            s = s.without(s.datasets().values().stream().filter(d -> !Files.isRegularFile(d.train())).map(GridSpec.Dataset::name).toList());
            if (!s.datasets().isEmpty() && !s.models().isEmpty()) {
                out.add(new Grid(files.get(i), s, runsDir.resolve(s.name())));
            }
        }
        missing.forEach(m -> System.err.println("skipping " + m));
        if (out.isEmpty()) {
            throw new HelenException(full != null ? "--full " + full + ": none of Criteo_x4/, Avazu_x4/, TaobaoAd_x1/ holds a train.csv"
                    : "nothing to run: --datasets and --models leave no run in " + files);
        }
        return out;
    }

    /**
     * PNN and DeepFM under Adam and Helen (and SAM on Criteo, for Figure 4; with DeepFM's whole-model spectrum
     * there): the selected cell's first-seed run of the main grid.
     */
    private void analyses(Grid g, GridSelection.Result selection) {
        for (SelectionFile.Cell c : selection.cells()) {
            boolean criteo = c.dataset().contains("criteo");
            if (!PaperLayout.ANALYSED_MODELS.contains(c.model())
                    || !(criteo ? PaperLayout.SHARPNESS_COMPARED : PaperLayout.BASELINE_AND_HELEN).contains(c.optimizer())) {
                continue;
            }
            Path run = g.dir().resolve(c.runs().get(0));
            boolean spectrum = c.model().equals(PaperLayout.MAIN_MODEL) && criteo;
            Path analysis = run.resolve("analysis");
            if (Files.isRegularFile(analysis.resolve("analysis.json")) && AnalysisTables.current(analysis)
                    && (!spectrum || Files.isRegularFile(analysis.resolve(SpectrumFile.FILE)))
                    && (repeats == 1 || RepeatFiles.present(analysis)
                    && Json.read(analysis.resolve(RepeatFiles.SCALARS), JsonNode.class).path("repeats").asInt() == repeats)) {
                continue;
            }
            System.err.printf(Locale.ROOT, "[%s] analysing %s %s (%s, first seed)%n", c.dataset(), c.model(), c.optimizer(), c.setting());
            AnalysisOptions o = new AnalysisOptions("power", samples != null ? samples : full == null ? 4000 : 20000, "train", 1e-3, 100,
                    2024, 5000, List.of(), true, false);
            // the whole model's spectrum only (no per-table densities; 10 trace probes, 20 Lanczos steps, one density probe:
            // about 70 HVPs, some 15 s on the sample): the report overlays Adam, SAM and Helen
            Spectrum s = spectrum ? new Spectrum(5, 10, 1, 20, 2024, false) : null;
            Pipeline.AnalysisSummary r = repeats > 1 ? Pipeline.analyzeRepeated(run, o, s, analysis, repeats, line -> { })
                    : Pipeline.analyze(run, o, s, analysis, line -> { });
            AnalysisFigures.draw(analysis);
            System.err.printf(Locale.ROOT, "  %d HVPs in %.1f s%n", r.hvps(), r.seconds());
        }
    }
}
