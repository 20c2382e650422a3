package helen.model;

import helen.data.EncodedField;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every model's logits against its definition (FuxiCTR's models; Rendle 2010 for FM, Wang et al.
 * 2017/2021 for the cross networks, Lian et al. 2018 for CIN) computed in plain Java loops from the
 * model's own parameters on a tiny batch, float64, to 1e-12. The tiny layout has a one-hot field
 * and a multi-hot history sharing table a (mean-pooled, padding skipped) and a one-hot field b.
 */
class ForwardReferenceTest {
    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void logitsEqualTheDefinitionComputedByHand(String name) {
        check(TinyModels.model(name, 21));
    }

    /**
     * The training loss by hand: mean BCE of the reference logits + (λ_emb/2)·Σ over the embedding and
     * first-order tables of w² + (λ_net/2)·Σ over every other parameter (biases included) of w².
     */
    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void lossIsMeanBcePlusTheRegularizer(String name) {
        CtrModel m = TinyModels.model(name, 21);
        Tensor[] b = TinyModels.batch(9, 33);
        double[] ids = Tensors.toDoubles(b[0].to(ScalarType.Double));
        double[] y = Tensors.toDoubles(b[1]);
        double got;
        try (NoGradGuard g = new NoGradGuard()) {
            m.eval();
            got = m.loss(b[0], b[1]).item_double();
        }
        Map<String, double[]> p = new HashMap<>();
        m.params().forEach(x -> p.put(x.name(), Tensors.toDoubles(x.tensor())));
        int width = TinyModels.LAYOUT.rowWidth();
        double bce = 0;
        for (int s = 0; s < y.length; s++) {
            int[] row = new int[width];
            for (int j = 0; j < width; j++) {
                row[j] = (int) ids[s * width + j];
            }
            double z = logit(m.config(), p, row);
            double prob = 1 / (1 + Math.exp(-z));
            bce -= y[s] * Math.log(prob) + (1 - y[s]) * Math.log(1 - prob);
        }
        bce /= y.length;
        double reg = 0;
        for (ModelParameter q : m.params()) {
            boolean table = q.role() == ParamRole.EMBEDDING || q.role() == ParamRole.FIRST_ORDER;
            double lambda = table ? m.config().embeddingRegularizer() : m.config().netRegularizer();
            for (double w : p.get(q.name())) {
                reg += lambda / 2 * w * w;
            }
        }
        assertTrue(m.config().embeddingRegularizer() > 0 && m.config().netRegularizer() > 0, "both terms exercised");
        assertEquals(bce + reg, got, 1e-12, name);
    }

    /** DCNv2's other structure: the MLP reads the cross network's output. */
    @Test
    void stackedDcnV2() {
        ModelConfig c = TinyModels.config("dcnv2");
        ModelConfig stacked = new ModelConfig(c.name(), c.embeddingDim(), c.hiddenUnits(), c.activation(), c.dropout(),
                c.batchNorm(), c.embeddingRegularizer(), c.netRegularizer(), c.pooling(), c.embeddingInitStd(),
                new ModelOptions.Cross(2, "stacked"));
        check(Models.create(TinyModels.LAYOUT, stacked, 21, ScalarType.Double));
    }

    private static void check(CtrModel m) {
        Tensor[] b = TinyModels.batch(9, 33);
        double[] ids = Tensors.toDoubles(b[0].to(ScalarType.Double));
        double[] got;
        try (NoGradGuard g = new NoGradGuard()) {
            m.eval();
            got = Tensors.toDoubles(m.forward(b[0]));
        }
        Map<String, double[]> p = new HashMap<>();
        m.params().forEach(x -> p.put(x.name(), Tensors.toDoubles(x.tensor())));
        int width = TinyModels.LAYOUT.rowWidth();
        for (int s = 0; s < got.length; s++) {
            int[] row = new int[width];
            for (int j = 0; j < width; j++) {
                row[j] = (int) ids[s * width + j];
            }
            double want = logit(m.config(), p, row);
            assertEquals(want, got[s], 1e-12 * Math.max(1, Math.abs(want)), m.config().name() + " sample " + s);
        }
        assertTrue(got.length == 9);
    }

    /** The model's logit for one sample, from the definitions. */
    static double logit(ModelConfig c, Map<String, double[]> p, int[] ids) {
        int d = c.embeddingDim();
        double[][] e = fieldEmbeddings(p, ids, "embedding.", d);
        double[] flat = flatten(e);
        switch (c.name()) {
            case "dnn":
                return mlp(p, "dnn", flat, c)[0];
            case "widedeep":
                return firstOrder(p, ids) + mlp(p, "dnn", flat, c)[0];
            case "pnn":
                return mlp(p, "dnn", concat(flat, innerProducts(e)), c)[0];
            case "deepfm":
                return firstOrder(p, ids) + sum(innerProducts(e)) + mlp(p, "dnn", flat, c)[0];
            case "dlrm":
                return mlp(p, "top_mlp", innerProducts(e), c)[0];
            case "dcn":
            case "dcnv2": {
                ModelOptions.Cross o = c.options(ModelOptions.Cross.class);
                double[] x = cross(p, flat, o.crossLayers(), c.name().equals("dcnv2"));
                double[] h = o.structure().equals("stacked") && c.name().equals("dcnv2") ? mlp(p, "dnn", x, c)
                        : concat(x, mlp(p, "dnn", flat, c));
                return dot(p.get("out_w"), h) + p.get("out_b")[0];
            }
            case "xdeepfm":
                return firstOrder(p, ids) + cin(p, e, c.options(ModelOptions.Cin.class).cinHiddenUnits())
                        + mlp(p, "dnn", flat, c)[0];
            default:
                throw new AssertionError("no reference for model " + c.name() + ": add one here");
        }
    }

    /** e_j per field: the row of a one-hot field, the mean of a multi-hot field's non-padding rows (zero if none). */
    static double[][] fieldEmbeddings(Map<String, double[]> p, int[] ids, String prefix, int d) {
        List<EncodedField> fields = TinyModels.LAYOUT.fields();
        double[][] e = new double[fields.size()][d];
        for (int j = 0; j < fields.size(); j++) {
            EncodedField f = fields.get(j);
            double[] table = p.get(prefix + TinyModels.LAYOUT.tables().get(f.tableIndex()));
            int count = 0;
            for (int k = 0; k < f.width(); k++) {
                int id = ids[f.offset() + k];
                if (f.multiHot() && id == 0) {
                    continue;
                }
                count++;
                for (int i = 0; i < d; i++) {
                    e[j][i] += table[id * d + i];
                }
            }
            for (int i = 0; i < d && f.multiHot() && count > 0; i++) {
                e[j][i] /= count;
            }
        }
        return e;
    }

    /** Σ_j w_j (per-field weights of dimension 1, pooled like the embeddings) + bias. */
    static double firstOrder(Map<String, double[]> p, int[] ids) {
        double s = p.get("lr.bias")[0];
        for (double[] w : fieldEmbeddings(p, ids, "lr.", 1)) {
            s += w[0];
        }
        return s;
    }

    /** ⟨e_i, e_j⟩ for i &lt; j, row-major over the upper triangle. */
    static double[] innerProducts(double[][] e) {
        int m = e.length;
        double[] out = new double[m * (m - 1) / 2];
        int k = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                out[k++] = dot(e[i], e[j]);
            }
        }
        return out;
    }

    /** Hidden layers W x + b then the activation (eval mode: no dropout, no batch norm here); an output layer if present. */
    static double[] mlp(Map<String, double[]> p, String prefix, double[] x, ModelConfig c) {
        int hidden = c.hiddenUnits().size();
        for (int l = 0; p.containsKey(prefix + ".w" + l); l++) {
            double[] w = p.get(prefix + ".w" + l);
            double[] b = p.get(prefix + ".b" + l);
            double[] y = new double[b.length];
            for (int o = 0; o < y.length; o++) {
                double s = b[o];
                for (int i = 0; i < x.length; i++) {
                    s += w[o * x.length + i] * x[i];
                }
                y[o] = l < hidden ? activate(s, c.activation()) : s;
            }
            x = y;
        }
        return x;
    }

    /** DCN: x_{l+1} = x0·(x_lᵀ w_l) + b_l + x_l. DCNv2: x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l. */
    static double[] cross(Map<String, double[]> p, double[] x0, int layers, boolean matrix) {
        int n = x0.length;
        double[] x = x0.clone();
        for (int l = 0; l < layers; l++) {
            double[] w = p.get("cross.w" + l);
            double[] b = p.get("cross.b" + l);
            double[] next = new double[n];
            if (matrix) {
                for (int o = 0; o < n; o++) {
                    double s = b[o];
                    for (int i = 0; i < n; i++) {
                        s += w[o * n + i] * x[i];
                    }
                    next[o] = x0[o] * s + x[o];
                }
            } else {
                double xw = dot(x, w);
                for (int o = 0; o < n; o++) {
                    next[o] = x0[o] * xw + b[o] + x[o];
                }
            }
            x = next;
        }
        return x;
    }

    /** CIN: X^k[o] = Σ_{h,i} W_k[o, h·H_{k−1} + i]·(X⁰[h] ⊙ X^{k−1}[i]) + β_k[o]; logit = w·[Σ_d X^k] + β. */
    static double cin(Map<String, double[]> p, double[][] x0, List<Integer> maps) {
        int m = x0.length;
        int d = x0[0].length;
        double[][] x = x0;
        double logit = p.get("cin.out_b")[0];
        int pooled = 0;
        for (int k = 0; k < maps.size(); k++) {
            double[] w = p.get("cin.w" + k);
            double[] bias = p.get("cin.b" + k);
            int prev = x.length;
            double[][] next = new double[maps.get(k)][d];
            for (int o = 0; o < next.length; o++) {
                double sum = 0;
                for (int t = 0; t < d; t++) {
                    double s = bias[o];
                    for (int h = 0; h < m; h++) {
                        for (int i = 0; i < prev; i++) {
                            s += w[o * m * prev + h * prev + i] * x0[h][t] * x[i][t];
                        }
                    }
                    next[o][t] = s;
                    sum += s;
                }
                logit += p.get("cin.out_w")[pooled++] * sum;
            }
            x = next;
        }
        return logit;
    }

    static double activate(double v, String a) {
        switch (a) {
            case "relu":
                return Math.max(0, v);
            case "tanh":
                return Math.tanh(v);
            case "sigmoid":
                return 1 / (1 + Math.exp(-v));
            default:
                throw new AssertionError(a);
        }
    }

    static double[] flatten(double[][] e) {
        double[] out = new double[e.length * e[0].length];
        for (int j = 0; j < e.length; j++) {
            System.arraycopy(e[j], 0, out, j * e[j].length, e[j].length);
        }
        return out;
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
