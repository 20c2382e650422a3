package helen.model;

import org.bytedeco.pytorch.Tensor;

/**
 * A named parameter with its role.
 *
 * @param name   the module path, e.g. {@code embedding.C13} or {@code dnn.w0}
 * @param tensor the parameter itself (a handle shared with the module)
 * @param role   embedding table, first-order table or dense weight
 * @param table  the table index for EMBEDDING and FIRST_ORDER, else -1
 */
public record ModelParameter(String name, Tensor tensor, ParamRole role, int table) {
    public boolean isEmbedding() {
        return role == ParamRole.EMBEDDING;
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
