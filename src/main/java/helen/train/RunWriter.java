package helen.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.EncodedDataset;
import helen.model.CtrModel;
import helen.optim.TrainingOptimizer;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The files of a run directory, each written atomically: {@code model.json} (what rebuilds the
 * model), {@code config.resolved.yaml}, {@code state.json} and {@code metrics_per_epoch.csv} after
 * every epoch, the checkpoints, and {@code metrics.json} at the end. It writes and reads; it
 * decides nothing.
 */
final class RunWriter {
    static final String STATE = "state.json";
    static final String METRICS = "metrics.json";
    private final Path dir;

    RunWriter(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path checkpoints() {
        return dir.resolve("checkpoint");
    }

    boolean hasState() {
        return Files.exists(dir.resolve(STATE));
    }

    void createCheckpointDir() {
        try {
            Files.createDirectories(checkpoints());
        } catch (IOException e) {
            throw new HelenException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** model.json (architecture, dtype, seed, data) and config.resolved.yaml. */
    void writeConfig(TrainConfig config, EncodedDataset data) {
        ObjectNode model = Json.object();
        model.set("model", Json.MAPPER.valueToTree(config.model()));
        model.put("dtype", config.dtype());
        model.put("seed", config.seed());
        model.put("data_cache", data.dir().toAbsolutePath().toString());
        model.put("data_fingerprint", data.fingerprint());
        Json.writeAtomically(dir.resolve(RunDirectory.MODEL_JSON), model);
        ResolvedConfig.write(dir, config);
    }

    void saveBest(CtrModel model) {
        Checkpoints.saveModel(model, checkpoints().resolve("best.pt"));
    }

    void loadBest(CtrModel model) {
        Checkpoints.loadModel(model, checkpoints().resolve("best.pt"));
    }

    /** After an epoch: the last weights and optimizer state, then state.json (which names them), then the epoch table. */
    void saveEpoch(CtrModel model, TrainingOptimizer optimizer, RunState state) {
        Checkpoints.saveModel(model, checkpoints().resolve("last.pt"));
        Checkpoints.saveOptimizer(optimizer, checkpoints().resolve("last_optimizer.pt"));
        saveState(state);
        StringBuilder csv = new StringBuilder("epoch,train_loss,valid_auc,valid_logloss,lr,seconds,samples_per_second,best\n");
        for (RunState.EpochRecord r : state.history) {
            csv.append(String.format(Locale.ROOT, "%d,%.8f,%.8f,%.8f,%g,%.3f,%.1f,%b%n", r.epoch, r.trainLoss, r.validAuc,
                    r.validLogloss, r.lr, r.seconds, r.samplesPerSecond, r.best));
        }
        AtomicFiles.writeString(dir.resolve("metrics_per_epoch.csv"), csv.toString());
    }

    void saveState(RunState state) {
        Json.writeAtomically(dir.resolve(STATE), state);
    }

    RunState readState() {
        return Json.read(dir.resolve(STATE), RunState.class);
    }

    /** Restores the last epoch's weights and optimizer state. */
    void loadLast(CtrModel model, TrainingOptimizer optimizer) {
        Checkpoints.loadModel(model, checkpoints().resolve("last.pt"));
        Checkpoints.loadOptimizer(optimizer, checkpoints().resolve("last_optimizer.pt"));
    }

    Path writeMetrics(ObjectNode metrics) {
        Json.writeAtomically(dir.resolve(METRICS), metrics);
        return dir.resolve(METRICS);
    }
}
