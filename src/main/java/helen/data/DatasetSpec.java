package helen.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's format and features, loaded from YAML (FuxiCTR style) by {@link SpecLoader}.
 *
 * @param name      dataset id, e.g. criteo_x4
 * @param delimiter column separator
 * @param header    whether the first line of every file names the columns
 * @param columns   column names when the files have no header, else null
 * @param label     the 0/1 label column
 * @param minCount  tokens seen fewer times in the training split map to the OOV row
 * @param split     how one file is cut when no separate valid/test files are given
 * @param features  the model's fields, in order
 * @param emptyFieldsAllowed whether a field with no value in the training split is only a warning
 *                  (the generic preset, which cannot know its columns in advance) instead of an error
 */
public record DatasetSpec(String name, char delimiter, boolean header, List<String> columns, String label,
                          int minCount, SplitSpec split, List<FeatureSpec> features, boolean emptyFieldsAllowed) {

    public DatasetSpec {
        features = List.copyOf(features);
        columns = columns == null ? null : List.copyOf(columns);
    }

    /** The same spec with another default min_count (features with their own keep theirs). */
    public DatasetSpec withMinCount(int newMinCount) {
        return new DatasetSpec(name, delimiter, header, columns, label, newMinCount, split, features, emptyFieldsAllowed);
    }

    public DatasetSpec withLabel(String newLabel) {
        return new DatasetSpec(name, delimiter, header, columns, newLabel, minCount, split, features, emptyFieldsAllowed);
    }

    public int minCountOf(FeatureSpec f) {
        return f.minCount() != null ? f.minCount() : minCount;
    }

    /** Total id slots of an encoded row. */
    public int rowWidth() {
        return features.stream().mapToInt(FeatureSpec::width).sum();
    }

    /** Table names in first-use order; a shared table appears once. */
    public List<String> tables() {
        List<String> t = new ArrayList<>();
        for (FeatureSpec f : features) {
            if (!t.contains(f.table())) {
                t.add(f.table());
            }
        }
        return t;
    }

    /** A stable, order-preserving description used to key the encoded cache. */
    public Map<String, Object> canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("delimiter", String.valueOf(delimiter));
        m.put("header", header);
        m.put("columns", columns);
        m.put("label", label);
        m.put("min_count", minCount);
        m.put("split", List.of(split.train(), split.valid(), split.test(), split.seed()));
        List<Object> fs = new ArrayList<>();
        for (FeatureSpec f : features) {
            fs.add(List.of(f.name(), f.source(), f.type().name(), f.transform().name(), String.valueOf(f.separator()),
                    f.maxLen(), String.valueOf(f.shareVocabWith()), String.valueOf(f.minCount()), String.valueOf(f.naValue())));
        }
        m.put("features", fs);
        return m;
    }
}
