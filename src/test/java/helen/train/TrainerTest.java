package helen.train;

import helen.optim.OptimizerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.model.ModelConfig;
import helen.util.HelenException;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir
    Path dir;
    final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    ObjectNode train(TrainConfig c, Path out, boolean resume) {
        return new Trainer(c, GeneratedData.get(), out, quiet, false).run(resume);
    }

    /**
     * The generator's click model is learnable: every model beats a coin flip clearly, and its test
     * logloss is clearly below the base-rate entropy (what predicting the positive rate everywhere
     * scores), which a model that only learnt the bias, or whose interaction term is broken, does not reach.
     */
    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void everyModelLearnsTheSyntheticSignal(String model) throws Exception {
        Trainer t = new Trainer(GeneratedData.config(model, 5), GeneratedData.get(), dir.resolve(model), quiet, false);
        ObjectNode m = t.run(false);
        double auc = m.get("test").get("auc").asDouble();
        double logloss = m.get("test").get("logloss").asDouble();
        double p = Evaluation.evaluate(t.model(), GeneratedData.get().split("test"), 4096).positiveRate();
        double entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        System.out.println(model + " test AUC " + auc + ", logloss " + logloss + " vs base-rate entropy " + entropy);
        assertTrue(auc > 0.65, model + " test AUC " + auc);
        assertTrue(logloss < entropy - 0.02, model + " test logloss " + logloss + ", base-rate entropy " + entropy);
        assertTrue(Files.isRegularFile(dir.resolve(model).resolve("metrics_per_epoch.csv")));
        assertTrue(Files.isRegularFile(dir.resolve(model).resolve("checkpoint/best.pt")));
        String log = Files.readString(dir.resolve(model).resolve("train.log"));
        assertTrue(log.contains("epoch 1: train loss") && log.contains("best epoch"), log);
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        TrainConfig c = GeneratedData.config("deepfm", 2);
        ObjectNode a = train(c, dir.resolve("a"), false);
        ObjectNode b = train(c, dir.resolve("b"), false);
        assertEquals(a.get("test").get("auc").asDouble(), b.get("test").get("auc").asDouble(), 0.0);
        assertEquals(a.get("test").get("logloss").asDouble(), b.get("test").get("logloss").asDouble(), 0.0);
    }

    /** A run stopped after epoch 1 and resumed ends exactly like the uninterrupted run. */
    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        TrainConfig three = GeneratedData.config("dnn", 3);
        ModelConfig m = three.model();
        // dropout on, so the per-epoch reseeding of libtorch's generator is exercised too
        ModelConfig withDropout = new ModelConfig(m.name(), m.embeddingDim(), m.hiddenUnits(), m.activation(), 0.2,
                m.batchNorm(), 1e-5, 0, m.pooling(), m.embeddingInitStd(), m.options());
        TrainConfig dropout = new TrainConfig(three.experiment(), three.data(), withDropout, three.optimizer(),
                256, 4096, 3, 5, 7, 1, "float32", "cpu");
        ObjectNode full = train(dropout, dir.resolve("full"), false);
        // killed a few steps into epoch 2: epoch 1's checkpoint and state.json are on disk
        killInEpochTwo(dropout, dir.resolve("cut"));
        assertEquals(1, Json.read(dir.resolve("cut/state.json"), JsonNode.class).get("epochsDone").asInt());
        ObjectNode resumed = train(dropout, dir.resolve("cut"), true);
        assertEquals(full.get("test").get("auc").asDouble(), resumed.get("test").get("auc").asDouble(), 0.0);
        assertEquals(full.get("best_epoch").asInt(), resumed.get("best_epoch").asInt());
        JsonNode state = Json.read(dir.resolve("cut/state.json"), JsonNode.class);
        assertEquals(3, state.get("epochsDone").asInt());
        HelenException again = assertThrows(HelenException.class, () -> train(dropout, dir.resolve("full"), false));
        assertTrue(again.getMessage().contains("already holds a run"), again.getMessage());
    }

    /**
     * Every optimizer, its state included (Adam's moments, NAdam's μ-product, RAdam's step, the
     * sharpness-aware wrappers' base state): a run killed in epoch 2 and resumed ends exactly like
     * the uninterrupted run.
     */
    @ParameterizedTest
    @MethodSource("helen.optim.Optimizers#names")
    void resumeAfterAKillEqualsTheUninterruptedRunForEveryOptimizer(String optimizer) {
        TrainConfig base = GeneratedData.config("dnn", 2);
        TrainConfig c = new TrainConfig(base.experiment(), base.data(), base.model(),
                new helen.optim.OptimizerConfig(optimizer, 1e-3, null, 0.01, null), 2048, 4096, 2, 5, 7, 1, "float32", "cpu");
        ObjectNode full = train(c, dir.resolve(optimizer + "_full"), false);
        killInEpochTwo(c, dir.resolve(optimizer + "_cut"));
        ObjectNode resumed = train(c, dir.resolve(optimizer + "_cut"), true);
        assertEquals(full.get("test").get("auc").asDouble(), resumed.get("test").get("auc").asDouble(), 0.0, optimizer);
        assertEquals(full.get("test").get("logloss").asDouble(), resumed.get("test").get("logloss").asDouble(), 0.0, optimizer);
    }

    /**
     * Stopped by a signal inside epoch 1 (before any epoch is on disk) and again inside epoch 2, resumed
     * each time: with dropout (the generator's state is saved) and Helen (per-step state), it ends exactly
     * like the uninterrupted run, weights included.
     */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "helen"})
    void stoppedInsideEpochsAndResumedEqualsTheUninterruptedRun(String optimizer) throws Exception {
        TrainConfig three = GeneratedData.config("dnn", 3);
        ModelConfig m = three.model();
        ModelConfig withDropout = new ModelConfig(m.name(), m.embeddingDim(), m.hiddenUnits(), m.activation(), 0.2,
                m.batchNorm(), 1e-5, 0, m.pooling(), m.embeddingInitStd(), m.options());
        TrainConfig c = new TrainConfig(three.experiment(), three.data(), withDropout,
                new helen.optim.OptimizerConfig(optimizer, 1e-3, null, 0.05, null), 512, 4096, 3, 5, 7, 1, "float32", "cpu");
        ObjectNode full = train(c, dir.resolve("full"), false);
        long stepsPerEpoch = (GeneratedData.get().rows("train") + c.batchSize() - 1) / c.batchSize();
        Path cut = dir.resolve("cut");
        for (long stopAt : new long[] {3, stepsPerEpoch + 5}) {
            long[] steps = {0};
            Trainer t = new Trainer(c, GeneratedData.get(), cut, quiet, false);
            t.onStep(() -> steps[0]++);
            long[] before = {stopAt == 3 ? 0 : 3}; // steps done before this process: the second one resumes after step 3
            t.stopWhen(() -> before[0] + steps[0] == stopAt ? "SIGUSR1" : null);
            Trainer.Stopped stopped = assertThrows(Trainer.Stopped.class, () -> t.run(stopAt != 3));
            assertTrue(stopped.getMessage().contains("SIGUSR1"), stopped.getMessage());
            JsonNode state = Json.read(cut.resolve("state.json"), JsonNode.class);
            assertEquals(stopAt % stepsPerEpoch, state.get("epochStep").asLong(), "the step it stopped after, saved");
        }
        ObjectNode resumed = train(c, cut, true);
        assertEquals(full.get("test").get("auc").asDouble(), resumed.get("test").get("auc").asDouble(), 0.0);
        assertEquals(full.get("test").get("logloss").asDouble(), resumed.get("test").get("logloss").asDouble(), 0.0);
        assertEquals(full.get("best_epoch").asInt(), resumed.get("best_epoch").asInt());
        // every epoch's mean training loss (every step's loss, in order), validation AUC and logloss, to 8 digits
        assertEquals(epochColumns(dir.resolve("full")), epochColumns(cut));
    }

    /** metrics_per_epoch.csv without its timing columns. */
    private static java.util.List<String> epochColumns(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics_per_epoch.csv")).stream().map(l -> {
            String[] c = l.split(",");
            return String.join(",", c[0], c[1], c[2], c[3], c[4], c[7]);
        }).toList();
    }

    /** Trains {@code c} into {@code out} and fails it three steps into epoch 2, as a kill would: epoch 1 is on disk. */
    private void killInEpochTwo(TrainConfig c, Path out) {
        Trainer killed = new Trainer(c, GeneratedData.get(), out, quiet, false);
        long stepsPerEpoch = (GeneratedData.get().rows("train") + c.batchSize() - 1) / c.batchSize();
        long[] steps = {0};
        killed.onStep(() -> {
            if (++steps[0] == stepsPerEpoch + 3) {
                throw new IllegalStateException("killed");
            }
        });
        assertThrows(IllegalStateException.class, () -> killed.run(false));
    }

    /** Native memory: resident memory outside the Java heap stays flat over thousands of steps (every step runs in a PointerScope). */
    @Test
    void nativeMemoryStaysFlatOverThousandsOfSteps() {
        TrainConfig c = GeneratedData.config("deepfm", 8);
        TrainConfig small = new TrainConfig(c.experiment(), c.data(), c.model().withHidden(java.util.List.of(128, 128), "relu"),
                c.optimizer(), 64, 4096, 8, 100, 7, 1, "float32", "cpu");
        Trainer t = new Trainer(small, GeneratedData.get(), dir.resolve("mem"), quiet, false);
        long[] rss = new long[2];
        int[] steps = {0};
        t.onStep(() -> {
            steps[0]++;
            if (steps[0] == 500) {
                rss[0] = RssProbe.nativeKilobytes();
            } else if (steps[0] > 500 && steps[0] % 100 == 0) {
                rss[1] = RssProbe.nativeKilobytes();
            }
        });
        t.run(false);
        assertTrue(steps[0] >= 2500, "steps " + steps[0]);
        long growthMb = (rss[1] - rss[0]) / 1024;
        int last = steps[0] / 100 * 100;
        System.out.println("resident outside the Java heap after step 500: " + rss[0] / 1024 + " MB, after step " + last
                + ": " + rss[1] / 1024 + " MB (growth " + growthMb + " MB)");
        assertTrue(growthMb < 64, "resident memory outside the Java heap grew by " + growthMb + " MB over "
                + (last - 500) + " steps");
    }

    /** A validation split with one class has no AUC: the run still ends, with epoch 1 as best and a checkpoint. */
    @Test
    void singleClassValidationStillFinishes() throws Exception {
        Path csv = dir.resolve("train.csv");
        new helen.data.synthetic.SyntheticCriteo(new helen.data.synthetic.SyntheticOptions(1.1, 50, 3, -1.6)).write(csv, 1500, 4);
        java.util.List<String> lines = Files.readAllLines(csv);
        java.util.List<String> negatives = new java.util.ArrayList<>(java.util.List.of(lines.get(0)));
        lines.stream().skip(1).filter(l -> l.startsWith("0,")).limit(200).forEach(negatives::add);
        Path valid = dir.resolve("valid.csv");
        Files.write(valid, negatives);
        helen.data.EncodedDataset d = new helen.data.Encoder(helen.data.Presets.builtIn("criteo_x4"),
                new helen.data.DataSources(java.util.List.of(csv), java.util.List.of(valid), null, false), quiet)
                .encode(dir.resolve("cache"), false);
        ObjectNode m = new Trainer(GeneratedData.config("dnn", 3), d, dir.resolve("one_class"), quiet, false).run(false);
        assertTrue(Double.isNaN(m.get("valid").get("auc").asDouble()));
        assertEquals(1, m.get("best_epoch").asInt());
        assertTrue(Files.isRegularFile(dir.resolve("one_class/checkpoint/best.pt")));
    }

    /** A learning rate that blows the loss up ends the run as "diverged", with the reason and no test result. */
    @Test
    void divergingRunIsMarkedDivergedNotReportedAsAResult() {
        TrainConfig c = GeneratedData.config("dnn", 3);
        TrainConfig huge = new TrainConfig(c.experiment(), c.data(), c.model(),
                OptimizerConfig.adam(1e6), 256, 4096, 3, 2, 7, 1, "float32", "cpu");
        Path out = dir.resolve("diverged");
        ObjectNode m = new Trainer(huge, GeneratedData.get(), out, quiet, false).run(false);
        assertEquals("diverged", m.get("status").asText(), m.toString());
        assertTrue(m.get("reason").asText().contains("epoch 1, step"), m.toString());
        assertTrue(!m.has("test") && !m.has("valid"), "a diverged run carries no result: " + m);
        JsonNode onDisk = Json.read(out.resolve("metrics.json"), JsonNode.class);
        assertEquals(m.get("reason"), onDisk.get("reason"));
        assertEquals("diverged", onDisk.get("status").asText());
        // resuming it does not train again and keeps the verdict
        ObjectNode again = new Trainer(huge, GeneratedData.get(), out, quiet, false).run(true);
        assertEquals("diverged", again.get("status").asText());
        assertEquals(m.get("reason"), again.get("reason"));
    }

    @Test
    void finishedRunSaysSo() throws Exception {
        ObjectNode m = train(GeneratedData.config("dnn", 1), dir.resolve("ok"), false);
        assertEquals("finished", m.get("status").asText());
        // the process's peak resident memory, at least what it holds now (VmRSS, read independently)
        long residentNowMb = java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).sum() / 1024;
        assertTrue(m.get("peak_rss_mb").asLong() >= residentNowMb - 1, m.get("peak_rss_mb") + " MB < " + residentNowMb);
    }

    /** --resume with other settings is refused, naming each difference, and the run's records stay as they were. */
    @Test
    void resumeWithOtherSettingsIsRefusedAndChangesNothing() throws Exception {
        TrainConfig c = GeneratedData.config("dnn", 1);
        Path out = dir.resolve("run");
        train(c, out, false);
        String config = Files.readString(out.resolve(ResolvedConfig.FILE));
        String metrics = Files.readString(out.resolve("metrics.json"));
        TrainConfig other = new TrainConfig(c.experiment(), c.data(), c.model(), OptimizerConfig.adam(0.5),
                c.batchSize(), c.evalBatchSize(), c.epochs(), c.patience(), c.seed() + 1, c.threads(), c.dtype(), c.device());
        HelenException e = assertThrows(HelenException.class, () -> train(other, out, true));
        assertTrue(e.getMessage().contains("optimizer.lr: 0.001 -> 0.5") && e.getMessage().contains("seed: "), e.getMessage());
        assertEquals(config, Files.readString(out.resolve(ResolvedConfig.FILE)));
        assertEquals(metrics, Files.readString(out.resolve("metrics.json")));
        // the same settings resume (here: finish again) without complaint
        assertEquals("finished", train(c, out, true).get("status").asText());
        // config.resolved.yaml reads back as the config it was written from, with the defaults in force written out
        assertEquals(List.of(), ResolvedConfig.differences(out, c));
        assertEquals(List.of(), ResolvedConfig.differences(out, ResolvedConfig.read(out)));
        assertEquals(10.0, ResolvedConfig.read(out).optimizer().maxGradNorm(), "the clipping in force is written");
    }

    /** A run that fails before its first epoch leaves nothing behind, and never removes what was there before. */
    @Test
    void failureBeforeTheFirstEpochRemovesOnlyWhatTheRunWrote() throws Exception {
        Path fresh = dir.resolve("fresh");
        Trainer t = new Trainer(GeneratedData.config("dnn", 1), GeneratedData.get(), fresh, quiet, false);
        t.onStep(() -> {
            throw new IllegalStateException("failed in step 1");
        });
        assertThrows(IllegalStateException.class, () -> t.run(false));
        assertTrue(!Files.exists(fresh), "half-written run directory left behind");

        Path existing = dir.resolve("existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("notes.txt"), "mine");
        Trainer u = new Trainer(GeneratedData.config("dnn", 1), GeneratedData.get(), existing, quiet, false);
        u.onStep(() -> {
            throw new IllegalStateException("failed in step 1");
        });
        assertThrows(IllegalStateException.class, () -> u.run(false));
        try (var files = Files.list(existing)) {
            assertEquals(java.util.List.of("notes.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** A second trainer into a directory in use fails at once, naming the holder. */
    @Test
    void aRunDirectoryInUseIsRefused() throws Exception {
        Path out = dir.resolve("busy");
        try (helen.util.ExclusiveLock held = helen.util.ExclusiveLock.directory(out, "a test holding it")) {
            HelenException e = assertThrows(HelenException.class, () -> train(GeneratedData.config("dnn", 1), out, false));
            assertTrue(e.getMessage().contains("in use by another helen process") && e.getMessage().contains("a test holding it"),
                    e.getMessage());
        }
        assertEquals("finished", train(GeneratedData.config("dnn", 1), out, false).get("status").asText(),
                "free again once released");
    }
}
