package helen.model;

/**
 * What a parameter is, for the regulariser, the optimizers and the Hessian analysis.
 * FIRST_ORDER tables (the [rows, 1] LR weights of WideDeep and DeepFM) are embeddings for the
 * regulariser (as FuxiCTR) but dense for Helen (as the official code: last dimension 1).
 */
public enum ParamRole {
    /** A field's [rows, d] embedding table: row k is e_k^j. */
    EMBEDDING,
    /** A [rows, 1] first-order weight table. */
    FIRST_ORDER,
    /** Everything else: MLP, cross, bias weights. */
    DENSE
}
