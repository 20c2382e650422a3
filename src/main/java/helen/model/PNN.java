package helen.model;

import helen.model.layer.FeatureLayout;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/** Inner-product PNN (Qu et al. 2016): MLP on [concatenated embeddings, all pairwise inner products]. */
public final class PNN extends CtrModel {
    private final MlpBlock dnn;
    private final Tensor upper;

    public PNN(FeatureLayout layout, ModelConfig c, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        int m = layout.numFields();
        upper = Interactions.upperIndex(m);
        dnn = register_module("dnn", new MlpBlock(m * c.embeddingDim() + m * (m - 1) / 2, c.hiddenUnits(), 1,
                c.activation(), c.dropout(), c.batchNorm(), rnd, dtype));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        Tensor x = torch.cat(new TensorVector(Interactions.flatten(e), Interactions.innerProducts(e, upper)), 1);
        return dnn.forward(x).squeeze(1);
    }
}
