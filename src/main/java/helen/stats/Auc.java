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
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]] > 0.5f) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
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
