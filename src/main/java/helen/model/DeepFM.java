package helen.model;

import helen.model.layer.FeatureLayout;
import helen.model.layer.FirstOrder;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/** DeepFM (Guo et al. 2017): first order + FM second order + MLP, sharing the field embeddings. */
public final class DeepFM extends CtrModel {
    private final FirstOrder lr;
    private final MlpBlock dnn;

    public DeepFM(FeatureLayout layout, ModelConfig c, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        lr = register_module("lr", new FirstOrder(layout, c.embeddingInitStd(), !"sum".equals(c.pooling()), rnd, dtype));
        dnn = register_module("dnn", new MlpBlock(layout.numFields() * c.embeddingDim(), c.hiddenUnits(), 1,
                c.activation(), c.dropout(), c.batchNorm(), rnd, dtype));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        return lr.forward(ids).add(Interactions.fm(e)).add(dnn.forward(Interactions.flatten(e)).squeeze(1));
    }
}
