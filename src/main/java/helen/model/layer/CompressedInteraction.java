package helen.model.layer;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compressed Interaction Network of xDeepFM (Lian et al. 2018), as FuxiCTR defines it: no
 * activation, a bias per feature map, sum pooling over the embedding dimension of every layer, and
 * one linear unit over all pooled maps.
 *
 * <p>With X⁰ = E [batch, m, d] and H₀ = m, layer k builds the Hadamard products of every field of
 * X⁰ with every map of X^{k−1}, Z[b, h·H_{k−1} + i, :] = X⁰[b, h, :] ⊙ X^{k−1}[b, i, :], and
 * compresses them: X^k[b, o, :] = Σ_c W_k[o, c]·Z[b, c, :] + β_k[o] (FuxiCTR's kernel-size-1
 * Conv1d, W_k [H_k, m·H_{k−1}], β_k [H_k]). The logit is w·[Σ_d X¹, ..., Σ_d X^L] + β.
 */
public final class CompressedInteraction extends Module {
    private final List<Tensor> w = new ArrayList<>();
    private final List<Tensor> b = new ArrayList<>();
    private final Tensor outW;
    private final Tensor outB;

    /** @param fields m @param maps H₁..H_L, the feature maps of each layer */
    public CompressedInteraction(int fields, List<Integer> maps, SplittableRandom rnd, ScalarType dtype) {
        int previous = fields;
        int pooled = 0;
        for (int k = 0; k < maps.size(); k++) {
            int in = fields * previous;
            int out = maps.get(k);
            w.add(Parameters.register(this, "w" + k, Tensors.gaussian(rnd, Math.sqrt(2.0 / (in + out)), dtype, out, in)));
            b.add(Parameters.register(this, "b" + k, Tensors.zeros(dtype, out)));
            previous = out;
            pooled += out;
        }
        outW = Parameters.register(this, "out_w", Tensors.gaussian(rnd, Math.sqrt(2.0 / (pooled + 1)), dtype, pooled, 1));
        outB = Parameters.register(this, "out_b", Tensors.zeros(dtype, 1));
    }

    /**
     * @param x0 field embeddings [batch, m, d] @return logits [batch]
     *
     * <p>Every (sample, embedding coordinate) pair is one row: the Hadamard products of a layer are
     * the outer products base ⊗ x of that row's field values and previous maps (one batched
     * matrix product), and the compression is one GEMM with W_kᵀ.
     */
    public Tensor forward(Tensor x0) {
        long batch = x0.size(0);
        long fields = x0.size(1);
        long dim = x0.size(2);
        Tensor base = x0.transpose(1, 2).reshape(batch * dim, fields, 1);   // [batch·d, m, 1]
        Tensor x = base.transpose(1, 2);                                   // [batch·d, 1, H_0 = m]
        TensorVector pooled = new TensorVector();
        for (int k = 0; k < w.size(); k++) {
            Tensor z = base.bmm(x).reshape(batch * dim, -1);                 // [batch·d, m·H_{k−1}], index h·H_{k−1} + i
            Tensor xk = b.get(k).addmm(z, w.get(k).t());                     // [batch·d, H_k]
            pooled.push_back(xk.reshape(batch, dim, -1).sum(1));             // Σ_d → [batch, H_k]
            x = xk.unsqueeze(1);
        }
        return torch.cat(pooled, 1).mm(outW).squeeze(1).add(outB);
    }
}
