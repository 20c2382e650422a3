package helen.model.layer;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multi-layer perceptron: for each hidden size, linear → (batch norm) → activation → dropout;
 * then an optional linear output layer. Weights are Xavier-normal, biases zero (FuxiCTR's init).
 * Input [batch, in], output [batch, out] (or [batch, last hidden] without an output layer).
 */
public final class MlpBlock extends Module {
    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();
    private final List<BatchNorm1dImpl> norms = new ArrayList<>();
    private final String activation;
    private final double dropout;
    private final int hiddenLayers;
    private final int outputDim;

    /**
     * @param outputDim size of the final linear layer, or 0 for none
     */
    public MlpBlock(int in, List<Integer> hidden, int outputDim, String activation, double dropout, boolean batchNorm,
                    SplittableRandom rnd, ScalarType dtype) {
        this.activation = activation;
        this.dropout = dropout;
        this.hiddenLayers = hidden.size();
        this.outputDim = outputDim;
        int prev = in;
        List<Integer> sizes = new ArrayList<>(hidden);
        if (outputDim > 0) {
            sizes.add(outputDim);
        }
        for (int i = 0; i < sizes.size(); i++) {
            int out = sizes.get(i);
            double std = Math.sqrt(2.0 / (prev + out));
            weights.add(Parameters.register(this, "w" + i, Tensors.gaussian(rnd, std, dtype, out, prev)));
            biases.add(Parameters.register(this, "b" + i, Tensors.zeros(dtype, out)));
            if (batchNorm && i < hidden.size()) {
                BatchNorm1dImpl bn = register_module("bn" + i, new BatchNorm1dImpl(new BatchNormOptions(out)));
                bn.to(dtype, false);
                norms.add(bn);
            }
            prev = out;
        }
    }

    public int outputSize(int in) {
        if (outputDim > 0) {
            return outputDim;
        }
        return hiddenLayers == 0 ? in : (int) weights.get(hiddenLayers - 1).size(0);
    }

    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < weights.size(); i++) {
            x = handOver(x, biases.get(i).addmm(x, weights.get(i).t()), input); // bias + x·Wᵀ in one GEMM
            if (i < hiddenLayers) {
                if (!norms.isEmpty()) {
                    x = handOver(x, norms.get(i).forward(x), input);
                }
                boolean drop = dropout > 0 && is_training();
                if (drop && "relu".equals(activation)) {
                    // relu(x)·m/(1-p) = relu(x·m/(1-p)) (m ≥ 0), products of the same factors in either
                    // order: dropout first, then relu in place on its output, so that backward keeps one
                    // activation a layer (relu's output, the next layer's input) where relu-then-dropout
                    // kept two (at batch 10,000 and 1000 units: 40 MB a layer less)
                    x = handOver(x, dropout(x), input);
                    x.relu_(); // in place: JavaCPP hands back this same wrapper
                } else {
                    // In place: x is this layer's fresh output and addmm/batch norm do not keep it for backward.
                    activateInPlace(x, activation);
                    if (drop) {
                        x = handOver(x, dropout(x), input);
                    }
                }
            }
        }
        return x;
    }

    /**
     * Returns {@code next}, closing {@code prev}'s wrapper unless it is the caller's input. A wrapper
     * made in a pass otherwise lives until the pass's PointerScope closes, and keeps its tensor alive
     * that long, needed or not (at batch 10,000 a layer's output is 40 MB); autograd holds its own
     * reference to what backward needs. Not for in-place results: JavaCPP returns the same wrapper.
     */
    private static Tensor handOver(Tensor prev, Tensor next, Tensor input) {
        if (prev != input) {
            prev.close();
        }
        return next;
    }

    /**
     * native_dropout keeps a 1-byte mask for backward where torch.dropout keeps a float noise tensor
     * (at batch 10,000 and 1000 units: 10 MB a layer, not 40); the same Bernoulli draws, output x·mask·1/(1-p).
     * The pair is closed at once (it holds the output and the mask, which backward keeps anyway); its
     * get0() points into the pair, so the output is copied out first (a new reference, not new data).
     */
    private Tensor dropout(Tensor x) {
        try (T_TensorTensor_T outputAndMask = torch.native_dropout(x, dropout, new BoolOptional(true))) {
            return new Tensor(outputAndMask.get0());
        }
    }

    /** Applies the activation overwriting x (the backward of all three needs only their output). */
    static Tensor activateInPlace(Tensor x, String activation) {
        switch (activation) {
            case "relu":
                return x.relu_();
            case "tanh":
                return x.tanh_();
            case "sigmoid":
                return x.sigmoid_();
            default:
                throw new IllegalArgumentException("unknown activation " + activation);
        }
    }
}
