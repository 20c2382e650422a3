package helen.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.AnalysisOptions;
import helen.analysis.AnalysisRepeats;
import helen.analysis.AnalysisWriter;
import helen.analysis.Analyzer;
import helen.analysis.CurvatureTracker;
import helen.data.EncodedDataset;
import helen.hessian.DenseEigen;
import helen.hessian.EmbeddingHessian;
import helen.hessian.ShardPartials;
import helen.hessian.Spectrum;
import helen.hessian.TableResult;
import helen.hessian.operator.ModelHessian;
import helen.hessian.operator.Shard;
import helen.model.CtrModel;
import helen.results.RepeatFiles;
import helen.results.SpectrumFile;
import helen.train.CurvatureLog;
import helen.train.RunDirectory;
import helen.train.TrainConfig;
import helen.train.Training;
import helen.util.ExclusiveLock;
import helen.util.FileHash;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.NativeLibraries;
import helen.util.Provenance;

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
        return Training.defaultCacheRoot();
    }

    /** The encoded cache of a config's data under {@code cacheRoot} (encoding it first if needed). */
    public static EncodedDataset encode(TrainConfig.DataConfig d, Path cacheRoot, PrintStream log) {
        return Training.encode(d, cacheRoot, log);
    }

    /** Encodes the config's data and trains (or resumes) the run in {@code out}; returns its metrics.json. */
    public static ObjectNode train(TrainConfig c, Path cacheRoot, Path out, boolean resume, PrintStream log, boolean progress) {
        return train(c, cacheRoot, out, resume, log, progress, null, null);
    }

    /** The same, measuring curvature at {@code curvature} (null: not tracked) with {@code settings} into curvature.csv. */
    public static ObjectNode train(TrainConfig c, Path cacheRoot, Path out, boolean resume, PrintStream log, boolean progress,
                                   CurvatureLog.Interval curvature, CurvatureTracker.Settings settings) {
        return Training.run(c, cacheRoot, out, resume, log, progress, curvature, settings);
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
     * and λ_min, spectral densities) in {@code spectrum.json} (drawn by {@code helen.report.AnalysisFigures}).
     */
    public static AnalysisSummary analyze(Path runDir, AnalysisOptions o, Spectrum spectrum, Path outDir,
                                          Consumer<String> progress) {
        NativeLibraries.load();
        long t0 = System.nanoTime();
        RunDirectory run = RunDirectory.open(runDir);
        EncodedDataset data = run.data();
        CtrModel model = run.loadBest(data);
        Analyzer analyzer = new Analyzer(model, data, o);
        analyzer.tables(); // an unknown --fields name fails here, before anything is written
        try (ExclusiveLock lock = ExclusiveLock.directory(outDir, "analysing " + runDir)) {
            AnalysisRepeats.clear(outDir); // a spread summarised other analyses than the one written now
            if (spectrum == null) { // nor does an earlier --spectrum describe this analysis
                deleteStale(outDir.resolve(SpectrumFile.FILE), outDir.resolve("spectrum_density.png"));
            }
            List<TableResult> results = analyzer.run(progress);
            EmbeddingHessian h = analyzer.hessian();
            if (!h.closedFormChecks().isEmpty()) {
                progress.accept(String.format(java.util.Locale.ROOT, "closed form: %d of %d tables (each checked by one HVP "
                        + "on the first %,d rows; the others took d HVPs per colour)%s", h.closedFormTables(),
                        h.closedFormChecks().size(), h.closedFormCheckRows(), h.repeatedRows() == 0 ? ""
                        : String.format(java.util.Locale.ROOT, "; %,d rows filling two or more slots of a sample took %,d "
                        + "slot-level products", h.repeatedRows(), h.repeatedRowProducts())));
            }
            double setLoss = analyzer.setLoss(); // the loss whose Hessian this is, at the checkpoint (a check value)
            ObjectNode dense = null;
            if (o.dense()) {
                long d0 = System.nanoTime();
                progress.accept(String.format(java.util.Locale.ROOT, "dense part: power iteration on %,d rows (one HVP of "
                        + "the whole model a step, at most %d steps; --no-dense skips it)", analyzer.denseSamples(), o.maxIter()));
                DenseEigen.Result r = analyzer.denseTop();
                dense = Json.object().put("value", r.value()).put("iterations", r.iterations()).put("converged", r.converged())
                        .put("samples", analyzer.denseSamples()).put("hvps", analyzer.denseHvps());
                progress.accept(String.format(java.util.Locale.ROOT, "dense part: top eigenvalue %.6g after %d steps, %.1f s",
                        r.value(), r.iterations(), (System.nanoTime() - d0) / 1e9));
            }
            Long spectrumHvps = null;
            if (spectrum != null) {
                ModelHessian mh = new ModelHessian(model, data.tables(), analyzer.hvp());
                ObjectNode sp = spectrum.compute(mh, o.tables(), progress);
                sp.put("run", runDir.toString());
                sp.put("analysis_samples", analyzer.hvp().set().size());
                sp.put("split", o.split());
                sp.put("loss", "mean BCE over the analysis set, eval mode, no regulariser (--with-regularizer applies to the "
                        + "per-row analysis only)");
                sp.set("provenance", Provenance.stamp());
                Json.writeAtomically(outDir.resolve(SpectrumFile.FILE), sp);
                spectrumHvps = sp.get("hvps").asLong();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ObjectNode meta = analyzer.metadata(runDir, seconds); // written once, when every number in it is known
            meta.put("set_loss", setLoss);
            if (o.mode().equals("both")) {
                meta.set("power_vs_exact", Analyzer.agreement(results));
            }
            if (dense != null) {
                meta.set("dense_top_eigenvalue", dense);
            }
            if (spectrumHvps != null) {
                meta.put("spectrum_hvps", spectrumHvps);
            }
            AnalysisWriter.write(outDir, results, meta);
            return new AnalysisSummary(results.size(), analyzer.hvp().count(), analyzer.hvp().set().size(), seconds, outDir);
        }
    }

    /**
     * {@link #analyze} on {@code repeats} analysis sets, drawn with seeds o.seed(), o.seed() + 1, …
     * (the probes too), and their spread ({@link AnalysisRepeats}): the first analysis is written to
     * {@code outDir} as a single one would be, the others to outDir/repeats/seed-S, the summary beside the first.
     *
     * @throws HelenException where {@code repeats} is below 2, or as {@link #analyze} does
     */
    public static AnalysisSummary analyzeRepeated(Path runDir, AnalysisOptions o, Spectrum spectrum, Path outDir, int repeats,
                                                  Consumer<String> progress) {
        if (repeats < 2) {
            throw new HelenException("--repeats must be at least 2 for a spread (1 is a single analysis), got " + repeats);
        }
        List<Path> dirs = new java.util.ArrayList<>();
        long hvps = 0;
        double seconds = 0;
        AnalysisSummary last = null;
        for (int i = 0; i < repeats; i++) {
            long seed = o.seed() + i;
            Path dir = i == 0 ? outDir : RepeatFiles.repeatDir(outDir, seed);
            progress.accept(String.format(java.util.Locale.ROOT, "repeat %d of %d (seed %d)", i + 1, repeats, seed));
            Spectrum sp = spectrum == null ? null : new Spectrum(spectrum.topK(), spectrum.traceProbes(),
                    spectrum.densityProbes(), spectrum.steps(), seed, spectrum.tableDensities());
            last = analyze(runDir, o.withSeed(seed), sp, dir, progress);
            dirs.add(dir);
            hvps += last.hvps();
            seconds += last.seconds();
        }
        if (o.samples() <= 0 || last.samples() < o.samples()) {
            progress.accept("the analysis set is the whole split in every repeat: the spread is the probes' only");
        }
        AnalysisRepeats.write(outDir, dirs);
        return new AnalysisSummary(last.tables(), hvps, last.samples(), seconds, outDir);
    }

    /**
     * One shard of an exact analysis: the partial block sums, counts and gradients of shard
     * {@code shard} of the analysis set, written to {@code partialDir/shard-I-of-N}. Nothing else is
     * written; {@link #mergeShards} turns the N shards into the analysis a single process would write.
     */
    public static AnalysisSummary analyzeShard(Path runDir, AnalysisOptions o, Shard shard, Path partialDir,
                                               Consumer<String> progress) {
        NativeLibraries.load();
        long t0 = System.nanoTime();
        RunDirectory run = RunDirectory.open(runDir);
        EncodedDataset data = run.data();
        CtrModel model = run.loadBest(data);
        Analyzer analyzer = new Analyzer(model, data, o, shard);
        List<Integer> tables = analyzer.tables();
        List<ShardPartials.TablePartial> partials = analyzer.partials(progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ObjectNode header = analyzer.metadata(runDir, seconds);
        header.put("format", ShardPartials.FORMAT);
        header.put("checkpoint_sha256", FileHash.sha256(runDir.resolve("checkpoint/best.pt")));
        header.put("samples", o.samples());
        header.put("batch_size", o.batchSize());
        header.put("set_size", analyzer.hvp().set().weightTotal());
        header.put("shard", shard.index());
        header.put("shards", shard.count());
        header.put("shard_rows", analyzer.hvp().set().size());
        header.put("dtype", model.dtype().toString());
        header.put("embedding_dim", model.config().embeddingDim());
        tables.forEach(t -> header.withArray("tables").add(data.tables().get(t)));
        tables.forEach(t -> header.withArray("table_indices").add(t));
        Path dir = ShardPartials.write(partialDir, shard, header, partials);
        return new AnalysisSummary(partials.size(), analyzer.hvp().count(), analyzer.hvp().set().size(), seconds, dir);
    }

    /**
     * Adds the shards under {@code partialDir} (all N of one analysis: same checkpoint, data and set)
     * and writes the exact analysis to {@code outDir}, as {@code --mode exact} in one process would.
     */
    public static AnalysisSummary mergeShards(Path partialDir, Path outDir) {
        long t0 = System.nanoTime();
        ShardPartials.Merged merged = ShardPartials.merge(partialDir);
        ObjectNode meta = merged.header().deepCopy();
        Path runDir = Path.of(meta.path("run").asText());
        EncodedDataset data = RunDirectory.open(runDir).data();
        if (!data.fingerprint().equals(meta.path("data_fingerprint").asText())) {
            throw new HelenException("merge: the shards analysed data " + meta.path("data_fingerprint").asText()
                    + " but " + runDir + " now reads " + data.fingerprint() + "; nothing written");
        }
        ShardPartials.Results r = ShardPartials.results(merged, data);
        long hvps = r.tables().stream().mapToLong(t -> t.exact().hvps()).sum();
        meta.put("analysis_samples", meta.path("set_size").asInt());
        meta.put("hvps", hvps);
        meta.put("gradient_passes", merged.shards().size());
        meta.put("max_block_asymmetry", r.maxAsymmetry());
        meta.put("seconds", r.tables().stream().mapToDouble(TableResult::seconds).sum());
        meta.put("merge_seconds", (System.nanoTime() - t0) / 1e9);
        meta.put("merged_shards", merged.shards().size());
        meta.putArray("shard_dirs").addAll(merged.shards().stream()
                .map(p -> (com.fasterxml.jackson.databind.JsonNode) meta.textNode(p.toAbsolutePath().toString())).toList());
        for (String k : List.of("format", "shard", "shards", "shard_rows", "samples", "set_size", "table_indices")) {
            meta.remove(k);
        }
        meta.set("provenance", Provenance.stamp());
        try (ExclusiveLock lock = ExclusiveLock.directory(outDir, "merging " + partialDir)) {
            AnalysisRepeats.clear(outDir);
            AnalysisWriter.write(outDir, r.tables(), meta);
        }
        return new AnalysisSummary(r.tables().size(), hvps, meta.path("analysis_samples").asInt(),
                (System.nanoTime() - t0) / 1e9, outDir);
    }

    private static void deleteStale(Path... files) {
        for (Path f : files) {
            try {
                java.nio.file.Files.deleteIfExists(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot remove the stale " + f, e);
            }
        }
    }
}
