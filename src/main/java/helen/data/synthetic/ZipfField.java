package helen.data.synthetic;

import helen.data.Hashing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One categorical field of a synthetic dataset: ranks drawn from a Zipf law P(r) ∝ r^−s over its
 * vocabulary, each rank written as an 8-hex-digit token and carrying its share of the hidden click
 * model (a first-order weight w ~ N(0, 0.3²) and factors u ~ N(0, 0.17²·I)). Fields that share a
 * vocabulary (a behaviour history and its item field) share one instance, so a history's items are
 * the same tokens, with the same effects, as the item field's.
 *
 * <p>The state is flat arrays (40 bytes a rank plus the CDF's 8) and tokens are hashed when written,
 * not stored: a field at a real dataset's size (Criteo's C3 has 10.1M values) then costs ~0.5 GB,
 * not the ~1.5 GB of an object per rank.
 */
final class ZipfField {
    static final int FACTORS = 4;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final double[] cdf;
    private final long tokenSeed;
    private final double[] w;
    private final double[] u;
    /** The last token written; the writers copy it into their line at once (one thread per generator). */
    private final byte[] token = new byte[8];
    private final double[] factors = new double[FACTORS];

    /**
     * @param index distinguishes the tokens of fields of one dataset
     * @param model the click model's random stream; drawn from in rank order (w, then the factors)
     */
    ZipfField(int index, int vocab, double zipf, long seed, SplittableRandom model) {
        cdf = new double[vocab];
        double acc = 0;
        for (int r = 0; r < vocab; r++) {
            acc += Math.pow(r + 1, -zipf);
            cdf[r] = acc;
        }
        for (int r = 0; r < vocab; r++) {
            cdf[r] /= acc;
        }
        tokenSeed = seed * 31 + index * 1_000_003L;
        w = new double[vocab];
        u = new double[vocab * FACTORS];
        for (int r = 0; r < vocab; r++) {
            w[r] = 0.3 * model.nextGaussian();
            for (int f = 0; f < FACTORS; f++) {
                u[r * FACTORS + f] = 0.17 * model.nextGaussian();
            }
        }
    }

    /** A field's size: the real dataset's, capped by --max-vocab, and at least two values. */
    static int cappedVocabulary(int real, int maxVocab) {
        return Math.max(2, Math.min(maxVocab, real));
    }

    int vocabulary() {
        return cdf.length;
    }

    /** The rank whose cumulative probability first reaches {@code x} ∈ [0, 1). */
    int sample(double x) {
        int i = Arrays.binarySearch(cdf, x);
        int r = i >= 0 ? i : -i - 1;
        return Math.min(r, cdf.length - 1);
    }

    /** The rank's token: the low 32 bits of a hash of (seed, field, rank) in lower-case hex. Valid until the next call. */
    byte[] token(int rank) {
        long h = Hashing.mix64(tokenSeed + rank) & 0xffffffffL;
        for (int k = 7; k >= 0; k--) {
            token[k] = HEX[(int) (h & 0xf)];
            h >>>= 4;
        }
        return token;
    }

    double weight(int rank) {
        return w[rank];
    }

    /** The rank's factor vector. Valid until the next call. */
    double[] factors(int rank) {
        System.arraycopy(u, rank * FACTORS, factors, 0, FACTORS);
        return factors;
    }
}
