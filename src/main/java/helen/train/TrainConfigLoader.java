package helen.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import helen.model.ModelConfig;
import helen.optim.OptimizerConfig;
import helen.optim.Optimizers;
import helen.util.HelenException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a training config (the schema of {@link TrainConfigFile}: {@code experiment},
 * {@code dataset}, {@code model}, {@code optimizer}, {@code training}). Jackson binds it; an unknown
 * key, a value of the wrong type or out of range is an error naming the file and the key.
 */
public final class TrainConfigLoader {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private TrainConfigLoader() {
    }

    /**
     * Defaults for every key: DeepFM, Adam 1e-3, batch 1024, 1 thread. Evaluation batches of 4,096
     * rows: as fast per row as 10,000 once warm, but their activations (6.5 MB for a 400-wide layer,
     * not 16) fit in the heap's free blocks after checkpoint I/O, where 10,000-row ones grew the
     * heap and faulted ~12,000 pages per batch; the peer's DeepFM, final evaluation of 2 × 20,000
     * rows, 4 alternating runs: 466–569 ms at 10,000, 342–390 ms at 4,096, 356–420 ms at 2,048.
     */
    public static TrainConfig defaults() {
        return new TrainConfig("run", new TrainConfig.DataConfig(null, null, null, List.of(), List.of(), List.of()),
                ModelConfig.defaults("deepfm"), OptimizerConfig.adam(1e-3), 1024, 4096, 10, 2, 2024, 1, "float32", "cpu");
    }

    /**
     * A training config file, over its {@code base:} files, with every key checked.
     *
     * @throws HelenException naming the file and the key for a missing file, a key that is unknown or of the
     *                        wrong type, a value out of range, or an unknown model or optimizer
     */
    public static TrainConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HelenException("config file not found: " + file);
        }
        String where = file.toString();
        TrainConfigFile f;
        try {
            JsonNode tree = withBase(file, new ArrayList<>());
            where = tree.has(BASE_SEEN) ? where + " (with its base " + tree.get(BASE_SEEN).asText() + ")" : where;
            ((ObjectNode) tree).remove(BASE_SEEN);
            f = YAML.treeToValue(tree, TrainConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> allowed = new TreeSet<>();
            e.getKnownPropertyIds().forEach(k -> allowed.add(k.toString()));
            allowed.remove("provenance");
            throw new HelenException(where + ": unknown key '" + path(e) + "' (allowed: " + String.join(", ", allowed) + ")");
        } catch (JsonMappingException e) {
            HelenException cause = helenCause(e);
            if (cause != null) {
                throw new HelenException(where + ": " + cause.getMessage(), cause);
            }
            throw new HelenException(where + ": key '" + path(e) + "' has a value of the wrong type ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new HelenException(where + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (f == null) {
            throw new HelenException(where + ": expected a mapping at the top level");
        }
        TrainConfig c;
        try {
            c = f.toConfig(file.getFileName().toString().replaceAll("\\.ya?ml$", ""));
        } catch (HelenException e) {
            throw new HelenException(where + ": " + e.getMessage(), e);
        }
        if (!Optimizers.contains(c.optimizer().name())) {
            throw new HelenException(where + ": key 'optimizer.name' has unknown value '" + c.optimizer().name()
                    + "' (known: " + String.join(", ", Optimizers.names()) + ")");
        }
        validate(c, where);
        return c;
    }

    /** The key naming a config's base file, relative to the config's directory (FuxiCTR's {@code Base} idea). */
    static final String BASE = "base";
    /** Left in a merged tree for the error messages: the base files it came from. */
    private static final String BASE_SEEN = "\u0000base";

    /**
     * {@code file}'s YAML, over the YAML of its {@code base:} file (and that file's base, in turn): mappings
     * merge key by key, anything else in the config replaces the base's value. The configs of one dataset
     * share their data, optimizer and training keys this way; what a config resolves to is the same as if
     * it wrote every key itself.
     *
     * @throws HelenException for a base that is missing, not a mapping, or one of its own bases
     */
    private static JsonNode withBase(Path file, List<Path> chain) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (chain.contains(abs)) {
            throw new HelenException(chain.get(0) + ": key 'base': " + file + " is its own base (through " + chain + ")");
        }
        chain.add(abs);
        JsonNode tree = YAML.readTree(file.toFile());
        if (tree == null || !tree.isObject()) {
            throw new HelenException(file + ": expected a mapping at the top level");
        }
        JsonNode base = tree.get(BASE);
        if (base == null) {
            return tree;
        }
        if (!base.isTextual()) {
            throw new HelenException(file + ": key 'base' must name a file, got " + base);
        }
        Path baseFile = abs.getParent().resolve(base.asText());
        if (!Files.isRegularFile(baseFile)) {
            throw new HelenException(file + ": key 'base': no such file " + baseFile);
        }
        ObjectNode merged = (ObjectNode) withBase(baseFile, chain);
        ObjectNode own = ((ObjectNode) tree).deepCopy();
        own.remove(BASE);
        merge(merged, own);
        String seen = merged.has(BASE_SEEN) ? merged.get(BASE_SEEN).asText() + ", " : "";
        merged.put(BASE_SEEN, seen + base.asText());
        return merged;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode mine = into.get(e.getKey());
            if (mine != null && mine.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) mine, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    /** {@code c} in the config-file schema, with its provenance: what config.resolved.yaml holds. */
    public static String toYaml(TrainConfig c, JsonNode provenance) {
        try {
            return YAML.writeValueAsString(TrainConfigFile.of(c, provenance));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void validate(TrainConfig c, String where) {
        ConfigRules.check(c, key -> where + ": key '" + key + "'");
    }

    /** The dotted key a Jackson error points at, e.g. optimizer.lr. */
    private static String path(JsonMappingException e) {
        List<String> keys = new ArrayList<>();
        e.getPath().forEach(r -> {
            if (r.getFieldName() != null) {
                keys.add(r.getFieldName());
            }
        });
        return String.join(".", keys);
    }

    private static HelenException helenCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HelenException h) {
                return h;
            }
        }
        return null;
    }
}
