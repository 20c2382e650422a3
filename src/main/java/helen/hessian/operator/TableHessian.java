package helen.hessian.operator;

import helen.model.CtrModel;

/**
 * The Hessian of the mean loss restricted to one embedding table, as a {@link BlockOperator}:
 * the probe is placed in the table's rows of the shared embedding tensor (zero elsewhere, so
 * cross-field blocks never enter), and the table's rows of H·v are returned.
 */
public final class TableHessian implements BlockOperator {
    private final Hvp hvp;
    private final CtrModel model;
    private final int table;
    private final int rows;
    private final int dim;
    private final long offset;

    public TableHessian(Hvp hvp, CtrModel model, int table) {
        this.hvp = hvp;
        this.model = model;
        this.table = table;
        this.rows = model.layout().tableRows()[table];
        this.dim = model.config().embeddingDim();
        this.offset = model.tableOffset(table);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    public int table() {
        return table;
    }

    @Override
    public double[] apply(double[] probe) {
        return hvp.applyRows(model.embeddingWeight(), offset, rows, probe);
    }
}
