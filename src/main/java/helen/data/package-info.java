/**
 * The data layer: dataset specs (YAML, built-in presets), the streaming CSV/TSV reader, vocabularies
 * with min count / OOV / padding, training-split frequencies N, the memory-mapped encoded cache,
 * mini-batch iteration and dataset statistics (synthetic data: {@code helen.data.synthetic}).
 * Depends on {@code helen.util} only; never on libtorch.
 */
package helen.data;
