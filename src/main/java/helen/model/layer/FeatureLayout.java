package helen.model.layer;

import helen.data.EncodedDataset;
import helen.data.EncodedField;

import java.util.List;

/**
 * What a model needs to know about its input: the fields (offset and width in an encoded row,
 * one-hot or multi-hot, which table) and the number of rows of every table.
 */
public record FeatureLayout(List<EncodedField> fields, List<String> tables, int[] tableRows) {
    public FeatureLayout {
        fields = List.copyOf(fields);
        tables = List.copyOf(tables);
        tableRows = tableRows.clone();
    }

    public static FeatureLayout of(EncodedDataset d) {
        int[] rows = new int[d.tables().size()];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = d.tableRows(t);
        }
        return new FeatureLayout(d.fields(), d.tables(), rows);
    }

    public int numFields() {
        return fields.size();
    }

    public int rowWidth() {
        EncodedField last = fields.get(fields.size() - 1);
        return last.offset() + last.width();
    }
}
