package helen.model;

import helen.model.layer.CompressedInteraction;
import helen.model.layer.FeatureLayout;
import helen.model.layer.FirstOrder;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/**
 * xDeepFM (Lian et al. 2018), FuxiCTR's definition: first order + CIN ({@code cin_hidden_units})
 * + MLP ({@code hidden_units}; none when empty), summed into one logit.
 */
public final class XDeepFM extends CtrModel {
    private final FirstOrder lr;
    private final CompressedInteraction cin;
    private final MlpBlock dnn;

    public XDeepFM(FeatureLayout layout, ModelConfig c, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        lr = register_module("lr", new FirstOrder(layout, c.embeddingInitStd(), !"sum".equals(c.pooling()), rnd, dtype));
        cin = register_module("cin", new CompressedInteraction(layout.numFields(), c.options(ModelOptions.Cin.class).cinHiddenUnits(), rnd, dtype));
        dnn = c.hiddenUnits().isEmpty() ? null : register_module("dnn", new MlpBlock(layout.numFields() * c.embeddingDim(),
                c.hiddenUnits(), 1, c.activation(), c.dropout(), c.batchNorm(), rnd, dtype));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        Tensor y = lr.forward(ids).add(cin.forward(e));
        return dnn == null ? y : y.add(dnn.forward(Interactions.flatten(e)).squeeze(1));
    }
}
