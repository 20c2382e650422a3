package helen.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.Presets;
import helen.hessian.AnalysisOptions;
import helen.hessian.AnalysisWriter;
import helen.hessian.Analyzer;
import helen.hessian.DenseEigen;
import helen.hessian.ModelHessian;
import helen.hessian.TableResult;
import helen.model.CtrModel;
import helen.train.RunDirectory;
import helen.train.TrainConfig;
import helen.train.Trainer;
import helen.util.ExclusiveLock;
import helen.util.HelenException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The steps a command or a script chains: encode a dataset, train a run, analyse a run. The CLI
 * commands and {@code helen reproduce} call these, never each other.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** Where encoded caches live unless told: $HELEN_CACHE, else .helen-cache in the working directory. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("HELEN_CACHE");
        return Path.of(env != null ? env : ".helen-cache");
    }

    /** The encoded cache of a config's data under {@code cacheRoot} (encoding it first if needed). */
    public static EncodedDataset encode(TrainConfig.DataConfig d, Path cacheRoot, PrintStream log) {
        if (d.train().isEmpty()) {
            throw new HelenException("no training data: give --train FILE or dataset.train in the config");
        }
        DatasetSpec ds = Presets.resolve(d.preset() == null && d.spec() == null ? "generic" : d.preset(), d.spec(),
                d.label(), d.train().get(0));
        Encoder encoder = new Encoder(ds, new DataSources(d.train(), d.valid(), d.test(), false), log);
        return encoder.encode(encoder.defaultCacheDir(cacheRoot), false);
    }

    /** Encodes the config's data and trains (or resumes) the run in {@code out}; returns its metrics.json. */
    public static ObjectNode train(TrainConfig c, Path cacheRoot, Path out, boolean resume, PrintStream log, boolean progress) {
        EncodedDataset data = encode(c.data(), cacheRoot, log);
        return new Trainer(c, data, out, log, progress).run(resume);
    }

    /** What an analysis did. @param tables tables analysed @param hvps HVPs spent @param samples analysis-set size */
    public record AnalysisSummary(int tables, long hvps, int samples, double seconds, Path dir) {
    }

    /**
     * Analyses the best checkpoint of {@code runDir} into {@code outDir} (per_feature.csv, per_field.csv,
     * analysis.json), under an exclusive lock on {@code outDir}; settings are checked before anything is written.
     *
     */
    public static AnalysisSummary analyze(Path runDir, AnalysisOptions o, Path outDir, Consumer<String> progress) {
        return analyze(runDir, o, null, outDir, progress);
    }

    /**
     * The same, plus, when {@code spectrum} is given, the standard curvature outputs (traces, top-k
     * and λ_min, spectral densities) in {@code spectrum.json} and {@code spectrum_density.png}.
     */
    public static AnalysisSummary analyze(Path runDir, AnalysisOptions o, helen.hessian.Spectrum spectrum, Path outDir,
                                          Consumer<String> progress) {
        long t0 = System.nanoTime();
        RunDirectory run = RunDirectory.open(runDir);
        EncodedDataset data = run.data();
        CtrModel model = run.loadBest(data);
        Analyzer analyzer = new Analyzer(model, data, o);
        analyzer.tables(); // an unknown --fields name fails here, before anything is written
        try (ExclusiveLock lock = ExclusiveLock.directory(outDir, "analysing " + runDir)) {
            List<TableResult> results = analyzer.run(progress);
            ObjectNode meta = analyzer.metadata(runDir, 0);
            if (o.mode().equals("both")) {
                meta.set("power_vs_exact", Analyzer.agreement(results));
            }
            if (o.dense()) {
                DenseEigen.Result r = analyzer.denseTop();
                meta.putObject("dense_top_eigenvalue").put("value", r.value()).put("iterations", r.iterations())
                        .put("converged", r.converged());
            }
            if (spectrum != null) {
                ModelHessian mh = new ModelHessian(model, data.tables(), analyzer.hvp());
                ObjectNode sp = spectrum.compute(mh, o.tables(), progress);
                sp.put("run", runDir.toString());
                sp.put("analysis_samples", analyzer.hvp().set().size());
                sp.put("split", o.split());
                sp.put("loss", "mean BCE over the analysis set, eval mode, no regulariser (--with-regularizer applies to the "
                        + "per-row analysis only)");
                sp.set("provenance", helen.util.Provenance.stamp());
                helen.util.Json.writeAtomically(outDir.resolve("spectrum.json"), sp);
                helen.report.Figures.spectralDensity(List.of(sp), List.of(runDir.getFileName().toString()),
                        outDir.resolve("spectrum_density.png"));
                meta.put("spectrum_hvps", sp.get("hvps").asLong());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            meta.put("seconds", seconds);
            AnalysisWriter.write(outDir, results, meta);
            return new AnalysisSummary(results.size(), analyzer.hvp().count(), analyzer.hvp().set().size(), seconds, outDir);
        }
    }
}
