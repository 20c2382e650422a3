package helen.train;

import java.util.Locale;
import java.util.Optional;

/**
 * When a run has diverged, so that it is marked as such instead of reported as a result. Three
 * signs, each one that no working CTR run shows:
 * <ul>
 *   <li>a training loss that is not finite;</li>
 *   <li>a training loss {@value #GROWTH}× the run's first step's (BCE starts near ln 2 ≈ 0.69 and a
 *       learning model only lowers it; 100× means logits of about ±70);</li>
 *   <li>after an epoch, validation AUC at chance (≤ 0.5 + {@value #CHANCE_MARGIN}) together with a
 *       validation logloss over twice the base-rate entropy, i.e. clearly worse than predicting the
 *       positive rate for every row, and over {@value #UNTRAINED_FACTOR}× ln 2, clearly worse than a
 *       model whose logits have not left 0. AUC at chance alone is not enough: a dataset without
 *       signal gives it too, with a logloss near the entropy. Nor is a logloss near ln 2: with few
 *       positives (Taobao's 5 %: twice the entropy is 0.37) a run whose first epoch had only a step
 *       or two (16,384-row batches on a small file) is still there, untrained, not diverged.</li>
 * </ul>
 */
public final class Divergence {
    static final double GROWTH = 100;
    static final double CHANCE_MARGIN = 1e-3;
    static final double UNTRAINED_FACTOR = 1.5;

    private Divergence() {
    }

    /** The reason a training step shows divergence, if it does. */
    public static Optional<String> ofStep(double loss, double initialLoss, int epoch, int step) {
        if (!Double.isFinite(loss)) {
            return Optional.of(String.format(Locale.ROOT, "training loss is %s at epoch %d, step %d", loss, epoch, step));
        }
        if (initialLoss > 0 && loss > GROWTH * initialLoss) {
            return Optional.of(String.format(Locale.ROOT,
                    "training loss grew from %.4g (first step) to %.4g at epoch %d, step %d", initialLoss, loss, epoch, step));
        }
        return Optional.empty();
    }

    /** The reason a validation result shows divergence, if it does. */
    public static Optional<String> ofValidation(Evaluation.Metrics m, int epoch) {
        double entropy = entropy(m.positiveRate());
        if (m.auc() <= 0.5 + CHANCE_MARGIN && m.logloss() > 2 * entropy && m.logloss() > UNTRAINED_FACTOR * Math.log(2)) {
            return Optional.of(String.format(Locale.ROOT,
                    "validation AUC %.4f (chance) and logloss %.4f, over twice the base-rate entropy %.4f and over %.1f× ln 2, "
                    + "after epoch %d", m.auc(), m.logloss(), entropy, UNTRAINED_FACTOR, epoch));
        }
        return Optional.empty();
    }

    /** Binary entropy in nats: the logloss of predicting the base rate p for every row. */
    static double entropy(double p) {
        if (!(p > 0 && p < 1)) {
            return 0;
        }
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    }
}
