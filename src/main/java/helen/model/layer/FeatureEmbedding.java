package helen.model.layer;

import helen.data.EncodedField;
import helen.model.FeatureLayout;
import helen.model.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One [rows, dim] table per embedding table of the layout (shared tables appear once), and the
 * lookup of a batch: ids [batch, rowWidth] int32 → field embeddings [batch, numFields, dim].
 * A one-hot field selects one row; a multi-hot field pools its non-padding rows (mean or sum;
 * an all-padding history gives a zero vector). With dim 1 this is the first-order (LR) layer.
 */
public final class FeatureEmbedding extends Module {
    private final FeatureLayout layout;
    private final List<Tensor> tables = new ArrayList<>();
    private final boolean meanPooling;
    private final int dim;

    public FeatureEmbedding(FeatureLayout layout, int dim, double initStd, boolean meanPooling, SplittableRandom rnd,
                            ScalarType dtype) {
        this.layout = layout;
        this.dim = dim;
        this.meanPooling = meanPooling;
        for (int t = 0; t < layout.tables().size(); t++) {
            Tensor w = Tensors.gaussian(rnd, initStd, dtype, layout.tableRows()[t], dim);
            tables.add(Parameters.register(this, paramName(layout.tables().get(t)), w));
        }
    }

    /** libtorch forbids '.' in parameter names. */
    public static String paramName(String table) {
        return table.replaceAll("[^A-Za-z0-9_]", "_");
    }

    public List<Tensor> tables() {
        return tables;
    }

    /** @param ids int32 [batch, rowWidth] @return [batch, numFields, dim] */
    public Tensor forward(Tensor ids) {
        TensorVector perField = new TensorVector();
        for (EncodedField f : layout.fields()) {
            Tensor table = tables.get(f.tableIndex());
            if (!f.multiHot()) {
                perField.push_back(table.index_select(0, ids.select(1, f.offset())));
                continue;
            }
            Tensor slot = ids.narrow(1, f.offset(), f.width());                 // [B, L]
            long b = slot.size(0);
            Tensor rows = table.index_select(0, slot.reshape(-1)).view(b, f.width(), dim); // [B, L, d]
            Tensor mask = slot.ne(new org.bytedeco.pytorch.Scalar(0)).unsqueeze(2).to(table.scalar_type()); // [B, L, 1]
            Tensor pooled = rows.mul(mask).sum(1);                              // [B, d]
            if (meanPooling) {
                pooled = pooled.div(mask.sum(1).clamp_min(new org.bytedeco.pytorch.Scalar(1.0)));
            }
            perField.push_back(pooled);
        }
        return torch.stack(perField, 1);
    }
}
