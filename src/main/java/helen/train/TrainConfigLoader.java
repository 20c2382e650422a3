package helen.train;

import helen.optim.OptimizerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import helen.model.ModelConfig;
import helen.util.HelenException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a training config. Sections: {@code experiment}, {@code dataset}, {@code model},
 * {@code optimizer}, {@code training}; every key is checked, and an unknown one is an error naming
 * the file and the key. Data paths are relative to the working directory.
 */
public final class TrainConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("experiment", "description", "dataset", "model", "optimizer", "training");
    private static final Set<String> DATASET = Set.of("preset", "spec", "label", "train", "valid", "test");
    private static final Set<String> MODEL = Set.of("name", "embedding_dim", "hidden_units", "activation", "dropout",
            "batch_norm", "embedding_regularizer", "net_regularizer", "pooling", "cross_layers", "structure",
            "embedding_init_std", "cin_hidden_units");
    private static final Set<String> OPTIMIZER = Set.of("name", "lr", "rho", "xi", "eta", "frequency", "normalize");
    private static final Set<String> TRAINING = Set.of("batch_size", "eval_batch_size", "epochs", "patience", "seed",
            "threads", "dtype");

    /** Keys whose value must be a number (YAML 1.1 reads 1e-3 as text; that still counts when it parses). */
    private static final Set<String> NUMERIC = Set.of("embedding_dim", "dropout", "embedding_regularizer", "net_regularizer",
            "cross_layers", "embedding_init_std", "lr", "rho", "xi", "eta", "batch_size", "eval_batch_size", "epochs",
            "patience", "seed", "threads");

    private TrainConfigLoader() {
    }

    /** Defaults for every key: DeepFM, Adam 1e-3, batch 1024, 1 thread. */
    public static TrainConfig defaults() {
        return new TrainConfig("run", new TrainConfig.DataConfig(null, null, null, List.of(), List.of(), List.of()),
                ModelConfig.defaults("deepfm"), OptimizerConfig.adam(1e-3),
                1024, 10000, 10, 2, 2024, 1, "float32");
    }

    public static TrainConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HelenException("config file not found: " + file);
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new HelenException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        String where = file.toString();
        if (root == null || !root.isObject()) {
            throw new HelenException(where + ": expected a mapping at the top level");
        }
        check(root, TOP, where, "");
        TrainConfig d = defaults();
        JsonNode ds = section(root, "dataset", DATASET, where);
        TrainConfig.DataConfig data = new TrainConfig.DataConfig(text(ds, "preset", null),
                ds.has("spec") ? Path.of(ds.get("spec").asText()) : null, text(ds, "label", null),
                paths(ds.get("train")), paths(ds.get("valid")), paths(ds.get("test")));
        JsonNode m = section(root, "model", MODEL, where);
        ModelConfig dm = d.model();
        String name = text(m, "name", dm.name());
        if (!helen.model.ModelRegistry.contains(name)) {
            throw new HelenException(where + ": key 'model.name' has unknown value '" + name + "' (known: "
                    + String.join(", ", helen.model.ModelRegistry.names()) + ")");
        }
        List<Integer> hidden = new ArrayList<>();
        if (m.has("hidden_units")) {
            m.get("hidden_units").forEach(h -> hidden.add(h.asInt()));
        } else {
            hidden.addAll(dm.hiddenUnits());
        }
        String activation = text(m, "activation", dm.activation()).toLowerCase();
        if (!Set.of("relu", "tanh", "sigmoid").contains(activation)) {
            throw new HelenException(where + ": key 'model.activation' must be relu, tanh or sigmoid, got '" + activation + "'");
        }
        String pooling = text(m, "pooling", dm.pooling());
        String structure = text(m, "structure", dm.structure());
        if (!Set.of("mean", "sum").contains(pooling) || !Set.of("parallel", "stacked").contains(structure)) {
            throw new HelenException(where + ": 'model.pooling' is mean|sum and 'model.structure' is parallel|stacked");
        }
        ModelConfig model = new ModelConfig(name, m.path("embedding_dim").asInt(dm.embeddingDim()), hidden, activation,
                m.path("dropout").asDouble(dm.dropout()), m.path("batch_norm").asBoolean(dm.batchNorm()),
                m.path("embedding_regularizer").asDouble(0), m.path("net_regularizer").asDouble(0), pooling,
                m.path("cross_layers").asInt(dm.crossLayers()), structure, m.path("embedding_init_std").asDouble(1e-4),
                m.has("cin_hidden_units") ? ints(m.get("cin_hidden_units")) : dm.cinHiddenUnits());
        JsonNode o = section(root, "optimizer", OPTIMIZER, where);
        OptimizerConfig opt = new OptimizerConfig(text(o, "name", "adam"),
                o.path("lr").asDouble(1e-3), o.has("rho") ? o.get("rho").asDouble() : null,
                o.has("xi") ? o.get("xi").asDouble() : null, o.path("eta").asDouble(0.01),
                text(o, "frequency", "batch"), text(o, "normalize", "field"));
        if (!helen.optim.Optimizers.contains(opt.name())) {
            throw new HelenException(where + ": key 'optimizer.name' has unknown value '" + opt.name() + "' (known: "
                    + String.join(", ", helen.optim.Optimizers.names()) + ")");
        }
        if (!Set.of("batch", "dataset").contains(opt.frequency()) || !Set.of("field", "row").contains(opt.normalize())) {
            throw new HelenException(where + ": 'optimizer.frequency' is batch|dataset and 'optimizer.normalize' is field|row");
        }
        JsonNode t = section(root, "training", TRAINING, where);
        String dtype = text(t, "dtype", "float32");
        if (!Set.of("float32", "float64").contains(dtype)) {
            throw new HelenException(where + ": key 'training.dtype' must be float32 or float64");
        }
        TrainConfig c = new TrainConfig(text(root, "experiment", file.getFileName().toString().replaceAll("\\.ya?ml$", "")),
                data, model, opt, t.path("batch_size").asInt(d.batchSize()), t.path("eval_batch_size").asInt(d.evalBatchSize()),
                t.path("epochs").asInt(d.epochs()), t.path("patience").asInt(d.patience()), t.path("seed").asLong(d.seed()),
                t.path("threads").asInt(d.threads()), dtype);
        validate(c, where);
        return c;
    }

    static void validate(TrainConfig c, String where) {
        ConfigRules.check(c, key -> where + ": key '" + key + "'");
    }

    private static JsonNode section(JsonNode root, String key, Set<String> allowed, String where) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return YAML.createObjectNode();
        }
        if (!n.isObject()) {
            throw new HelenException(where + ": key '" + key + "' must be a mapping");
        }
        check(n, allowed, where, key + ".");
        for (java.util.Map.Entry<String, JsonNode> e : (Iterable<java.util.Map.Entry<String, JsonNode>>) n::fields) {
            if (NUMERIC.contains(e.getKey()) && !isNumber(e.getValue())) {
                throw new HelenException(where + ": key '" + key + "." + e.getKey() + "' must be a number, got '"
                        + e.getValue().asText() + "'");
            }
        }
        return n;
    }

    private static void check(JsonNode node, Set<String> allowed, String where, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new HelenException(where + ": unknown key '" + path + k + "' (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static List<Integer> ints(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static boolean isNumber(JsonNode v) {
        if (v.isNumber() || v.isNull()) {
            return true;
        }
        try {
            Double.parseDouble(v.asText().strip());
            return v.isTextual();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(JsonNode n, String key, String def) {
        return n.has(key) && !n.get(key).isNull() ? n.get(key).asText() : def;
    }

    private static List<Path> paths(JsonNode n) {
        List<Path> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(p -> out.add(Path.of(p.asText())));
        } else {
            out.add(Path.of(n.asText()));
        }
        return out;
    }
}
