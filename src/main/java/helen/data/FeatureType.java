package helen.data;

/** How a raw column becomes embedding-table rows. */
public enum FeatureType {
    /** One token per sample: the raw string. */
    CATEGORICAL,
    /** A number turned into a token by a {@link Transform} (e.g. Criteo's floor(ln(v)^2)). */
    BUCKETIZED,
    /** Multi-hot: a separator-joined list of tokens, truncated to max_len (the most recent kept). */
    SEQUENCE
}
