/**
 * The Hessian analysis: HVPs by double backprop over an analysis set, row colouring for co-occurring
 * rows, field-batched power iteration and exact blocks per embedding table, dense top eigenvalue,
 * and the CSV/JSON outputs. Depends on model, data, stats, util.
 */
package helen.hessian;
