package helen.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class AucTest {
    /** Brute force: fraction of (positive, negative) pairs ranked correctly, ties counting one half. */
    public static double pairwise(double[] s, float[] y) {
        double good = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    good += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return good / pairs;
    }

    @Test
    void matchesPairwiseCountWithTies() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + r.nextInt(200);
            double[] s = new double[n];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(12) / 4.0; // many ties
                y[i] = r.nextDouble() < 0.3 + 0.05 * s[i] ? 1 : 0;
            }
            assertEquals(pairwise(s, y), Auc.of(s, y, n), 1e-12);
        }
    }

    @Test
    void readsOnlyTheFirstNEntries() {
        double[] s = {0.2, 0.8, 0.9, 0.1};
        float[] y = {0, 1, 0, 1};
        assertEquals(1.0, Auc.of(s, y, 2));
        assertEquals(pairwise(new double[] {0.2, 0.8, 0.9}, new float[] {0, 1, 0}), Auc.of(s, y, 3), 1e-15);
    }

    @Test
    void edgeCases() {
        assertEquals(1.0, Auc.of(new double[] {0.1, 0.9}, new float[] {0, 1}, 2));
        assertEquals(0.5, Auc.of(new double[] {0.5, 0.5}, new float[] {0, 1}, 2));
        assertTrue(Double.isNaN(Auc.of(new double[] {0.1, 0.9}, new float[] {1, 1}, 2)));
        // logloss of p = 0.5 is ln 2 whatever the label
        assertEquals(Math.log(2), Auc.logloss(new double[] {0.5, 0.5}, new float[] {0, 1}, 2), 1e-15);
    }
}
