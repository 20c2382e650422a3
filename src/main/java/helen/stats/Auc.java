package helen.stats;

import java.util.Arrays;

/**
 * Area under the ROC curve, exact, by the Mann–Whitney rank statistic:
 * AUC = (Σ ranks of positives − P(P+1)/2) / (P·N), with tied scores given their average rank
 * (so a tie between a positive and a negative counts one half, as sklearn's roc_auc_score).
 */
public final class Auc {
    private Auc() {
    }

    /**
     * @param scores predictions (any monotone scale)
     * @param labels 0/1 labels
     * @param n      number of entries used
     * @return the AUC, or NaN if only one class is present
     */
    public static double of(double[] scores, float[] labels, int n) {
        // Positives and negatives sorted apart (primitive sorts, no boxing: this runs after every
        // epoch on the whole validation split), then one merge counts for each positive the
        // negatives below it and half those tied with it: the same statistic as average ranks.
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] > 0.5f) {
                pos++;
            }
        }
        int neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        double[] p = new double[pos];
        double[] q = new double[neg];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (labels[i] > 0.5f) {
                p[a++] = scores[i];
            } else {
                q[b++] = scores[i];
            }
        }
        Arrays.sort(p);
        Arrays.sort(q);
        long below = 0; // negatives strictly below the current positive
        long tied = 0;  // negatives equal to it
        long twicePairs = 0; // exact: a tie counts one half
        int j = 0;
        for (int i = 0; i < pos; i++) {
            if (i == 0 || Double.compare(p[i], p[i - 1]) != 0) {
                below += tied;
                tied = 0;
                while (j < neg && Double.compare(q[j], p[i]) < 0) {
                    below++;
                    j++;
                }
                while (j < neg && Double.compare(q[j], p[i]) == 0) {
                    tied++;
                    j++;
                }
            }
            twicePairs += 2 * below + tied;
        }
        return twicePairs / (2.0 * pos * neg);
    }

    /** Mean binary cross-entropy of probabilities, clipped to [1e-7, 1 − 1e-7] as FuxiCTR/sklearn do. */
    public static double logloss(double[] probs, float[] labels, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(Math.max(probs[i], 1e-7), 1 - 1e-7);
            sum += labels[i] > 0.5f ? -Math.log(p) : -Math.log(1 - p);
        }
        return sum / n;
    }
}
