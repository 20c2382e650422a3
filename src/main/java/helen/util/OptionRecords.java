package helen.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records that hold one model's or one optimizer's own keys, bound from and written to the flat
 * config section they share with the common keys: strictly (an unknown key or a value of the wrong type
 * is an error naming the key as {@code SECTION.KEY}), with nulls left out when written.
 */
public final class OptionRecords {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private OptionRecords() {
    }

    /** The config keys of record {@code kind}: its components' JSON names. */
    public static Set<String> keys(Class<?> kind) {
        Set<String> out = new TreeSet<>();
        for (RecordComponent c : kind.getRecordComponents()) {
            JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class); // Jackson's annotation lands on the accessor
            out.add(p != null ? p.value() : c.getName());
        }
        return out;
    }

    /**
     * @param values  the keys of the section that belong to the record (a map or a JSON object)
     * @param kind    the record
     * @param section the config section, for the messages ({@code model}, {@code optimizer})
     * @throws HelenException naming the key ({@code section.KEY}) that is unknown or has a value of the wrong type,
     *                        or the record's own check
     */
    public static <T> T bind(Object values, Class<T> kind, String section) {
        ObjectNode n = STRICT.valueToTree(values);
        try {
            return STRICT.treeToValue(n, kind);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof HelenException h) {
                throw h;
            }
            List<String> path = new ArrayList<>();
            e.getPath().forEach(r -> {
                if (r.getFieldName() != null) {
                    path.add(r.getFieldName());
                }
            });
            String key = path.isEmpty() ? section : section + "." + path.get(0);
            JsonNode v = path.isEmpty() ? null : n.get(path.get(0));
            throw new HelenException("key '" + key + "' has a value of the wrong type"
                    + (v == null ? "" : ": '" + v.asText(v.toString()) + "'"));
        } catch (IOException e) {
            throw new HelenException(section + " section: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The record's keys and values in declaration order, nulls left out. */
    public static Map<String, Object> write(Object record) {
        Map<String, Object> out = new LinkedHashMap<>();
        STRICT.valueToTree(record).fields().forEachRemaining(e -> out.put(e.getKey(), STRICT.convertValue(e.getValue(), Object.class)));
        return out;
    }
}
