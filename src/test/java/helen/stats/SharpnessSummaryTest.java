package helen.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-field statistics of an analysis against scipy 1.17.1 / numpy on the same rows
 * (pearsonr, spearmanr with ties averaged, std with ddof=1); the log-N columns and λ/N leave the
 * N = 0 row out.
 */
class SharpnessSummaryTest {
    @Test
    void matchesScipy() {
        double[] lambda = {0.9, 0.4, 0.35, 0.2, 0.05, 0.02, 0.01};
        double[] grad = {0.3, 0.1, 0.25, 0.05, 0.02, 0.04, 0.01};
        long[] n = {120, 40, 40, 15, 4, 2, 0};
        long[] nA = {9, 3, 4, 1, 1, 1, 1};
        boolean[] ok = {true, true, false, true, true, true, true};
        SharpnessSummary s = SharpnessSummary.of(lambda, grad, n, nA, ok);
        assertEquals(7, s.rows());
        assertEquals(0.9917282813396185, s.pearsonLambdaN(), 1e-12);
        assertEquals(0.8888918507845325, s.pearsonGradN(), 1e-12);
        assertEquals(0.9910312089651149, s.spearmanLambdaN(), 1e-12);
        assertEquals(0.9549937104572925, s.spearmanGradN(), 1e-12);
        assertEquals(0.9110315890251881, s.pearsonLambdaLogN(), 1e-12);
        assertEquals(0.8376758554087574, s.pearsonGradLogN(), 1e-12);
        assertEquals(0.967838096591006, s.pearsonLambdaNTrain(), 1e-12);
        assertEquals(0.2757142857142857, s.meanLambda(), 1e-15);
        assertEquals(0.3171149708889582, s.stdLambda(), 1e-14);
        assertEquals(0.9, s.maxLambda(), 0);
        assertEquals(0.010347222222222225, s.meanLambdaOverN(), 1e-15);
        assertEquals(6.0 / 7, s.convergedFraction(), 1e-15);
    }

    @Test
    void emptyAndMismatchedInputs() {
        SharpnessSummary empty = SharpnessSummary.of(new double[0], new double[0], new long[0], new long[0], new boolean[0]);
        assertEquals(0, empty.rows());
        assertTrue(Double.isNaN(empty.maxLambda()) && Double.isNaN(empty.convergedFraction()));
        assertThrows(IllegalArgumentException.class,
                () -> SharpnessSummary.of(new double[2], new double[1], new long[2], new long[2], new boolean[2]));
    }
}
