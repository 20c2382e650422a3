package helen.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import helen.util.HelenException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's {@code config.resolved.yaml} as its readers see it: the settings the run trained with, every
 * default filled in, read-only. Training writes it (and reads it back to resume) through its own schema
 * ({@code helen.train.ResolvedConfig}); reports read the few settings they print here, by key.
 */
public final class ResolvedConfigFile {
    public static final String FILE = "config.resolved.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final JsonNode tree;

    private ResolvedConfigFile(JsonNode tree) {
        this.tree = tree;
    }

    /**
     * The resolved config of {@code runDir}; empty where the run has none.
     *
     * @throws HelenException naming the file where it is not YAML
     */
    public static Optional<ResolvedConfigFile> read(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ResolvedConfigFile(YAML.readTree(f.toFile())));
        } catch (IOException e) {
            throw new HelenException(f + ": unreadable YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The initial learning rate (optimizer.lr); NaN where the file has none. */
    public double lr() {
        return number(tree.path("optimizer").path("lr"));
    }

    /** The L2 weight on the embeddings (model.embedding_regularizer); NaN where the file has none. */
    public double embeddingRegularizer() {
        return number(tree.path("model").path("embedding_regularizer"));
    }

    /** The most epochs the run may train (training.epochs); NaN where the file has none. */
    public double epochs() {
        return number(tree.path("training").path("epochs"));
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
