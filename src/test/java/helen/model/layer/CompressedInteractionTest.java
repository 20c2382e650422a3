package helen.model.layer;

import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CIN against its definition (Lian et al. 2018, FuxiCTR) written as plain loops over the layer's own weights, float64. */
class CompressedInteractionTest {
    @Test
    void logitsEqualTheDefinitionComputedByHand() {
        int batch = 3;
        int m = 4;
        int d = 5;
        List<Integer> maps = List.of(3, 2, 4);
        SplittableRandom rnd = new SplittableRandom(7);
        CompressedInteraction cin = new CompressedInteraction(m, maps, rnd, ScalarType.Double);
        Map<String, double[]> p = new HashMap<>();
        StringTensorDict named = cin.named_parameters(true);
        try (NoGradGuard g = new NoGradGuard()) {
            for (long i = 0; i < named.size(); i++) {
                Tensor t = named.get(i).value();
                double[] v = new double[(int) t.numel()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = 0.3 * rnd.nextGaussian(); // non-zero biases too, so a dropped bias is seen
                }
                t.copy_(Tensors.fromDoubles(v, ScalarType.Double, t.sizes().vec().get()));
                p.put(named.get(i).key().getString(), v);
            }
        }
        double[] x0 = new double[batch * m * d];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = rnd.nextGaussian();
        }
        double[] got;
        try (NoGradGuard g = new NoGradGuard()) {
            got = Tensors.toDoubles(cin.forward(Tensors.fromDoubles(x0, ScalarType.Double, batch, m, d)));
        }
        for (int b = 0; b < batch; b++) {
            double[][] x = new double[m][d];
            for (int h = 0; h < m; h++) {
                for (int e = 0; e < d; e++) {
                    x[h][e] = x0[(b * m + h) * d + e];
                }
            }
            double logit = p.get("out_b")[0];
            int pooledIndex = 0;
            int prev = m;
            for (int k = 0; k < maps.size(); k++) {
                double[] w = p.get("w" + k);     // [H_k, m·H_{k−1}]
                double[] bias = p.get("b" + k);  // [H_k]
                double[][] next = new double[maps.get(k)][d];
                for (int o = 0; o < maps.get(k); o++) {
                    for (int e = 0; e < d; e++) {
                        double s = bias[o];
                        for (int h = 0; h < m; h++) {
                            for (int i = 0; i < prev; i++) {
                                s += w[o * m * prev + h * prev + i] * x0[(b * m + h) * d + e] * x[i][e];
                            }
                        }
                        next[o][e] = s;
                    }
                    double pooled = 0;
                    for (int e = 0; e < d; e++) {
                        pooled += next[o][e];
                    }
                    logit += p.get("out_w")[pooledIndex++] * pooled;
                }
                x = next;
                prev = maps.get(k);
            }
            assertEquals(logit, got[b], 1e-12 * Math.max(1, Math.abs(logit)), "row " + b);
        }
    }
}
