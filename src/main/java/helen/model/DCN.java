package helen.model;

import helen.model.layer.CrossNet;
import helen.model.layer.FeatureLayout;
import helen.model.layer.Interactions;
import helen.model.layer.MlpBlock;
import helen.model.layer.Parameters;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;

import java.util.SplittableRandom;

/**
 * Deep &amp; Cross (Wang et al. 2017) and DCNv2 (Wang et al. 2021). Parallel: a cross network and
 * an MLP on x0, concatenated into one linear output. Stacked (DCNv2 only): the MLP reads the
 * cross network's output.
 */
public final class DCN extends CtrModel {
    private final CrossNet cross;
    private final MlpBlock deep;
    private final Tensor outW;
    private final Tensor outB;
    private final boolean stacked;

    public DCN(FeatureLayout layout, ModelConfig c, boolean v2, SplittableRandom rnd, ScalarType dtype) {
        super(layout, c, rnd, dtype);
        int d0 = layout.numFields() * c.embeddingDim();
        ModelOptions.Cross o = c.options(ModelOptions.Cross.class);
        stacked = v2 && "stacked".equals(o.structure());
        cross = register_module("cross", new CrossNet(d0, o.crossLayers(), v2, rnd, dtype));
        deep = register_module("dnn", new MlpBlock(d0, c.hiddenUnits(), 0, c.activation(), c.dropout(), c.batchNorm(),
                rnd, dtype));
        int outIn = stacked ? deep.outputSize(d0) : d0 + deep.outputSize(d0);
        outW = Parameters.register(this, "out_w", Tensors.gaussian(rnd, Math.sqrt(2.0 / (outIn + 1)), dtype, 1, outIn));
        outB = Parameters.register(this, "out_b", Tensors.zeros(dtype, 1));
    }

    @Override
    protected Tensor head(Tensor e, Tensor ids) {
        Tensor x0 = Interactions.flatten(e);
        Tensor h = stacked ? deep.forward(cross.forward(x0))
                : torch.cat(new TensorVector(cross.forward(x0), deep.forward(x0)), 1);
        return outB.addmm(h, outW.t()).squeeze(1);
    }
}
