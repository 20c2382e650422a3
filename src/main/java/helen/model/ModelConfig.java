package helen.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.List;

/**
 * A model's hyper-parameters (FuxiCTR names in configs): the keys every model has, and the model's
 * own ({@link ModelOptions}). Written to and read from JSON/YAML as one flat mapping by
 * {@link ModelConfigJson}.
 *
 * @param name                 a {@link ModelRegistry} name
 * @param embeddingDim         d_e
 * @param hiddenUnits          the MLP (DLRM: the top MLP; xDeepFM: none when empty)
 * @param activation           relu, tanh or sigmoid
 * @param dropout              dropout after every hidden layer (training only)
 * @param batchNorm            batch norm after every hidden linear layer
 * @param embeddingRegularizer λ_emb in (λ_emb/2)·‖E‖²
 * @param netRegularizer       λ_net in (λ_net/2)·‖W‖²
 * @param pooling              mean or sum, for multi-hot fields
 * @param embeddingInitStd     std of the N(0, σ²) embedding initialisation (FuxiCTR: 1e-4)
 * @param options              the model's own keys (its registry entry's record)
 */
@JsonSerialize(using = ModelConfigJson.Writer.class)
@JsonDeserialize(using = ModelConfigJson.Reader.class)
public record ModelConfig(String name, int embeddingDim, List<Integer> hiddenUnits, String activation, double dropout,
                          boolean batchNorm, double embeddingRegularizer, double netRegularizer, String pooling,
                          double embeddingInitStd, ModelOptions options) {
    public ModelConfig {
        hiddenUnits = List.copyOf(hiddenUnits);
    }

    /** Small defaults for a model name: embedding 16, MLP [64, 64], ReLU, no dropout, the model's default options. */
    public static ModelConfig defaults(String name) {
        return new ModelConfig(name, 16, List.of(64, 64), "relu", 0, false, 0, 0, "mean", 1e-4,
                ModelRegistry.get(name).defaultOptions());
    }

    /** The model's own options, as the record its registry entry binds. */
    public <T extends ModelOptions> T options(Class<T> kind) {
        if (!kind.isInstance(options)) {
            throw new IllegalStateException(name + " has " + options.getClass().getSimpleName() + " options, not "
                    + kind.getSimpleName());
        }
        return kind.cast(options);
    }

    /** The same settings for another model (whose own options start from its defaults). */
    public ModelConfig withName(String n) {
        ModelOptions o = ModelRegistry.get(n).options().isInstance(options) ? options : ModelRegistry.get(n).defaultOptions();
        return new ModelConfig(n, embeddingDim, hiddenUnits, activation, dropout, batchNorm, embeddingRegularizer,
                netRegularizer, pooling, embeddingInitStd, o);
    }

    public ModelConfig withHidden(List<Integer> h, String act) {
        return new ModelConfig(name, embeddingDim, h, act, dropout, batchNorm, embeddingRegularizer, netRegularizer,
                pooling, embeddingInitStd, options);
    }

    public ModelConfig withEmbeddingRegularizer(double l2) {
        return new ModelConfig(name, embeddingDim, hiddenUnits, activation, dropout, batchNorm, l2, netRegularizer,
                pooling, embeddingInitStd, options);
    }

    public ModelConfig withEmbeddingDim(int d) {
        return new ModelConfig(name, d, hiddenUnits, activation, dropout, batchNorm, embeddingRegularizer, netRegularizer,
                pooling, embeddingInitStd, options);
    }
}
