package helen.model;

import helen.model.layer.FeatureLayout;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/**
 * DLRM (Naumov et al. 2019) with the dot interaction: the top MLP reads all pairwise inner
 * products of the field embeddings. Every helen field is categorical, so there is no dense input
 * and hence no bottom MLP (FuxiCTR's DLRM behaves the same without dense features).
 */
public final class DLRM extends CtrModel {
    private final MlpBlock top;
    private final Tensor upper;

    public DLRM(FeatureLayout layout, ModelConfig c, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        int m = layout.numFields();
        upper = Interactions.upperIndex(m);
        top = register_module("top_mlp", new MlpBlock(m * (m - 1) / 2, c.hiddenUnits(), 1, c.activation(),
                c.dropout(), c.batchNorm(), rnd, dtype));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        return top.forward(Interactions.innerProducts(e, upper)).squeeze(1);
    }
}
