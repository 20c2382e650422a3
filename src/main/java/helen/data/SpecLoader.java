package helen.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import helen.util.HelenException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a dataset spec from YAML. Every key is checked: an unknown or misspelt key is an error
 * naming the file and the key (FuxiCTR's **kwargs would swallow it silently).
 *
 * <pre>
 * name: criteo_x4
 * delimiter: ","          # "\t" for tab
 * header: true            # or columns: [label, I1, ...] for files without a header
 * label: Label
 * min_count: 10
 * split: {train: 0.8, valid: 0.1, test: 0.1, seed: 2024}
 * features:
 *   - {name: [I1, I2], type: bucketized, transform: criteo_log_square}
 *   - {name: [C1, C2], type: categorical}
 *   - {name: hist, type: sequence, separator: "^", max_len: 50, share_vocab_with: item}
 * </pre>
 */
public final class SpecLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> DATASET_KEYS = Set.of("name", "description", "delimiter", "header", "columns",
            "label", "min_count", "split", "features");
    private static final Set<String> FEATURE_KEYS = Set.of("name", "source", "type", "transform", "separator",
            "max_len", "share_vocab_with", "min_count", "na_value");
    private static final Set<String> SPLIT_KEYS = Set.of("train", "valid", "test", "seed");

    private SpecLoader() {
    }

    /**
     * A dataset spec file.
     *
     * @throws HelenException naming the file and the key for a missing file, an unknown key or a bad value
     */
    public static DatasetSpec load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HelenException("spec file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new HelenException("cannot read spec " + file + ": " + e.getMessage(), e);
        }
    }

    public static DatasetSpec parse(InputStream in, String where) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new HelenException(where + ": not valid YAML: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new HelenException(where + ": expected a mapping at the top level");
        }
        checkKeys(root, DATASET_KEYS, where, "");
        String name = text(root, "name", where, "dataset");
        String delim = root.has("delimiter") ? root.get("delimiter").asText() : ",";
        if (delim.equals("\\t")) {
            delim = "\t";
        }
        if (delim.length() != 1) {
            throw new HelenException(where + ": key 'delimiter' must be one character, got '" + delim + "'");
        }
        boolean header = !root.has("header") || root.get("header").asBoolean();
        List<String> columns = null;
        if (root.has("columns")) {
            columns = new ArrayList<>();
            for (JsonNode c : root.get("columns")) {
                columns.add(c.asText());
            }
        }
        if (!header && columns == null) {
            throw new HelenException(where + ": 'header: false' needs a 'columns' list");
        }
        String label = text(root, "label", where, "label");
        int minCount = root.has("min_count") ? positiveInt(root.get("min_count"), where, "min_count") : 1;
        SplitSpec split = SplitSpec.ALL_TRAIN;
        if (root.has("split")) {
            JsonNode s = root.get("split");
            checkKeys(s, SPLIT_KEYS, where, "split.");
            split = new SplitSpec(s.path("train").asDouble(0.8), s.path("valid").asDouble(0.1),
                    s.path("test").asDouble(0.1), s.path("seed").asLong(2024));
            if (split.train() <= 0 || split.valid() < 0 || split.test() < 0) {
                throw new HelenException(where + ": key 'split' needs train > 0 and valid, test >= 0");
            }
        }
        if (!root.has("features") || !root.get("features").isArray() || root.get("features").isEmpty()) {
            throw new HelenException(where + ": key 'features' must be a non-empty list");
        }
        List<FeatureSpec> features = new ArrayList<>();
        int i = 0;
        for (JsonNode f : root.get("features")) {
            features.addAll(feature(f, where, "features[" + i++ + "]."));
        }
        DatasetSpec spec = new DatasetSpec(name, delim.charAt(0), header, columns, label, minCount, split, features, false);
        validate(spec, where);
        return spec;
    }

    private static List<FeatureSpec> feature(JsonNode f, String where, String path) {
        if (!f.isObject()) {
            throw new HelenException(where + ": " + path + " must be a mapping");
        }
        checkKeys(f, FEATURE_KEYS, where, path);
        List<String> names = new ArrayList<>();
        JsonNode n = f.get("name");
        if (n == null) {
            throw new HelenException(where + ": " + path + "name is missing");
        }
        if (n.isArray()) {
            n.forEach(x -> names.add(x.asText()));
        } else {
            names.add(n.asText());
        }
        if (names.size() > 1 && f.has("source")) {
            throw new HelenException(where + ": " + path + "source cannot be given for a list of names");
        }
        FeatureType type = enumValue(FeatureType.class, f.path("type").asText("categorical"), where, path + "type");
        Transform transform = enumValue(Transform.class, f.path("transform").asText("none"), where, path + "transform");
        if (type == FeatureType.BUCKETIZED && transform == Transform.NONE) {
            transform = Transform.CRITEO_LOG_SQUARE;
        }
        String sep = f.has("separator") ? f.get("separator").asText() : null;
        int maxLen = f.has("max_len") ? positiveInt(f.get("max_len"), where, path + "max_len") : 1;
        if (type == FeatureType.SEQUENCE && (sep == null || sep.isEmpty())) {
            throw new HelenException(where + ": " + path + "separator is required for a sequence field");
        }
        if (type != FeatureType.SEQUENCE && f.has("max_len")) {
            throw new HelenException(where + ": " + path + "max_len is only for sequence fields");
        }
        if (type == FeatureType.SEQUENCE && !f.has("max_len")) {
            maxLen = 50;
        }
        String share = f.has("share_vocab_with") ? f.get("share_vocab_with").asText() : null;
        Integer minCount = f.has("min_count") ? positiveInt(f.get("min_count"), where, path + "min_count") : null;
        String na = f.has("na_value") ? f.get("na_value").asText() : null;
        List<FeatureSpec> out = new ArrayList<>();
        for (String name : names) {
            String source = f.has("source") ? f.get("source").asText() : name;
            out.add(new FeatureSpec(name, source, type, transform, sep, maxLen, share, minCount, na));
        }
        return out;
    }

    private static void validate(DatasetSpec spec, String where) {
        Set<String> seen = new HashSet<>();
        for (FeatureSpec f : spec.features()) {
            if (!seen.add(f.name())) {
                throw new HelenException(where + ": feature '" + f.name() + "' is defined twice");
            }
            if (f.source().equals(spec.label())) {
                throw new HelenException(where + ": feature '" + f.name() + "' reads the label column '" + spec.label() + "'");
            }
        }
        for (FeatureSpec f : spec.features()) {
            if (f.shareVocabWith() != null) {
                FeatureSpec owner = spec.features().stream().filter(o -> o.name().equals(f.shareVocabWith()))
                        .findFirst().orElseThrow(() -> new HelenException(where + ": feature '" + f.name()
                                + "' shares the vocabulary of unknown feature '" + f.shareVocabWith() + "'"));
                if (owner.shareVocabWith() != null) {
                    throw new HelenException(where + ": feature '" + f.name() + "' shares with '" + owner.name()
                            + "', which itself shares: point to the owning feature");
                }
            }
        }
        if (spec.columns() != null) {
            for (FeatureSpec f : spec.features()) {
                if (!spec.columns().contains(f.source())) {
                    throw new HelenException(where + ": feature '" + f.name() + "' reads column '" + f.source()
                            + "', which is not in 'columns'");
                }
            }
        }
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new HelenException(where + ": unknown key '" + path + k + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static String text(JsonNode root, String key, String where, String what) {
        JsonNode n = root.get(key);
        if (n == null || n.asText().isEmpty()) {
            throw new HelenException(where + ": key '" + key + "' (the " + what + " name) is missing");
        }
        return n.asText();
    }

    private static int positiveInt(JsonNode n, String where, String key) {
        if (!n.canConvertToInt() || n.asInt() < 1) {
            throw new HelenException(where + ": key '" + key + "' must be a positive integer, got '" + n.asText() + "'");
        }
        return n.asInt();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String where, String key) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new HelenException(where + ": key '" + key + "' has unknown value '" + value + "' (allowed: "
                    + String.join(", ", allowed) + ")");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
