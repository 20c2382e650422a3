package helen.model;

import helen.model.layer.FeatureLayout;
import helen.model.layer.FirstOrder;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/** Wide &amp; Deep (Cheng et al. 2016): logistic regression + MLP on the concatenated embeddings. */
public final class WideDeep extends CtrModel {
    private final FirstOrder wide;
    private final MlpBlock deep;

    public WideDeep(FeatureLayout layout, ModelConfig c, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        wide = register_module("lr", new FirstOrder(layout, c.embeddingInitStd(), !"sum".equals(c.pooling()), rnd, dtype));
        deep = register_module("dnn", new MlpBlock(layout.numFields() * c.embeddingDim(), c.hiddenUnits(), 1,
                c.activation(), c.dropout(), c.batchNorm(), rnd, dtype));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        return wide.forward(ids).add(deep.forward(Interactions.flatten(e)).squeeze(1));
    }
}
