/**
 * Layers shared by the models, each documenting its tensor shapes, the input layout and the tensor factory
 * ({@code Tensors}). Depends on {@code helen.data}, {@code helen.tensor}.
 */
package helen.model.layer;
