/**
 * The libtorch tensor helpers every package uses: the device and dtype in force, tensors from and to Java
 * arrays, index tensors, a tensor's values as doubles.
 * Depends on {@code helen.util}.
 */
package helen.tensor;
