package helen.data;

/**
 * A field as laid out in an encoded row: ids occupy [offset, offset + width) and index the rows
 * of table {@code table} (several fields share a table when their vocabularies are shared).
 */
public record EncodedField(String name, String table, int tableIndex, FeatureType type, int width, int offset) {
    public boolean multiHot() {
        return type == FeatureType.SEQUENCE;
    }
}
