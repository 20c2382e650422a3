package helen.model.layer;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/**
 * Logistic-regression term Σ_j w^j[x_j] + b with [rows, 1] tables (WideDeep's wide part, DeepFM's
 * first order). Its tables are one parameter, {@code lr.weight}, laid out like the embeddings'.
 */
public final class FirstOrder extends Module {
    private final FeatureEmbedding weights;
    private final Tensor bias;

    public FirstOrder(FeatureLayout layout, double initStd, boolean meanPooling, SplittableRandom rnd, ScalarType dtype) {
        this.weights = new FeatureEmbedding(layout, 1, initStd, meanPooling, rnd, dtype, this);
        this.bias = Parameters.register(this, "bias", Tensors.zeros(dtype, 1));
    }

    /** @return [batch] */
    public Tensor forward(Tensor ids) {
        return weights.forward(ids).sum(1).squeeze(1).add(bias);
    }
}
