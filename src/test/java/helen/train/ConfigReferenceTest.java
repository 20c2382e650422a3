package helen.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import helen.model.ModelRegistry;
import helen.optim.Optimizers;
import helen.util.Json;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/reference/config.md against the schema the loader binds: the keys it lists are exactly the keys
 * a config may have (the config file's records, every model's common and own keys, every optimizer's own
 * keys, and {@code base}), and every default it shows is the value {@link TrainConfigLoader#defaults()} and
 * the model and optimizer registries use.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("docs/reference/config.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_.]+)` \\| [^|]* \\| ([^|]*) \\|");

    /** key → the default cell as written ("—" for none). */
    private static Map<String, String> documented() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                out.put(m.group(1), m.group(2).trim());
            }
        }
        return out;
    }

    private static TreeSet<String> jsonNames(Class<?> record, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class); // Jackson's annotation lands on the accessor
            out.add(prefix + (p != null ? p.value() : c.getName()));
        }
        return out;
    }

    /** Every key a config file may hold, from the records Jackson binds and the model registry. */
    private static TreeSet<String> schemaKeys() throws Exception {
        TreeSet<String> keys = jsonNames(TrainConfigFile.class, "");
        keys.removeAll(java.util.List.of("dataset", "model", "optimizer", "training")); // sections: their keys are listed
        keys.add("base");
        keys.addAll(jsonNames(TrainConfigFile.Dataset.class, "dataset."));
        keys.addAll(jsonNames(TrainConfigFile.Optimizer.class, "optimizer."));
        keys.remove("optimizer.own"); // the optimizer's own keys, bound to its registry entry's record:
        for (String o : Optimizers.names()) {
            jsonNames(Optimizers.get(o).options().getClass(), "optimizer.").forEach(keys::add);
        }
        keys.addAll(jsonNames(TrainConfigFile.Training.class, "training."));
        keys.addAll(jsonNames(Class.forName("helen.model.ModelConfigJson$Common"), "model."));
        for (String m : ModelRegistry.names()) {
            Json.MAPPER.valueToTree(ModelRegistry.get(m).defaultOptions()).fieldNames().forEachRemaining(k -> keys.add("model." + k));
        }
        return keys;
    }

    @Test
    void theReferenceListsExactlyTheKeysAConfigMayHave() throws Exception {
        assertEquals(schemaKeys(), new TreeSet<>(documented().keySet()), DOC + " against the config schema");
    }

    @Test
    void everyDefaultShownIsTheDefaultInForce() throws Exception {
        Map<String, String> defaults = new TreeMap<>();
        flatten(Json.MAPPER.valueToTree(TrainConfigFile.of(TrainConfigLoader.defaults(), null)), "", defaults);
        defaults.put("training.device", TrainConfigLoader.defaults().device()); // written only when not the CPU
        for (String m : ModelRegistry.names()) {
            flatten(Json.MAPPER.valueToTree(ModelRegistry.get(m).defaultOptions()), "model.", defaults);
        }
        for (String o : Optimizers.names()) {
            flatten(Json.MAPPER.valueToTree(Optimizers.get(o).options()), "optimizer.", defaults);
        }
        Map<String, String> shown = new TreeMap<>();
        documented().forEach((k, v) -> {
            if (v.startsWith("`")) {
                shown.put(k, v.replace("`", "").replace(" ", ""));
            }
        });
        Map<String, String> inForce = new TreeMap<>();
        documented().keySet().forEach(k -> {
            if (defaults.containsKey(k)) {
                inForce.put(k, defaults.get(k).replace(" ", ""));
            }
        });
        assertEquals(inForce, shown, "defaults in " + DOC + " (a key without one shows —)");
    }

    private static void flatten(JsonNode n, String prefix, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), prefix + e.getKey() + ".", out);
            } else if (!e.getValue().isNull()) {
                out.put(prefix + e.getKey(), e.getValue().isArray() ? e.getValue().toString() : e.getValue().asText());
            }
        }
    }
}
