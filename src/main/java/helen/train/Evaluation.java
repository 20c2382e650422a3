package helen.train;

import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedSplit;
import helen.data.PrefetchingBatches;
import helen.model.CtrModel;
import helen.stats.Auc;
import helen.tensor.Tensors;
import helen.util.Progress;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

import java.util.ArrayList;
import java.util.List;

/** AUC and logloss of a model on a split: eval mode (dropout off, batch-norm running stats), no gradients. */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * @param auc          exact AUC
     * @param logloss      mean BCE of the clipped probabilities
     * @param rows         rows evaluated
     * @param positiveRate share of positive labels (the base rate a constant predictor would learn)
     */
    public record Metrics(double auc, double logloss, int rows, double positiveRate) {
        /** FuxiCTR's monitor: AUC − logloss, larger is better. */
        public double monitor() {
            return auc - logloss;
        }
    }

    public static Metrics evaluate(CtrModel model, EncodedSplit split, int batchSize) {
        return evaluate(model, split, batchSize, Progress.off());
    }

    /** As {@link #evaluate(CtrModel, EncodedSplit, int)}, stepping {@code progress} by the rows scored. */
    public static Metrics evaluate(CtrModel model, EncodedSplit split, int batchSize, Progress progress) {
        return evaluate(model, List.of(split), batchSize, progress).get(0);
    }

    /**
     * The metrics of each split, in order: the splits' forward passes back to back, in one eval-mode
     * section, then the AUCs and loglosses.
     */
    public static List<Metrics> evaluate(CtrModel model, List<EncodedSplit> splits, int batchSize, Progress progress) {
        List<double[]> probs = new ArrayList<>();
        List<float[]> labels = new ArrayList<>();
        boolean wasTraining = model.is_training();
        model.eval();
        try (NoGradGuard g = new NoGradGuard()) {
            for (EncodedSplit split : splits) {
                double[] p = new double[split.rows()];
                float[] y = new float[split.rows()];
                score(model, split, batchSize, progress, p, y);
                probs.add(p);
                labels.add(y);
            }
        } finally {
            model.train(wasTraining);
        }
        List<Metrics> metrics = new ArrayList<>();
        for (int s = 0; s < splits.size(); s++) {
            metrics.add(metrics(probs.get(s), labels.get(s)));
        }
        return metrics;
    }

    /** Fills {@code probs} and {@code labels} with the model's probability and the label of every row. */
    private static void score(CtrModel model, EncodedSplit split, int batchSize, Progress progress, double[] probs,
                              float[] labels) {
        int k = 0;
        try (PrefetchingBatches it = new PrefetchingBatches(new BatchIterator(split, batchSize, false, 0))) {
            while (it.hasNext()) {
                Batch b = it.next();
                try (PointerScope scope = new PointerScope()) {
                    Tensors.copyToDoubles(model.forward(Tensors.ids(b.ids, b.size, b.width)).sigmoid(), probs, k);
                }
                System.arraycopy(b.labels, 0, labels, k, b.size);
                k += b.size;
                progress.step(b.size);
            }
        }
    }

    private static Metrics metrics(double[] probs, float[] labels) {
        int n = probs.length;
        double positives = 0;
        for (int i = 0; i < n; i++) {
            positives += labels[i];
        }
        return new Metrics(Auc.of(probs, labels, n), Auc.logloss(probs, labels, n), n, n == 0 ? Double.NaN : positives / n);
    }
}
