/**
 * What this machine can do and how much of it helen's steps reach: the roofline of {@code helen bench}.
 * Depends on {@code helen.model}, {@code helen.model.layer}.
 */
package helen.bench;
