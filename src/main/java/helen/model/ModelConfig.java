package helen.model;

import java.util.List;

/**
 * A model's hyper-parameters (FuxiCTR names). Every model reads the keys it needs; the loader
 * rejects keys that no model knows.
 *
 * @param name                 a {@link ModelRegistry} name
 * @param embeddingDim         d_e
 * @param hiddenUnits          the MLP (DLRM: the top MLP)
 * @param activation           relu, tanh or sigmoid
 * @param dropout              dropout after every hidden layer (training only)
 * @param batchNorm            batch norm after every hidden linear layer
 * @param embeddingRegularizer λ_emb in (λ_emb/2)·‖E‖²
 * @param netRegularizer       λ_net in (λ_net/2)·‖W‖²
 * @param pooling              mean or sum, for multi-hot fields
 * @param crossLayers          DCN / DCNv2 cross layers
 * @param structure            DCNv2: parallel or stacked
 * @param embeddingInitStd     std of the N(0, σ²) embedding initialisation (FuxiCTR: 1e-4)
 * @param cinHiddenUnits       xDeepFM: feature maps of each CIN layer
 */
public record ModelConfig(String name, int embeddingDim, List<Integer> hiddenUnits, String activation, double dropout,
                          boolean batchNorm, double embeddingRegularizer, double netRegularizer, String pooling,
                          int crossLayers, String structure, double embeddingInitStd, List<Integer> cinHiddenUnits) {
    /** FuxiCTR's default CIN. */
    public static final List<Integer> DEFAULT_CIN = List.of(16, 16, 16);

    public ModelConfig {
        hiddenUnits = List.copyOf(hiddenUnits);
        cinHiddenUnits = cinHiddenUnits == null ? DEFAULT_CIN : List.copyOf(cinHiddenUnits);
    }

    /** Small defaults for a model name: embedding 16, MLP [64, 64], ReLU, no dropout. */
    public static ModelConfig defaults(String name) {
        return new ModelConfig(name, 16, List.of(64, 64), "relu", 0, false, 0, 0, "mean", 3, "parallel", 1e-4, DEFAULT_CIN);
    }

    public ModelConfig withName(String n) {
        return new ModelConfig(n, embeddingDim, hiddenUnits, activation, dropout, batchNorm, embeddingRegularizer,
                netRegularizer, pooling, crossLayers, structure, embeddingInitStd, cinHiddenUnits);
    }

    public ModelConfig withHidden(List<Integer> h, String act) {
        return new ModelConfig(name, embeddingDim, h, act, dropout, batchNorm, embeddingRegularizer,
                netRegularizer, pooling, crossLayers, structure, embeddingInitStd, cinHiddenUnits);
    }

    public ModelConfig withEmbeddingRegularizer(double l2) {
        return new ModelConfig(name, embeddingDim, hiddenUnits, activation, dropout, batchNorm, l2,
                netRegularizer, pooling, crossLayers, structure, embeddingInitStd, cinHiddenUnits);
    }

    public ModelConfig withEmbeddingDim(int d) {
        return new ModelConfig(name, d, hiddenUnits, activation, dropout, batchNorm, embeddingRegularizer,
                netRegularizer, pooling, crossLayers, structure, embeddingInitStd, cinHiddenUnits);
    }
}
