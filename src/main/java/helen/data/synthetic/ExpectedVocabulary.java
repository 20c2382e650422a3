package helen.data.synthetic;

import helen.util.HelenException;
import org.apache.commons.math3.special.Gamma;

import java.util.List;
import java.util.Locale;

/**
 * How many values of a synthetic dataset's Zipf fields reach {@code min_count}, in expectation, and
 * the Zipf exponent that makes that number a target (Table 5's feature count at the paper's rows).
 *
 * <p>A field of V ranks drawn n times with P(r) = r^−s / H(V, s) sees rank r Poisson(n·P(r)) times,
 * so E[values kept] = Σ_r P(Poisson(n·P(r)) ≥ min_count) = Σ_r P_reg(min_count, n·P(r)) (the
 * regularised lower incomplete gamma function). The sum runs exactly over the first {@link #EXACT}
 * ranks and as a trapezoid on a geometric grid beyond (the summand is smooth and monotone in r
 * there), so a field of 10M ranks costs a few thousand evaluations, not 10M.
 */
public final class ExpectedVocabulary {
    /** Ranks summed term by term; beyond, the grid steps by {@link #GRID_RATIO}. */
    static final int EXACT = 256;
    static final double GRID_RATIO = 1.004;

    /**
     * One Zipf field as a generator draws it.
     *
     * @param name        its column
     * @param vocab       its ranks
     * @param drawsPerRow mean draws per row (below 1 where values are missing, above where a history draws from it too)
     */
    public record Field(String name, int vocab, double drawsPerRow) {
    }

    private ExpectedVocabulary() {
    }

    /** Expected values of all {@code fields} seen at least {@code minCount} times in {@code rows} rows. */
    public static double features(List<Field> fields, double zipf, long rows, int minCount) {
        return fields.stream().mapToDouble(f -> features(f, zipf, rows, minCount)).sum();
    }

    /** Expected values of one field seen at least {@code minCount} times in {@code rows} rows. */
    public static double features(Field f, double zipf, long rows, int minCount) {
        double n = rows * f.drawsPerRow();
        double h = harmonic(f.vocab(), zipf);
        int exact = Math.min(f.vocab(), EXACT);
        double sum = 0;
        for (int r = 1; r <= exact; r++) {
            sum += kept(n * Math.pow(r, -zipf) / h, minCount);
        }
        double lo = exact;
        double fLo = kept(n * Math.pow(lo, -zipf) / h, minCount);
        while (lo < f.vocab()) {
            double hi = Math.min(f.vocab(), Math.max(lo + 1, Math.floor(lo * GRID_RATIO)));
            double fHi = kept(n * Math.pow(hi, -zipf) / h, minCount);
            sum += (hi - lo) * 0.5 * (fLo + fHi);
            lo = hi;
            fLo = fHi;
        }
        return sum;
    }

    /**
     * The exponent s at which the fields' expected values kept at {@code rows} rows equal {@code target}
     * (more skew, fewer values reach min_count: the expectation falls as s grows).
     *
     * @throws HelenException if no exponent in [0.05, 4] reaches the target
     */
    public static double calibrateZipf(List<Field> fields, long rows, int minCount, double target) {
        double lo = 0.05;
        double hi = 4;
        if (features(fields, lo, rows, minCount) < target || features(fields, hi, rows, minCount) > target) {
            throw new HelenException(String.format(Locale.ROOT, "no Zipf exponent in [%.2f, %.0f] gives %,.0f features"
                    + " at %,d rows and min_count %d (the fields hold %,d values)", lo, hi, target, rows, minCount,
                    fields.stream().mapToLong(Field::vocab).sum()));
        }
        for (int i = 0; i < 40 && hi - lo > 1e-4; i++) {
            double mid = 0.5 * (lo + hi);
            if (features(fields, mid, rows, minCount) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.round(0.5 * (lo + hi) * 1e4) / 1e4;
    }

    /** P(Poisson(λ) ≥ k). */
    private static double kept(double lambda, int k) {
        return lambda <= 0 ? 0 : Gamma.regularizedGammaP(k, lambda);
    }

    /** H(V, s) = Σ_{r ≤ V} r^−s: exact over the first ranks, the midpoint integral beyond (error O(r^−s−2)). */
    static double harmonic(int vocab, double s) {
        int exact = Math.min(vocab, EXACT);
        double sum = 0;
        for (int r = 1; r <= exact; r++) {
            sum += Math.pow(r, -s);
        }
        if (vocab > exact) {
            double a = exact + 0.5;
            double b = vocab + 0.5;
            sum += Math.abs(s - 1) < 1e-12 ? Math.log(b / a) : (Math.pow(b, 1 - s) - Math.pow(a, 1 - s)) / (1 - s);
        }
        return sum;
    }
}
