package helen.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One embedding table's rows: row 0 is padding (empty sequence slots), row 1 is OOV (tokens below
 * min count in the training split, and tokens never seen there), rows 2.. are the kept tokens by
 * descending training frequency (ties by token hash, so the order is deterministic).
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int OOV = 1;
    private final String table;
    private final LongIntHashMap rowOf;
    private final String[] tokens;

    private Vocabulary(String table, LongIntHashMap rowOf, String[] tokens) {
        this.table = table;
        this.rowOf = rowOf;
        this.tokens = tokens;
    }

    /** Keeps the tokens counted at least {@code minCount} times. */
    public static Vocabulary fromCounts(String table, LongIntHashMap counts, int minCount) {
        List<long[]> kept = new ArrayList<>();
        counts.forEach((key, count) -> {
            if (count >= minCount) {
                kept.add(new long[] {key, count});
            }
        });
        kept.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        LongIntHashMap rowOf = new LongIntHashMap(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            rowOf.put(kept.get(i)[0], i + 2);
        }
        String[] tokens = new String[kept.size() + 2];
        tokens[PAD] = "<pad>";
        tokens[OOV] = "<oov>";
        return new Vocabulary(table, rowOf, tokens);
    }

    public String table() {
        return table;
    }

    /** Rows including padding and OOV. */
    public int size() {
        return tokens.length;
    }

    public int row(long tokenHash) {
        return rowOf.get(tokenHash, OOV);
    }

    public String token(int row) {
        return tokens[row];
    }

    boolean hasToken(int row) {
        return tokens[row] != null;
    }

    void setToken(int row, String token) {
        tokens[row] = token;
    }

    public List<String> tokens() {
        return Arrays.asList(tokens);
    }
}
