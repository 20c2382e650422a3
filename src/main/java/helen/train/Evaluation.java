package helen.train;

import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedSplit;
import helen.data.PrefetchingBatches;
import helen.model.CtrModel;
import helen.model.layer.Tensors;
import helen.stats.Auc;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

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
        return evaluate(model, split, batchSize, helen.util.Progress.off());
    }

    /** As {@link #evaluate(CtrModel, EncodedSplit, int)}, stepping {@code progress} by the rows scored. */
    public static Metrics evaluate(CtrModel model, EncodedSplit split, int batchSize, helen.util.Progress progress) {
        boolean wasTraining = model.is_training();
        model.eval();
        int n = split.rows();
        double[] probs = new double[n];
        float[] labels = new float[n];
        int k = 0;
        try (NoGradGuard g = new NoGradGuard();
             PrefetchingBatches it = new PrefetchingBatches(new BatchIterator(split, batchSize, false, 0))) {
            while (it.hasNext()) {
                Batch b = it.next();
                try (PointerScope scope = new PointerScope()) {
                    Tensor p = model.forward(Tensors.ids(b.ids, b.size, b.width)).sigmoid();
                    double[] v = Tensors.toDoubles(p);
                    System.arraycopy(v, 0, probs, k, b.size);
                    System.arraycopy(b.labels, 0, labels, k, b.size);
                    k += b.size;
                }
                progress.step(b.size);
            }
        } finally {
            model.train(wasTraining);
        }
        double positives = 0;
        for (int i = 0; i < n; i++) {
            positives += labels[i];
        }
        return new Metrics(Auc.of(probs, labels, n), Auc.logloss(probs, labels, n), n, n == 0 ? Double.NaN : positives / n);
    }
}
