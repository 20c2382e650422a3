package helen.model;

import helen.model.layer.FeatureLayout;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/** DNN: an MLP on the concatenated field embeddings. */
public final class DNN extends CtrModel {
    private final MlpBlock mlp;

    public DNN(FeatureLayout layout, ModelConfig c, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        mlp = register_module("dnn", new MlpBlock(layout.numFields() * c.embeddingDim(), c.hiddenUnits(), 1,
                c.activation(), c.dropout(), c.batchNorm(), rnd, dtype));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        return mlp.forward(Interactions.flatten(e)).squeeze(1);
    }
}
