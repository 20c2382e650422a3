/**
 * Layers shared by the models, each documenting its tensor shapes. Depends on libtorch and
 * {@code helen.model.layer.Tensors} only.
 */
package helen.model.layer;
