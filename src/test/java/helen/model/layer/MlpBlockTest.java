package helen.model.layer;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLP against its definition in plain loops for every activation, with batch norm (eval mode:
 * running mean 0, variance 1 at the start, so BN is x/√(1 + 1e-5)) and dropout (identity in eval
 * mode; in training, zeros and the survivors scaled by 1/(1 − p)).
 */
class MlpBlockTest {
    static final double[] X = {0.3, -1.2, 0.8, 0.05, 2.0, -0.4};   // 2 rows × 3 inputs

    static MlpBlock mlp(String activation, double dropout, boolean batchNorm) {
        return new MlpBlock(3, List.of(4), 1, activation, dropout, batchNorm, new SplittableRandom(5), ScalarType.Double);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "tanh", "sigmoid"})
    void forwardIsTheLayersWrittenOut(String activation) {
        for (boolean bn : new boolean[] {false, true}) {
            MlpBlock m = mlp(activation, 0, bn);
            m.eval();
            double[] got = Tensors.toDoubles(m.forward(Tensors.fromDoubles(X, ScalarType.Double, 2, 3)));
            assertArrayEquals(byHand(m, activation, bn), got, 1e-12, activation + (bn ? " + batch norm" : ""));
        }
    }

    static double[] byHand(MlpBlock m, String activation, boolean bn) {
        double[] w0 = Tensors.toDoubles(m.named_parameters().get("w0"));
        double[] b0 = Tensors.toDoubles(m.named_parameters().get("b0"));
        double[] w1 = Tensors.toDoubles(m.named_parameters().get("w1"));
        double[] b1 = Tensors.toDoubles(m.named_parameters().get("b1"));
        double[] out = new double[2];
        for (int r = 0; r < 2; r++) {
            double z = b1[0];
            for (int h = 0; h < 4; h++) {
                double a = b0[h];
                for (int i = 0; i < 3; i++) {
                    a += w0[h * 3 + i] * X[r * 3 + i];
                }
                if (bn) {
                    a = a / Math.sqrt(1 + 1e-5);
                }
                a = switch (activation) {
                    case "relu" -> Math.max(0, a);
                    case "tanh" -> Math.tanh(a);
                    default -> 1 / (1 + Math.exp(-a));
                };
                z += w1[h] * a;
            }
            out[r] = z;
        }
        return out;
    }

    @Test
    void dropoutIsTheIdentityInEvalModeAndInvertedDropoutInTraining() {
        MlpBlock plain = mlp("relu", 0, false);
        plain.eval();
        MlpBlock dropped = new MlpBlock(3, List.of(200), 0, "relu", 0.5, false, new SplittableRandom(5), ScalarType.Double);
        MlpBlock noDrop = new MlpBlock(3, List.of(200), 0, "relu", 0, false, new SplittableRandom(5), ScalarType.Double);
        dropped.eval();
        noDrop.eval();
        Tensor x = Tensors.fromDoubles(X, ScalarType.Double, 2, 3);
        double[] reference = Tensors.toDoubles(noDrop.forward(x));
        assertArrayEquals(reference, Tensors.toDoubles(dropped.forward(x)), 0.0, "eval mode: no dropout");
        dropped.train(true);
        double[] train = Tensors.toDoubles(dropped.forward(x));
        int zeros = 0;
        int positive = 0;
        for (int i = 0; i < train.length; i++) {
            if (reference[i] > 0) {
                positive++;
                if (train[i] == 0) {
                    zeros++;
                } else {
                    assertEquals(2 * reference[i], train[i], 1e-12, "survivors scaled by 1/(1 - p)");
                }
            }
        }
        assertTrue(zeros > positive / 4 && zeros < 3 * positive / 4, zeros + " of " + positive + " dropped");
    }

    /**
     * In training the block applies dropout before relu (less memory kept for backward): the same
     * output and the same gradients, to the bit, as relu then dropout written out with the same draws.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dropoutThenReluEqualsReluThenDropoutWithGradients(boolean batchNorm) {
        MlpBlock block = new MlpBlock(3, List.of(50, 40), 1, "relu", 0.3, batchNorm, new SplittableRandom(5), ScalarType.Double);
        block.train(true);
        torch.manual_seed(3);
        Tensor x = torch.randn(64, 3).to(ScalarType.Double);
        Tensor xa = x.clone().requires_grad_(true);
        torch.manual_seed(11);
        block.forward(xa).sum().backward();
        double[] blockGrad = Tensors.toDoubles(block.named_parameters().get("w0").grad());

        Tensor xb = x.clone().requires_grad_(true);
        block.zero_grad(true);
        torch.manual_seed(11);
        Tensor h = xb;
        for (int i = 0; i < 3; i++) {
            Tensor w = block.named_parameters().get("w" + i);
            h = block.named_parameters().get("b" + i).addmm(h, w.t());
            if (i < 2) {
                if (batchNorm) {
                    h = torch.batch_norm(h, new TensorOptional(), new TensorOptional(), new TensorOptional(),
                            new TensorOptional(), true, 0.1, 1e-5, false);
                }
                h = torch.native_dropout(h.relu(), 0.3, new BoolOptional(true)).get0();
            }
        }
        h.sum().backward();
        assertArrayEquals(Tensors.toDoubles(xb.grad()), Tensors.toDoubles(xa.grad()), 0.0, "input gradient");
        assertArrayEquals(Tensors.toDoubles(block.named_parameters().get("w0").grad()), blockGrad, 0.0, "first weight gradient");
    }

    @Test
    void outputSizeAndUnknownActivation() {
        assertEquals(1, mlp("relu", 0, false).outputSize(3));
        assertEquals(7, new MlpBlock(7, List.of(), 0, "relu", 0, false, new SplittableRandom(1), ScalarType.Double).outputSize(7),
                "no hidden layer, no output layer: the input passes through");
        assertEquals(4, new MlpBlock(3, List.of(4), 0, "relu", 0, false, new SplittableRandom(1), ScalarType.Double).outputSize(3));
        assertThrows(IllegalArgumentException.class, () -> MlpBlock.activateInPlace(Tensors.fromDoubles(X, ScalarType.Double, 6),
                "swish"));
    }

    @Test
    void upperIndexListsEveryPairOnceAndFloatTensorsRoundTrip() {
        Tensor idx = Interactions.upperIndex(4);
        assertArrayEquals(new double[] {1, 2, 3, 6, 7, 11}, Tensors.toDoubles(idx.to(ScalarType.Double)), 0.0);
        Tensor f = Tensors.fromDoubles(new double[] {0.1, 2.5}, ScalarType.Float, 2);
        assertEquals(ScalarType.Float.value, f.scalar_type().value);
        assertArrayEquals(new double[] {(float) 0.1, 2.5}, Tensors.toDoubles(f), 0.0);
        Tensor a = Tensors.fromDoubles(new double[] {1, 2}, ScalarType.Double, 1, 2);
        Tensor b = Tensors.fromDoubles(new double[] {3}, ScalarType.Double, 1, 1);
        assertArrayEquals(new double[] {1, 2, 3}, Tensors.toDoubles(Interactions.cat(a, b)), 0.0);
    }
}
