/**
 * The steps that commands and scripts chain (encode, train, analyse), so that no command calls
 * another.
 * Depends on {@code helen.analysis}, {@code helen.data}, {@code helen.hessian}, {@code helen.hessian.operator}, {@code helen.model}, {@code helen.results}, {@code helen.train}, {@code helen.util}.
 */
package helen.pipeline;
