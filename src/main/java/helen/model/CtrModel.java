package helen.model;

import helen.model.layer.FeatureEmbedding;
import helen.model.layer.Parameters;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Base of the seven CTR models: the field embedding layer (registered as {@code embedding}, one
 * parameter per table), optional first-order tables ({@code lr}), and a model-specific head that
 * turns field embeddings into logits. Parameter roles are derived from these names once.
 */
public abstract class CtrModel extends Module {
    protected final FeatureLayout layout;
    protected final ModelConfig config;
    protected final ScalarType dtype;
    protected final FeatureEmbedding embedding;
    private List<ModelParameter> parameters;

    protected CtrModel(FeatureLayout layout, ModelConfig config, SplittableRandom rnd, ScalarType dtype) {
        this.layout = layout;
        this.config = config;
        this.dtype = dtype;
        this.embedding = register_module("embedding", new FeatureEmbedding(layout, config.embeddingDim(),
                config.embeddingInitStd(), !"sum".equals(config.pooling()), rnd, dtype));
    }

    public FeatureLayout layout() {
        return layout;
    }

    public ModelConfig config() {
        return config;
    }

    public ScalarType dtype() {
        return dtype;
    }

    /** @param ids int32 [batch, rowWidth] @return logits [batch] */
    public Tensor forward(Tensor ids) {
        return head(embedding.forward(ids), ids);
    }

    /** Field embeddings [batch, numFields, d] (and the raw ids) → logits [batch]. */
    protected abstract Tensor head(Tensor fieldEmbeddings, Tensor ids);

    /** Mean binary cross-entropy of the logits. */
    public static Tensor bce(Tensor logits, Tensor labels) {
        return torch.binary_cross_entropy_with_logits(logits, labels);
    }

    /** FuxiCTR's regulariser: (λ_emb/2)·Σ‖E‖² over embedding and first-order tables + (λ_net/2)·Σ‖W‖² over the rest. */
    public Tensor regularizer() {
        Tensor reg = null;
        for (ModelParameter p : params()) {
            double lambda = p.role() == ParamRole.DENSE ? config.netRegularizer() : config.embeddingRegularizer();
            if (lambda == 0) {
                continue;
            }
            Tensor term = p.tensor().square().sum().mul(new Scalar(lambda / 2));
            reg = reg == null ? term : reg.add(term);
        }
        return reg;
    }

    /** Training loss: mean BCE + regulariser. */
    public Tensor loss(Tensor ids, Tensor labels) {
        Tensor l = bce(forward(ids), labels);
        Tensor reg = regularizer();
        return reg == null ? l : l.add(reg);
    }

    /** Every trainable parameter with its role, in registration order. */
    public synchronized List<ModelParameter> params() {
        if (parameters == null) {
            List<ModelParameter> out = new ArrayList<>();
            StringTensorDict named = named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                String name = named.get(i).key().getString();
                Tensor t = Parameters.handle(named.get(i).value());
                out.add(new ModelParameter(name, t, roleOf(name), tableOf(name)));
            }
            parameters = Collections.unmodifiableList(out);
        }
        return parameters;
    }

    private static ParamRole roleOf(String name) {
        if (name.startsWith("embedding.")) {
            return ParamRole.EMBEDDING;
        }
        return name.startsWith("lr.") ? ParamRole.FIRST_ORDER : ParamRole.DENSE;
    }

    private int tableOf(String name) {
        if (!name.startsWith("embedding.") && !name.startsWith("lr.")) {
            return -1;
        }
        String p = name.substring(name.indexOf('.') + 1);
        for (int t = 0; t < layout.tables().size(); t++) {
            if (FeatureEmbedding.paramName(layout.tables().get(t)).equals(p)) {
                return t;
            }
        }
        return -1; // the LR bias
    }

    /** The embedding table parameter of table t. */
    public Tensor table(int t) {
        return embedding.tables().get(t);
    }
}
