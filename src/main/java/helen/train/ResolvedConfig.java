package helen.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A run's {@code config.resolved.yaml}: the exact {@link TrainConfig} it trains with (after flags),
 * plus its provenance. A resumed run is compared with it, so that a run never continues under
 * settings other than those its records state.
 */
public final class ResolvedConfig {
    public static final String FILE = "config.resolved.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ResolvedConfig() {
    }

    public static void write(Path runDir, TrainConfig c) {
        ObjectNode tree = tree(c);
        tree.set("provenance", Provenance.stamp());
        try {
            AtomicFiles.writeString(runDir.resolve(FILE), YAML.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config a run was written with. */
    public static TrainConfig read(Path runDir) {
        try {
            return YAML.treeToValue(settings(runDir), TrainConfig.class);
        } catch (JsonProcessingException e) {
            throw new HelenException(runDir.resolve(FILE) + ": unreadable config: " + e.getOriginalMessage());
        }
    }

    /**
     * The settings of {@code c} that differ from the run's, as {@code key: old -> new}; empty when
     * they are the same.
     */
    public static List<String> differences(Path runDir, TrainConfig c) {
        List<String> out = new ArrayList<>();
        diff("", settings(runDir), tree(c), out);
        return out;
    }

    private static JsonNode settings(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new HelenException(runDir + " has no " + FILE + " (not a helen run directory?)");
        }
        try {
            JsonNode n = YAML.readTree(f.toFile());
            if (n == null || !n.isObject()) {
                throw new HelenException(f + ": not a mapping");
            }
            ((ObjectNode) n).remove("provenance");
            return n;
        } catch (IOException e) {
            throw new HelenException(f + ": unreadable YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The settings as the YAML file holds them (round-tripped, so that number types compare equal). */
    private static ObjectNode tree(TrainConfig c) {
        try {
            return (ObjectNode) YAML.readTree(YAML.writeValueAsString(YAML.valueToTree(c)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
        } else if (a == null || b == null || !a.equals(b)) {
            out.add(path + ": " + show(a) + " -> " + show(b));
        }
    }

    private static String show(JsonNode n) {
        return n == null || n.isNull() ? "(unset)" : n.isValueNode() ? n.asText() : n.toString();
    }
}
