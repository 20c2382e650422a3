/**
 * Layers shared by the models, each documenting its tensor shapes. Depends on libtorch and
 * {@code helen.model.Tensors} only.
 */
package helen.model.layer;
