/**
 * What this machine can do and how much of it helen's steps reach, measured for {@code helen bench}: the
 * roofline of a training step and an HVP, and how fast an encoded split is read back in batches.
 * Depends on {@code helen.data}, {@code helen.model}, {@code helen.model.layer}.
 */
package helen.bench;
