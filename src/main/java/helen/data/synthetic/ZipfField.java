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
 */
final class ZipfField {
    static final int FACTORS = 4;

    private final double[] cdf;
    private final byte[][] tokens;
    private final double[] w;
    private final double[][] u;

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
        tokens = new byte[vocab][];
        w = new double[vocab];
        u = new double[vocab][FACTORS];
        for (int r = 0; r < vocab; r++) {
            long h = Hashing.mix64(seed * 31 + index * 1_000_003L + r);
            tokens[r] = String.format("%08x", h & 0xffffffffL).getBytes(StandardCharsets.US_ASCII);
            w[r] = 0.3 * model.nextGaussian();
            for (int f = 0; f < FACTORS; f++) {
                u[r][f] = 0.17 * model.nextGaussian();
            }
        }
    }

    /** The rank whose cumulative probability first reaches {@code x} ∈ [0, 1). */
    int sample(double x) {
        int i = Arrays.binarySearch(cdf, x);
        int r = i >= 0 ? i : -i - 1;
        return Math.min(r, cdf.length - 1);
    }

    byte[] token(int rank) {
        return tokens[rank];
    }

    double weight(int rank) {
        return w[rank];
    }

    double[] factors(int rank) {
        return u[rank];
    }
}
