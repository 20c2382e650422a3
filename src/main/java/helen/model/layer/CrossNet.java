package helen.model.layer;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cross networks on x0 [batch, D].
 * DCN (Wang et al. 2017): x_{l+1} = x0 · (x_lᵀ w_l) + b_l + x_l, with w_l, b_l ∈ R^D.
 * DCNv2 (Wang et al. 2021): x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l, with W_l ∈ R^{D×D}.
 */
public final class CrossNet extends Module {
    private final List<Tensor> w = new ArrayList<>();
    private final List<Tensor> b = new ArrayList<>();
    private final boolean matrix;

    public CrossNet(int dim, int layers, boolean matrix, SplittableRandom rnd, ScalarType dtype) {
        this.matrix = matrix;
        for (int l = 0; l < layers; l++) {
            Tensor weight = matrix ? Tensors.gaussian(rnd, Math.sqrt(1.0 / dim), dtype, dim, dim)
                    : Tensors.gaussian(rnd, Math.sqrt(2.0 / (dim + 1)), dtype, dim, 1);
            w.add(Parameters.register(this, "w" + l, weight));
            b.add(Parameters.register(this, "b" + l, Tensors.zeros(dtype, dim)));
        }
    }

    public Tensor forward(Tensor x0) {
        Tensor x = x0;
        for (int l = 0; l < w.size(); l++) {
            if (matrix) {
                x = x0.mul(b.get(l).addmm(x, w.get(l).t())).add(x);
            } else {
                x = x0.mul(x.mm(w.get(l))).add(b.get(l)).add(x);
            }
        }
        return x;
    }
}
