package helen.model;

import helen.data.EncodedField;
import helen.data.FeatureType;
import helen.model.layer.FeatureLayout;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.List;
import java.util.SplittableRandom;

/** Tiny float64 models and batches for exact checks: two one-hot fields and a multi-hot one sharing field a's table. */
public final class TinyModels {
    public static final FeatureLayout LAYOUT = new FeatureLayout(List.of(
            new EncodedField("a", "a", 0, FeatureType.CATEGORICAL, 1, 0),
            new EncodedField("b", "b", 1, FeatureType.CATEGORICAL, 1, 1),
            new EncodedField("hist", "a", 0, FeatureType.SEQUENCE, 3, 2)),
            List.of("a", "b"), new int[] {6, 5});

    private TinyModels() {
    }

    /** Smooth (tanh) configuration with a large embedding init so every interaction term matters. */
    public static ModelConfig config(String name) {
        ModelOptions own = ModelRegistry.get(name).defaultOptions();
        if (own instanceof ModelOptions.Cross) {
            own = new ModelOptions.Cross(2, "parallel");
        } else if (own instanceof ModelOptions.Cin) {
            own = new ModelOptions.Cin(List.of(3, 2));
        }
        return new ModelConfig(name, 4, List.of(5, 3), "tanh", 0, false, 0.01, 0.001, "mean", 0.5, own);
    }

    /** Every registered model: the model tests run over {@link ModelRegistry}, so a new model is checked without a list to edit. */
    public static java.util.stream.Stream<String> names() {
        return ModelRegistry.names().stream();
    }

    public static CtrModel model(String name, long seed) {
        return Models.create(LAYOUT, config(name), seed, ScalarType.Double);
    }

    /** A batch of n rows: ids for a, b and a history (with padding), and labels. */
    public static Tensor[] batch(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n * 5];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            ids[5 * i] = 1 + r.nextInt(5);
            ids[5 * i + 1] = 1 + r.nextInt(4);
            int len = r.nextInt(4);
            for (int k = 0; k < len; k++) {
                ids[5 * i + 2 + k] = 2 + r.nextInt(4);
            }
            labels[i] = r.nextInt(2);
        }
        return new Tensor[] {Tensors.ids(ids, n, 5), Tensors.labels(labels, n, ScalarType.Double)};
    }

    /** The same rows as {@link #batch} as a helen Batch (for Helen's frequency counts). */
    public static helen.data.Batch batchObject(int n, long seed) {
        Tensor ids = batch(n, seed)[0];
        double[] v = Tensors.toDoubles(ids.to(ScalarType.Double));
        helen.data.Batch b = new helen.data.Batch(n, 5);
        for (int i = 0; i < v.length; i++) {
            b.ids[i] = (int) v[i];
        }
        b.size = n;
        return b;
    }

    /** Overwrites one entry of a parameter. */
    public static void setEntry(Tensor p, int index, double value) {
        double[] v = Tensors.toDoubles(p);
        v[index] = value;
        try (NoGradGuard g = new NoGradGuard()) {
            p.copy_(Tensors.fromDoubles(v, ScalarType.Double, p.sizes().vec().get()));
        }
    }
}
