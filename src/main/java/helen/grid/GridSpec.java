package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import helen.optim.Optimizers;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.util.HelenException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grid of training runs as YAML (the contract scripts outside the project use; keep it stable):
 * datasets with their base configs, models, optimizers with their axes (rho, xi; a scalar is a
 * fixed value), an embedding-L2 axis, seeds and an optional epochs override. Strict: an unknown key
 * is an error naming the file and the key. Paths are relative to the spec file.
 */
public record GridSpec(Path file, String name, Map<String, Dataset> datasets, List<String> models,
                       Map<String, Map<String, List<Double>>> optimizers, List<Double> l2, List<Long> seeds, Integer epochs) {
    /** One dataset: DIR/&lt;model&gt;.yaml is each model's base config; the data replaces the config's. */
    /**
     * @param written the data as the spec writes it, paths not yet resolved against the spec's directory or the
     *                data root. Run ids hash this, so that a grid planned from another checkout, or with the data
     *                under another root (a cluster and a laptop), names its runs the same and either can finish
     *                the other's.
     */
    public record Dataset(String name, Path configDir, String preset, Path spec, String label, Path train, Path valid, Path test,
                          TrainConfig.DataConfig written) {
    }

    private static final Set<String> TOP = Set.of("name", "datasets", "models", "optimizers", "l2", "seeds", "epochs");
    private static final Set<String> DATASET = Set.of("config_dir", "preset", "spec", "label", "train", "valid", "test");
    private static final Set<String> AXES = Set.of("rho", "xi");

    /**
     * A grid spec, its data paths relative to the spec's directory.
     *
     * @throws HelenException naming the file and the key for a missing file, an unknown key, optimizer or axis
     */
    public static GridSpec load(Path file) {
        return load(file, null);
    }

    /**
     * @param dataRoot where relative train/valid/test paths point (a BARS data root); null: the spec's directory,
     *                 as for every other path
     */
    public static GridSpec load(Path file, Path dataRoot) {
        JsonNode root;
        try {
            root = TrainConfigLoader.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new HelenException(file + ": " + (Files.exists(file) ? "unreadable YAML: "
                    + e.getMessage().lines().findFirst().orElse("") : "no such file"));
        }
        if (root == null || !root.isObject()) {
            throw new HelenException(file + ": a grid spec is a YAML mapping (name, datasets, models, optimizers, l2, seeds)");
        }
        keys(file, "", root, TOP);
        Path base = file.toAbsolutePath().getParent();
        Path data = dataRoot != null ? dataRoot.toAbsolutePath() : base;
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        JsonNode ds = required(file, root, "datasets");
        for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "datasets." + e.getKey();
            keys(file, at + ".", e.getValue(), DATASET);
            JsonNode d = e.getValue();
            if (d.has("preset") == d.has("spec")) {
                throw new HelenException(file + ": " + at + ": give exactly one of preset and spec");
            }
            String preset = d.path("preset").isMissingNode() ? null : d.get("preset").asText();
            String label = d.path("label").isMissingNode() ? null : d.get("label").asText();
            TrainConfig.DataConfig written = new TrainConfig.DataConfig(preset,
                    d.has("spec") ? Path.of(d.get("spec").asText()) : null, label, List.of(Path.of(d.path("train").asText())),
                    List.of(Path.of(d.path("valid").asText())), List.of(Path.of(d.path("test").asText())));
            datasets.put(e.getKey(), new Dataset(e.getKey(), path(file, base, d, at, "config_dir", true), preset,
                    path(file, base, d, at, "spec", false), label, path(file, data, d, at, "train", true),
                    path(file, data, d, at, "valid", true), path(file, data, d, at, "test", true), written));
        }
        if (datasets.isEmpty()) {
            throw new HelenException(file + ": datasets: at least one dataset");
        }
        List<String> models = new ArrayList<>();
        required(file, root, "models").forEach(m -> models.add(m.asText()));
        Map<String, Map<String, List<Double>>> optimizers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(file, root, "optimizers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Optimizers.contains(e.getKey()) && !e.getKey().equals(Optimizers.HELEN_WITH_NETWORK)) {
                throw new HelenException(file + ": optimizers." + e.getKey() + ": unknown optimizer (known: "
                        + String.join(", ", Optimizers.names()) + ", " + Optimizers.HELEN_WITH_NETWORK + ")");
            }
            keys(file, "optimizers." + e.getKey() + ".", e.getValue().isNull() ? TrainConfigLoader.YAML.createObjectNode()
                    : e.getValue(), AXES);
            Map<String, List<Double>> axes = new LinkedHashMap<>();
            if (e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(a -> axes.put(a.getKey(), numbers(file, "optimizers." + e.getKey() + "."
                        + a.getKey(), a.getValue())));
            }
            String optimizer = e.getKey().equals(Optimizers.HELEN_WITH_NETWORK) ? "helen" : e.getKey();
            if (axes.containsKey("xi") && !Optimizers.reads(optimizer, Optimizers.Setting.XI)) {
                throw new HelenException(file + ": optimizers." + e.getKey() + ".xi: only "
                        + String.join(", ", Optimizers.reading(Optimizers.Setting.XI)) + " have ξ");
            }
            if (axes.containsKey("rho") && !Optimizers.reads(optimizer, Optimizers.Setting.RHO)) {
                throw new HelenException(file + ": optimizers." + e.getKey() + ".rho: only "
                        + String.join(", ", Optimizers.reading(Optimizers.Setting.RHO)) + " have a radius");
            }
            optimizers.put(e.getKey(), axes);
        }
        List<Double> l2 = root.has("l2") ? numbers(file, "l2", root.get("l2")) : List.of();
        List<Long> seeds = new ArrayList<>();
        numbers(file, "seeds", required(file, root, "seeds")).forEach(v -> {
            if (v != Math.rint(v)) {
                throw new HelenException(file + ": seeds: " + v + " is not an integer");
            }
            seeds.add(v.longValue());
        });
        Integer epochs = root.has("epochs") ? root.get("epochs").asInt() : null;
        if (epochs != null && epochs < 1) {
            throw new HelenException(file + ": epochs: at least 1, got " + root.get("epochs"));
        }
        return new GridSpec(file, root.path("name").asText(file.getFileName().toString()), datasets, List.copyOf(models),
                optimizers, l2, List.copyOf(seeds), epochs);
    }

    /**
     * The same grid on some of its datasets and models only (null: all); the runs keep their ids.
     * Names not in the spec are an error naming them.
     */
    public GridSpec only(List<String> datasetNames, List<String> modelNames) {
        if (datasetNames != null) {
            for (String d : datasetNames) {
                if (!datasets.containsKey(d)) {
                    throw new HelenException("unknown dataset '" + d + "' (" + file + " has: " + String.join(", ", datasets.keySet()) + ")");
                }
            }
        }
        Map<String, Dataset> ds = new LinkedHashMap<>(datasets);
        ds.keySet().removeIf(d -> datasetNames != null && !datasetNames.contains(d));
        return new GridSpec(file, name, ds, models.stream().filter(m -> modelNames == null || modelNames.contains(m)).toList(),
                optimizers, l2, seeds, epochs);
    }

    /** The same grid without the datasets {@code drop} names. */
    public GridSpec without(java.util.Collection<String> drop) {
        Map<String, Dataset> ds = new LinkedHashMap<>(datasets);
        ds.keySet().removeAll(drop);
        return new GridSpec(file, name, ds, models, optimizers, l2, seeds, epochs);
    }

    private static void keys(Path file, String at, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new HelenException(file + ": " + (at.isEmpty() ? "the spec" : at.substring(0, at.length() - 1)) + ": expected a mapping");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new HelenException(file + ": unknown key '" + at + k + "' (allowed: " + String.join(", ",
                        new java.util.TreeSet<>(allowed)) + ")");
            }
        });
    }

    private static JsonNode required(Path file, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull() || n.isEmpty() && !n.isValueNode()) {
            throw new HelenException(file + ": '" + key + "' is required and not empty");
        }
        return n;
    }

    private static Path path(Path file, Path base, JsonNode d, String at, String key, boolean required) {
        if (!d.has(key)) {
            if (required) {
                throw new HelenException(file + ": " + at + "." + key + " is required");
            }
            return null;
        }
        return base.resolve(d.get(key).asText()).normalize();
    }

    /** A number or a list of numbers. */
    private static List<Double> numbers(Path file, String at, JsonNode n) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : n.isArray() ? n : List.of(n)) {
            if (!v.isNumber()) {
                throw new HelenException(file + ": " + at + ": '" + v.asText() + "' is not a number");
            }
            out.add(v.asDouble());
        }
        if (out.isEmpty()) {
            throw new HelenException(file + ": " + at + ": an empty list");
        }
        return List.copyOf(out);
    }
}
