/**
 * The steps that commands and scripts chain (encode, train, analyse), so that no command calls
 * another. Depends on data, hessian, model, train, util.
 */
package helen.pipeline;
