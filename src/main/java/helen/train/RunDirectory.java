package helen.train;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.EncodedDataset;
import helen.model.CtrModel;
import helen.model.layer.FeatureLayout;
import helen.model.ModelConfig;
import helen.model.Models;
import helen.util.HelenException;
import helen.util.Json;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.nio.file.Files;
import java.nio.file.Path;

/** A finished (or stopped) training run on disk: its model rebuilt from model.json and the best checkpoint. */
public final class RunDirectory {
    public static final String MODEL_JSON = "model.json";
    private final Path dir;
    private final JsonNode model;

    private RunDirectory(Path dir, JsonNode model) {
        this.dir = dir;
        this.model = model;
    }

    /**
     * A run directory written by {@code helen train}.
     *
     * @throws HelenException if it is not one (no model.json), is a run that diverged, or has no checkpoint yet
     */
    public static RunDirectory open(Path dir) {
        Path m = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(m)) {
            throw new HelenException("not a helen run directory (no " + MODEL_JSON + "): " + dir);
        }
        if (diverged(dir)) {
            throw new HelenException(dir + " is a run that diverged (" + dir.resolve("metrics.json")
                    + "); there is no model to analyse");
        }
        if (!Files.isRegularFile(dir.resolve("checkpoint/best.pt"))) {
            throw new HelenException(dir + " has no checkpoint/best.pt yet (did its first epoch finish?)");
        }
        return new RunDirectory(dir, Json.read(m, JsonNode.class));
    }

    /** Whether the run in {@code dir} ended as diverged (its metrics.json says so). */
    public static boolean diverged(Path dir) {
        Path metrics = dir.resolve("metrics.json");
        return Files.isRegularFile(metrics) && "diverged".equals(Json.read(metrics, JsonNode.class).path("status").asText());
    }

    public Path dir() {
        return dir;
    }

    public JsonNode json() {
        return model;
    }

    public ModelConfig modelConfig() {
        try {
            return Json.MAPPER.treeToValue(model.get("model"), ModelConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HelenException(dir.resolve(MODEL_JSON) + ": unreadable model config: " + e.getOriginalMessage());
        }
    }

    public EncodedDataset data() {
        Path cache = Path.of(model.get("data_cache").asText());
        EncodedDataset d = EncodedDataset.open(cache);
        if (!d.fingerprint().equals(model.path("data_fingerprint").asText(d.fingerprint()))) {
            throw new HelenException("the encoded data in " + cache + " changed since the run was trained");
        }
        return d;
    }

    /** The model with the best checkpoint's weights, in the dtype it was trained in. */
    public CtrModel loadBest(EncodedDataset data) {
        ScalarType trained = "float64".equals(model.path("dtype").asText()) ? ScalarType.Double : ScalarType.Float;
        CtrModel m = Models.create(FeatureLayout.of(data), modelConfig(), model.path("seed").asLong(), trained);
        Checkpoints.loadModel(m, dir.resolve("checkpoint/best.pt"));
        return m;
    }
}
