package helen.model;

import org.bytedeco.pytorch.Tensor;

/**
 * A named parameter with its role. Embedding and first-order tables are row ranges of one shared
 * leaf tensor (see {@code FeatureEmbedding}); {@link #tensor()} and {@link #grad()} give views of
 * that range, dense parameters are their own leaf.
 *
 * @param name   {@code embedding.<table>}, {@code lr.<table>}, or the module path such as {@code dnn.w0}
 * @param leaf   the registered parameter holding the values
 * @param offset first row of this table in {@code leaf} (tables only)
 * @param rows   rows of this table, or -1 for a whole dense parameter
 * @param role   embedding table, first-order table or dense weight
 * @param table  the table index for EMBEDDING and FIRST_ORDER, else -1
 */
public record ModelParameter(String name, Tensor leaf, long offset, long rows, ParamRole role, int table) {
    public boolean isEmbedding() {
        return role == ParamRole.EMBEDDING;
    }

    /** The values (a view for a table: in-place changes under NoGradGuard change the model). */
    public Tensor tensor() {
        return rows < 0 ? leaf : leaf.narrow(0, offset, rows);
    }

    /** The gradient of the values, or an undefined tensor before any backward. */
    public Tensor grad() {
        Tensor g = leaf.grad();
        if (rows < 0 || g.isNull() || !g.defined()) {
            return g;
        }
        return g.narrow(0, offset, rows);
    }

    /**
     * Whether this is a bias (the last name segment is {@code bias}, {@code out_b} or {@code b<digits>}),
     * for ASAM, whose T_w is the identity on biases. Tables and weight matrices are not biases.
     */
    public boolean isBias() {
        String last = name.substring(name.lastIndexOf('.') + 1);
        return last.equals("bias") || last.equals("out_b") || last.matches("b\\d+");
    }
}
