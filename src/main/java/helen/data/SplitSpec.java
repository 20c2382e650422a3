package helen.data;

/**
 * How a single source file is cut into train/valid/test when no separate files are given.
 * Each row goes to a split by a seeded hash of its row number, so the assignment is streaming,
 * deterministic and independent of the reading order.
 */
public record SplitSpec(double train, double valid, double test, long seed) {
    public static final SplitSpec ALL_TRAIN = new SplitSpec(1, 0, 0, 0);

    /** 0 = train, 1 = valid, 2 = test. */
    public int splitOf(long rowIndex) {
        if (valid == 0 && test == 0) {
            return 0;
        }
        long h = Hashing.mix64(rowIndex * 0x9E3779B97F4A7C15L + seed);
        double u = (h >>> 11) * 0x1.0p-53;
        double total = train + valid + test;
        if (u < train / total) {
            return 0;
        }
        return u < (train + valid) / total ? 1 : 2;
    }
}
