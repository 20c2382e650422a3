package helen.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.results.ResolvedConfigFile;
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
 * in the config-file schema (so it can be given back to {@code --config}), plus its provenance. A
 * resumed run is compared with it, so that a run never continues under settings other than those
 * its records state.
 */
public final class ResolvedConfig {
    public static final String FILE = ResolvedConfigFile.FILE;

    private ResolvedConfig() {
    }

    public static void write(Path runDir, TrainConfig c) {
        AtomicFiles.writeString(runDir.resolve(FILE), TrainConfigLoader.toYaml(c, Provenance.stamp()));
    }

    /** The config a run was written with. */
    public static TrainConfig read(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new HelenException(runDir + " has no " + FILE + " (not a helen run directory?)");
        }
        try {
            if (!TrainConfigLoader.YAML.readTree(f.toFile()).has("training")) {
                throw new HelenException(f + " was written by helen 0.1 (another schema); resume the run with that version "
                        + "or start a new one");
            }
        } catch (IOException e) {
            throw new HelenException(f + ": unreadable YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return TrainConfigLoader.load(f);
    }

    /**
     * The settings of {@code c} that differ from the run's, as {@code key: old -> new}; empty when
     * they are the same. Both sides go through the same schema, so only values are compared.
     */
    public static List<String> differences(Path runDir, TrainConfig c) {
        List<String> out = new ArrayList<>();
        diff("", tree(read(runDir)), tree(c), out);
        return out;
    }

    /**
     * A stable id of what a run computes: the first 12 hex digits of the SHA-256 of its resolved
     * settings (data paths, model, optimizer, seed, epochs, batch), leaving out the thread count,
     * which a grid sets from its parallelism.
     */
    public static String id(TrainConfig c) {
        ObjectNode n = (ObjectNode) tree(c);
        if (n.get("training") instanceof ObjectNode t) {
            t.remove("threads");
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(n.toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(TrainConfig c) {
        try {
            ObjectNode n = (ObjectNode) TrainConfigLoader.YAML.readTree(TrainConfigLoader.toYaml(c, null));
            n.remove("provenance");
            return n;
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
