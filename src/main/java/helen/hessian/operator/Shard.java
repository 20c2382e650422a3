package helen.hessian.operator;

import helen.util.HelenException;

/**
 * Shard {@code index} of {@code count} (1-based) of an analysis set: a contiguous slice of its rows
 * in file order. Exact blocks are sums over samples, so the blocks of the shards add up to the whole
 * set's; {@code helen analyze --shard I/N} measures one and {@code helen analyze merge} adds them.
 */
public record Shard(int index, int count) {
    /** The whole set, unsharded. */
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new HelenException("--shard '" + index + "/" + count + "': expected I/N with 1 ≤ I ≤ N (e.g. 2/3)");
        }
    }

    /** "I/N" as given on the command line. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new HelenException("--shard '" + text + "': expected I/N with 1 ≤ I ≤ N (e.g. 2/3)");
    }

    /** The first row (inclusive) of this shard among {@code rows}. */
    public int from(int rows) {
        return (int) ((long) rows * (index - 1) / count);
    }

    /** The last row (exclusive) of this shard among {@code rows}. */
    public int to(int rows) {
        return (int) ((long) rows * index / count);
    }

    /** The directory name of this shard's partial sums. */
    public String directoryName() {
        return "shard-" + index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
