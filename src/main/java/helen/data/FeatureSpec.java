package helen.data;

/**
 * One model input field: which column it reads, how the value becomes tokens, and which
 * embedding table it uses.
 *
 * @param name          the field's name (also its embedding table's name unless shared)
 * @param source        the raw column it reads (several fields may read one column, e.g. Avazu hour)
 * @param type          categorical, bucketized or sequence
 * @param transform     the value rewrite applied before counting
 * @param separator     the token separator of a sequence field
 * @param maxLen        a sequence field's length after truncation (the last maxLen tokens are kept)
 * @param shareVocabWith name of the field whose table (and vocabulary) this field uses, or null
 * @param minCount      per-field override of the dataset's min count, or null
 * @param naValue       value substituted for an empty cell before the transform, or null to keep
 *                      missing as its own token
 */
public record FeatureSpec(String name, String source, FeatureType type, Transform transform,
                          String separator, int maxLen, String shareVocabWith, Integer minCount,
                          String naValue) {

    /** Number of id slots this field takes in an encoded row. */
    public int width() {
        return type == FeatureType.SEQUENCE ? maxLen : 1;
    }

    /** The embedding table this field reads. */
    public String table() {
        return shareVocabWith != null ? shareVocabWith : name;
    }

    public static FeatureSpec categorical(String name) {
        return new FeatureSpec(name, name, FeatureType.CATEGORICAL, Transform.NONE, null, 1, null, null, null);
    }
}
