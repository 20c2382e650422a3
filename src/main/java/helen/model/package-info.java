/**
 * The seven CTR models on libtorch (DNN, WideDeep, PNN, DeepFM, DCN, DLRM, DCNv2), their shared
 * layers ({@code helen.model.layer}: field embeddings, MLP, cross networks, interactions), parameter
 * roles (embedding table vs dense), and tensor helpers. Depends on {@code helen.data} (field layout)
 * and {@code helen.util}.
 */
package helen.model;
