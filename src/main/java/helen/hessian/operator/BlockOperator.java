package helen.hessian.operator;

/**
 * A symmetric operator that is block-diagonal over the rows of a table, at least within one
 * colour: applying it to a probe that is non-zero on rows of one colour gives, for each such row
 * k, H_kk·v_k (rows of one colour never co-occur, so H_kl = 0 between them).
 */
public interface BlockOperator {
    /** Rows of the table. */
    int rows();

    /** Block size d. */
    int dim();

    /** @param probe rows × dim, row-major @return H·probe, same layout */
    double[] apply(double[] probe);

    /** H + λI: e.g. the curvature (λ/2)‖E‖² adds to every row's block. */
    static BlockOperator plusIdentity(BlockOperator h, double lambda) {
        return new BlockOperator() {
            @Override
            public int rows() {
                return h.rows();
            }

            @Override
            public int dim() {
                return h.dim();
            }

            @Override
            public double[] apply(double[] probe) {
                double[] out = h.apply(probe);
                for (int i = 0; i < out.length; i++) {
                    out[i] += lambda * probe[i];
                }
                return out;
            }
        };
    }
}
