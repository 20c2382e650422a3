/**
 * The CTR models on libtorch, listed once in {@link helen.model.ModelRegistry} (the paper's seven and
 * xDeepFM), their configs ({@link helen.model.ModelConfig}: common keys + each model's own
 * {@link helen.model.ModelOptions}) and parameter roles (embedding table vs dense). Their shared layers,
 * the input layout and the tensor helpers live in {@code helen.model.layer}.
 * Depends on {@code helen.model.layer}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.model;
