package helen.model;

import helen.model.layer.FeatureEmbedding;
import helen.model.layer.FeatureLayout;
import helen.model.layer.Parameters;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Base of the seven CTR models: the field embedding layer (registered as {@code embedding}: all
 * tables in one parameter), optional first-order tables ({@code lr}), and a model-specific head
 * that turns field embeddings into logits. Parameter roles are derived from these names once.
 */
public abstract class CtrModel extends Module {
    protected final FeatureLayout layout;
    protected final ModelConfig config;
    protected final ScalarType dtype;
    protected final FeatureEmbedding embedding;
    private List<ModelParameter> parameters;
    private List<Tensor> leaves;
    /** The regulariser's λ of each leaf (same order), read once with the names instead of every step. */
    private double[] leafLambdas;

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

    /** @param ids int64 [batch, rowWidth] ({@link Tensors#ids}) @return logits [batch] */
    public Tensor forward(Tensor ids) {
        return head(embedding.forward(ids), ids);
    }

    /** Field embeddings [batch, numFields, d] (and the raw ids) → logits [batch]. */
    protected abstract Tensor head(Tensor fieldEmbeddings, Tensor ids);

    /** The embedding row of every id slot, before pooling: [batch, rowWidth, d]. */
    public Tensor slotEmbeddings(Tensor ids) {
        return embedding.slots(ids);
    }

    /**
     * The logits from given slot rows ({@link #slotEmbeddings} or a stand-in for them): derivatives
     * with respect to {@code slots} are per sample and per occurrence, which the weight's are not.
     */
    public Tensor forwardFromSlots(Tensor slots, Tensor ids) {
        return head(embedding.pool(slots, ids), ids);
    }

    /** int64 [1, rowWidth]: added to the ids, the rows of {@link #embeddingWeight()} they look up. */
    public Tensor slotShift() {
        return embedding.shift();
    }

    /** Mean binary cross-entropy of the logits. */
    public static Tensor bce(Tensor logits, Tensor labels) {
        return torch.binary_cross_entropy_with_logits(logits, labels);
    }

    /**
     * FuxiCTR's regulariser: (λ_emb/2)·‖E‖² over the embedding and first-order tables +
     * (λ_net/2)·‖W‖² over every other parameter (biases included, as FuxiCTR); null when both are 0.
     */
    public Tensor regularizer() {
        params();
        Tensor reg = null;
        for (int i = 0; i < leaves.size(); i++) {
            double lambda = leafLambdas[i];
            if (lambda == 0) {
                continue;
            }
            Tensor term = leaves.get(i).square().sum().mul(new Scalar(lambda / 2));
            reg = reg == null ? term : reg.add(term);
        }
        return reg;
    }

    private static boolean isTableTensor(String name) {
        return name.equals("embedding.weight") || name.equals("lr.weight");
    }

    /** Training loss: mean BCE + regulariser. */
    public Tensor loss(Tensor ids, Tensor labels) {
        Tensor l = bce(forward(ids), labels);
        Tensor reg = regularizer();
        return reg == null ? l : l.add(reg);
    }

    /**
     * Every trainable parameter with its role, in registration order; the shared table tensors
     * are split into one entry per table ({@code embedding.<table>}, {@code lr.<table>}).
     */
    public synchronized List<ModelParameter> params() {
        if (parameters == null) {
            List<ModelParameter> out = new ArrayList<>();
            List<Tensor> leafList = new ArrayList<>();
            StringTensorDict named = named_parameters(true);
            leafLambdas = new double[(int) named.size()];
            for (long i = 0; i < named.size(); i++) {
                String name = named.get(i).key().getString();
                Tensor leaf = Parameters.handle(named.get(i).value());
                leafLambdas[(int) i] = isTableTensor(name) ? config.embeddingRegularizer() : config.netRegularizer();
                leafList.add(leaf);
                if (isTableTensor(name)) {
                    boolean emb = name.startsWith("embedding");
                    for (int t = 0; t < layout.tables().size(); t++) {
                        out.add(new ModelParameter((emb ? "embedding." : "lr.") + layout.tables().get(t), leaf,
                                embedding.offset(t), layout.tableRows()[t],
                                emb ? ParamRole.EMBEDDING : ParamRole.FIRST_ORDER, t));
                    }
                } else {
                    out.add(new ModelParameter(name, leaf, 0, -1, ParamRole.DENSE, -1));
                }
            }
            parameters = Collections.unmodifiableList(out);
            leaves = Collections.unmodifiableList(leafList);
        }
        return parameters;
    }

    /** The registered parameter tensors themselves (what a base optimizer updates). */
    public synchronized List<Tensor> leaves() {
        params();
        return leaves;
    }

    /** The tensor holding every embedding table ([Σ rows, d]); table t starts at {@link #tableOffset(int)}. */
    public Tensor embeddingWeight() {
        return embedding.weight();
    }

    /** While open, embedding lookups read the compact rows given (see {@link FeatureEmbedding#gatherFrom}). */
    public FeatureEmbedding.Redirect gatherEmbeddingsFrom(Tensor rows, Tensor rowIndex) {
        return embedding.gatherFrom(rows, rowIndex);
    }

    public long tableOffset(int t) {
        return embedding.offset(t);
    }

    /** A view of embedding table t. */
    public Tensor table(int t) {
        return embedding.table(t);
    }
}
