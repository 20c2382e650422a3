package helen.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.CurvatureTracker;
import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.DataContent;
import helen.data.EncodedDataset;
import helen.data.EncodedSplit;
import helen.data.PrefetchingBatches;
import helen.model.CtrModel;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import helen.optim.Optimizers;
import helen.optim.TrainingOptimizer;
import helen.tensor.Tensors;
import helen.util.ExclusiveLock;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.ProcessMemory;
import helen.util.Progress;
import helen.util.Provenance;
import helen.util.StopSignals;
import helen.util.StoppedBySignal;
import helen.util.TeeLog;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * FuxiCTR's training loop: epochs over shuffled mini-batches; after each epoch, AUC − logloss on
 * the validation split; on no improvement the learning rate is divided by 10 (down to 1e-6) and,
 * after {@code patience} such epochs, training stops; the best checkpoint is reloaded and
 * evaluated on the test split.
 *
 * <p>Determinism: initial weights come from the seed, epoch e shuffles with seed + e and seeds
 * libtorch's generator (dropout) with seed·1000003 + e, so a run resumed after epoch e repeats
 * the uninterrupted run exactly (for the same thread count).
 */
public final class Trainer {
    private final TrainConfig config;
    private final EncodedDataset data;
    private final Path out;
    private final RunWriter files;
    private final EarlyStopping schedule;
    private final PrintStream console;
    private PrintStream log;
    private final boolean progress;
    private final CtrModel model;
    private final TrainingOptimizer optimizer;
    private RunState state = new RunState();
    private Runnable stepListener = () -> { };
    /** Asked after every step: a signal's name when the run must stop there (see {@link #stopWhen}), else null. */
    private java.util.function.Supplier<String> stopRequest = StopSignals::received;
    /** --track-curvature: when and where to log curvature (null: not tracked), its settings and tracker. */
    private CurvatureLog curvature;
    private CurvatureTracker.Settings curvatureSettings;
    private CurvatureTracker tracker;
    private int stepsPerEpoch;

    public Trainer(TrainConfig config, EncodedDataset data, Path out, PrintStream log, boolean progress) {
        this.config = config;
        this.data = data;
        this.out = out;
        this.files = new RunWriter(out);
        this.schedule = new EarlyStopping(config.patience());
        this.console = log;
        this.log = log;
        this.progress = progress;
        torch.set_num_threads(config.threads());
        Tensors.useDevice(config.device()); // before the model: its weights are made there
        ScalarType dtype = "float64".equals(config.dtype()) ? ScalarType.Double : ScalarType.Float;
        this.model = Models.create(FeatureLayout.of(data), config.model(), config.seed(), dtype);
        this.optimizer = Optimizers.create(config.optimizer(), model, () -> tableFrequencies(data));
        state.lr = config.optimizer().lr();
    }

    /** Training-split N of every table (Helen's dataset-frequency variant). */
    static long[][] tableFrequencies(EncodedDataset d) {
        long[][] n = new long[d.tables().size()][];
        for (int t = 0; t < n.length; t++) {
            n[t] = d.tableFrequencies(t);
        }
        return n;
    }

    public CtrModel model() {
        return model;
    }

    /**
     * Measures curvature at {@code interval} on a fixed probe set ({@link helen.analysis.CurvatureTracker})
     * into the run's curvature.csv; the time it takes is left out of the samples/s figures and reported
     * in metrics.json's {@code curvature}.
     */
    public Trainer trackCurvature(CurvatureLog.Interval interval, CurvatureTracker.Settings settings) {
        this.curvature = new CurvatureLog(out, interval);
        this.curvatureSettings = settings;
        return this;
    }

    /**
     * Makes the run stop after the step at which {@code request} first returns a reason (a signal's name; by
     * default the signal {@link helen.util.StopSignals} caught, where a command installed it):
     * the weights, the optimizer, the random generator and the epoch's progress so far are saved, and
     * {@link Stopped} is thrown; {@code --resume} then continues from that step as if never stopped. Where
     * curvature is tracked or the run is on a GPU, the run resumes from its last whole epoch instead.
     */
    public Trainer stopWhen(java.util.function.Supplier<String> request) {
        this.stopRequest = request;
        return this;
    }

    /** A run stopped on request, its checkpoint saved: {@code --resume} continues it. */
    public static final class Stopped extends StoppedBySignal {
        public Stopped(String signal, String message) {
            super(signal, message, "; --resume continues");
        }
    }

    /** Called after every optimizer step (tests watch memory with it). */
    public void onStep(Runnable listener) {
        this.stepListener = listener;
    }

    /**
     * Trains (or continues a run with {@code resume}) and writes metrics.json; returns its content,
     * whose {@code status} is {@code finished} or {@code diverged}.
     *
     * <p>The run directory is locked for the whole run (a second process fails at once, naming this
     * one). A run that fails before its first epoch is saved removes what it wrote, so that no
     * half-written run directory is left behind.
     */
    public ObjectNode run(boolean resume) {
        RunFiles before = RunFiles.snapshot(out);
        try (ExclusiveLock lock = ExclusiveLock.directory(out, "training " + config.model().name() + " + "
                + config.optimizer().name() + " into " + out)) {
            boolean resumable = files.hasState();
            if (!resume && resumable) {
                throw new HelenException(out + " already holds a run (state.json); use --resume to continue it or another --out");
            }
            if (resume && !resumable) {
                throw new HelenException("--resume: no state.json in " + out + " (nothing to resume)");
            }
            log = TeeLog.to(console, out.resolve("train.log"));
            try {
                return train(resume);
            } catch (RuntimeException | Error e) {
                log.close();
                if (!resumable && state.epochsDone == 0 && !(e instanceof Stopped)) {
                    before.removeWhatWasAdded();
                }
                throw e;
            } finally {
                log.close(); // the run's train.log; the console stays open
                log = console;
            }
        }
    }

    private ObjectNode train(boolean resume) {
        files.createCheckpointDir();
        if (resume) {
            restore();
        }
        files.writeConfig(config, data);
        log.printf(Locale.ROOT, "%s: %s + %s on %s (%,d train rows), seed %d, %d threads, helen %s%n",
                java.time.OffsetDateTime.now(), config.model().name(), config.optimizer().name(), data.name(),
                data.rows("train"), config.seed(), config.threads(), Provenance.helenVersion());
        if (!"cpu".equals(config.device())) {
            log.println("device: " + config.device());
        }
        EncodedSplit train = data.split("train");
        String validName = data.hasRows("valid") ? "valid" : "test";
        if (!data.hasRows(validName)) {
            throw new HelenException("no validation rows: give --valid FILE (or a spec with a split)");
        }
        EncodedSplit valid = data.split(validName);
        stepsPerEpoch = (train.rows() + config.batchSize() - 1) / config.batchSize();
        if (curvature != null) {
            tracker = new CurvatureTracker(model, data, curvatureSettings);
            if (resume) {
                curvature.keepSavedEpochs(state.epochsDone);
            }
            if (curvature.isEmpty() && state.epochsDone == 0) {
                curvature.measure(tracker, 0, 0); // before the first step: where every optimizer starts
            }
        }
        while (!state.finished && state.epochsDone < config.epochs()) {
            int epoch = state.epochsDone + 1;
            RunState.EpochRecord rec;
            try {
                rec = trainEpoch(train, epoch);
            } catch (DivergedException e) {
                diverged(e.getMessage());
                break;
            }
            Evaluation.Metrics m;
            try (Progress p = progress("validate", valid.rows(), "rows")) {
                m = Evaluation.evaluate(model, valid, config.evalBatchSize(), p);
            }
            rec.validAuc = m.auc();
            rec.validLogloss = m.logloss();
            rec.lr = state.lr;
            if (Double.isNaN(m.auc())) {
                log.println("warning: the " + validName + " split has a single class, so AUC is undefined; "
                        + "only the first epoch counts as best");
            }
            rec.best = schedule.record(state, epoch, m.monitor());
            if (rec.best) {
                files.saveBest(model);
            } else {
                optimizer.setLearningRate(state.lr);
            }
            if (curvature != null && curvature.dueAfterEpoch(epoch)) {
                try {
                    curvature.measure(tracker, (long) epoch * stepsPerEpoch, epoch); // before the epoch is saved: resumed, it is measured again
                } catch (StoppedBySignal e) { // between two of the measurement's HVPs: the epoch is not saved yet
                    log.printf(Locale.ROOT, "%s: stopped in epoch %d's curvature measurement; --resume continues from the last "
                            + "whole epoch%n", e.signal(), epoch);
                    throw new Stopped(e.signal(), "stopped by " + e.signal() + " in epoch " + epoch + "'s curvature measurement "
                            + "(it resumes at the start of epoch " + epoch + ")");
                }
            }
            state.history.add(rec);
            state.epochsDone = epoch;
            state.finished = schedule.shouldStop(state);
            log.printf(Locale.ROOT, "epoch %d: train loss %.5f, %s AUC %.5f logloss %.5f%s, %.0f samples/s%n", epoch,
                    rec.trainLoss, validName, m.auc(), m.logloss(), rec.best ? " (best)" : ", lr -> " + state.lr,
                    rec.samplesPerSecond);
            files.saveEpoch(model, optimizer, state);
            java.util.Optional<String> chance = Divergence.ofValidation(m, epoch);
            if (chance.isPresent()) {
                diverged(chance.get());
            }
        }
        return finish(validName);
    }

    private RunState.EpochRecord trainEpoch(EncodedSplit train, int epoch) {
        int step = state.epochStep; // > 0: resumed inside this epoch
        double lossSum = state.epochLossSum;
        long samples = state.epochSamples;
        if (step > 0) {
            GeneratorState.restore(state.generatorState);
        } else {
            torch.manual_seed(config.seed() * 1_000_003L + epoch);
        }
        model.train(true);
        long t0 = System.nanoTime() - (long) (state.epochSeconds * 1e9);
        try (PrefetchingBatches it = new PrefetchingBatches(
                new BatchIterator(train, config.batchSize(), true, config.seed() + epoch).skip(step));
             Progress bar = progress("epoch " + epoch, train.rows(), "samples")) {
            bar.step(samples);
            while (it.hasNext()) {
                Batch b = it.next();
                step++;
                double loss = TrainStep.run(model, optimizer, b);
                if (state.initialLoss == 0 && Double.isFinite(loss)) {
                    state.initialLoss = loss;
                }
                java.util.Optional<String> why = Divergence.ofStep(loss, state.initialLoss, epoch, step);
                if (why.isPresent()) {
                    throw new DivergedException(why.get() + String.format(Locale.ROOT, " (lr %g)", state.lr));
                }
                stepListener.run();
                long global = (long) (epoch - 1) * stepsPerEpoch + step;
                if (curvature != null && curvature.dueAfterStep(global)) {
                    try {
                        t0 += (long) (curvature.measure(tracker, global, epoch) * 1e9); // not training time
                    } catch (StoppedBySignal e) { // a signal caught between the measurement's HVPs: the step is done
                        stopInsideEpoch(e.signal(), epoch, step, lossSum, samples, (System.nanoTime() - t0) / 1e9);
                    }
                }
                lossSum += loss * b.size;
                samples += b.size;
                bar.step(b.size);
                bar.extra(String.format(Locale.ROOT, "loss %.4f", lossSum / samples));
                String stop = it.hasNext() ? stopRequest.get() : null; // at an epoch's end, the epoch finishes first
                if (stop != null) {
                    stopInsideEpoch(stop, epoch, step, lossSum, samples, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        state.epochStep = 0;
        state.epochLossSum = 0;
        state.epochSamples = 0;
        state.epochSeconds = 0;
        state.generatorState = null;
        double secs = (System.nanoTime() - t0) / 1e9;
        state.trainSeconds += secs;
        state.trainSamples += samples;
        RunState.EpochRecord rec = new RunState.EpochRecord();
        rec.epoch = epoch;
        rec.trainLoss = lossSum / samples;
        rec.seconds = secs;
        rec.samplesPerSecond = samples / secs;
        return rec;
    }

    /**
     * Saves the run after {@code step} of {@code epoch} and ends it with {@link Stopped}. With curvature
     * tracking (whose probe schedule is per epoch) or on a GPU (whose generator is not saved) the epoch's
     * progress is dropped and the run resumes from its last whole epoch, still exactly.
     */
    private void stopInsideEpoch(String signal, int epoch, int step, double lossSum, long samples, double seconds) {
        boolean exact = curvature == null && "cpu".equals(config.device());
        if (exact) {
            state.epochStep = step;
            state.epochLossSum = lossSum;
            state.epochSamples = samples;
            state.epochSeconds = seconds;
            state.generatorState = GeneratorState.save();
            files.saveEpoch(model, optimizer, state);
        }
        String where = exact ? "epoch " + epoch + " step " + step + " of " + stepsPerEpoch
                : "epoch " + epoch + " step " + step + " (it resumes at the start of epoch " + epoch + ")";
        log.printf(Locale.ROOT, "%s: stopped after %s, %s; --resume continues%n", signal, where,
                exact ? "checkpoint saved" : "the last whole epoch's checkpoint kept");
        throw new Stopped(signal, "stopped by " + signal + " after " + where);
    }

    /** Progress of one pass as the command asked (--no-progress: none) and the output suits (see {@link Progress}). */
    private Progress progress(String task, long total, String unit) {
        return progress ? Progress.start(task, total, unit) : Progress.off();
    }

    /** Marks the run diverged: training stops, state.json says why, metrics.json carries no test result. */
    private void diverged(String reason) {
        state.status = "diverged";
        state.divergence = reason;
        state.finished = true;
        files.saveState(state);
    }

    private void restore() {
        java.util.List<String> changed = ResolvedConfig.differences(out, config);
        if (!changed.isEmpty()) {
            throw new HelenException("--resume: the settings differ from the run's " + out.resolve(ResolvedConfig.FILE)
                    + " (" + String.join("; ", changed) + "); a run continues only with its own settings: "
                    + "drop the changed options, or start a new run with another --out");
        }
        state = files.readState();
        if ("diverged".equals(state.status)) {
            log.printf(Locale.ROOT, "%s diverged (%s): nothing to resume%n", out, state.divergence);
            return;
        }
        if (state.epochsDone > 0 || state.epochStep > 0) {
            files.loadLast(model, optimizer);
        }
        optimizer.setLearningRate(state.lr);
        log.printf(Locale.ROOT, "resuming %s after epoch %d%s (best epoch %d)%n", out, state.epochsDone,
                state.epochStep > 0 ? " and " + state.epochStep + " steps of epoch " + (state.epochsDone + 1) : "", state.bestEpoch);
    }

    private ObjectNode finish(String validName) {
        if ("diverged".equals(state.status)) {
            return finishDiverged();
        }
        state.status = "finished";
        files.loadBest(model);
        String testName = data.hasRows("test") ? "test" : validName;
        // one pass over both splits (once where there is no test split): see Evaluation#evaluate
        List<EncodedSplit> splits = testName.equals(validName)
                ? List.of(data.split(testName)) : List.of(data.split(testName), data.split(validName));
        long t0 = System.nanoTime();
        List<Evaluation.Metrics> scored;
        try (Progress p = progress(testName.equals(validName) ? "test (best checkpoint)" : "test and validate (best checkpoint)",
                splits.stream().mapToLong(EncodedSplit::rows).sum(), "rows")) {
            scored = Evaluation.evaluate(model, splits, config.evalBatchSize(), p);
        }
        Evaluation.Metrics test = scored.get(0);
        Evaluation.Metrics valid = scored.get(scored.size() - 1);
        // evaluation's own throughput (forward passes, AUC and logloss over the splits), beside training's
        double evalRate = scored.stream().mapToLong(Evaluation.Metrics::rows).sum() / ((System.nanoTime() - t0) / 1e9);
        ObjectNode m = runDescription();
        m.put("status", "finished");
        m.putObject("test").put("auc", test.auc()).put("logloss", test.logloss()).put("rows", test.rows())
                .put("split", testName);
        m.putObject("valid").put("auc", valid.auc()).put("logloss", valid.logloss()).put("rows", valid.rows())
                .put("split", validName);
        m.put("samples_per_second", state.trainSamples / state.trainSeconds);
        m.put("eval_samples_per_second", evalRate);
        // the whole process's high-water mark (the epochs this process trained, evaluation, and encoding if it ran here)
        m.put("peak_rss_mb", ProcessMemory.peakResidentMb());
        Path written = files.writeMetrics(m);
        log.printf(Locale.ROOT, "best epoch %d; %s AUC %.5f logloss %.5f; %.0f samples/s; wrote %s%n", state.bestEpoch,
                testName, test.auc(), test.logloss(), state.trainSamples / state.trainSeconds, written);
        return m;
    }

    /**
     * metrics.json of a diverged run: the status and the reason, and no test or validation result,
     * so that nothing reads it as one (reports list such runs and leave them out).
     */
    private ObjectNode finishDiverged() {
        ObjectNode m = runDescription();
        m.put("status", "diverged");
        m.put("reason", state.divergence);
        log.printf(Locale.ROOT, "run diverged: %s; marked in %s%n", state.divergence, files.writeMetrics(m));
        return m;
    }

    /** What every metrics.json says about how the run was made. */
    private ObjectNode runDescription() {
        ObjectNode m = Json.object();
        m.put("experiment", config.experiment());
        m.put("model", config.model().name());
        m.put("dataset", data.name());
        m.put("best_epoch", state.bestEpoch);
        m.put("epochs_run", state.epochsDone);
        m.put("train_seconds", state.trainSeconds);
        if (curvature != null) {
            m.set("curvature", curvature.describe(curvatureSettings));
        }
        m.set("optimizer", optimizer.describe());
        m.put("seed", config.seed());
        m.put("threads", config.threads());
        m.put("dtype", config.dtype());
        m.put("batch_size", config.batchSize());
        m.put("data_fingerprint", data.fingerprint());
        if (data.content() != null) {
            m.set(DataContent.KEY, data.content().json());
        }
        m.put("data_cache", data.dir().toAbsolutePath().toString());
        m.put("libtorch", Provenance.libtorchVersion());
        m.put("device", config.device());
        m.set("provenance", Provenance.stamp());
        return m;
    }

    /** Thrown inside an epoch when a step shows divergence; caught by the epoch loop. */
    private static final class DivergedException extends RuntimeException {
        DivergedException(String reason) {
            super(reason, null, false, false);
        }
    }
}
