package helen.optim;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.Batch;
import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.TinyModels;
import helen.model.TinyReference;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharpnessAwareTest {
    static Closure closure(CtrModel m, Tensor ids, Tensor labels) {
        return () -> {
            m.zero_grad(true);
            Tensor l = CtrModel.bce(m.forward(ids), labels);
            l.backward();
            return l.item_double();
        };
    }

    /** The tiny reference batch as a helen Batch (Helen counts its frequencies). */
    static Batch batchOf(TinyReference ref) {
        int n = ref.json.get("ids").size();
        Batch b = new Batch(n, 2);
        for (int i = 0; i < n; i++) {
            b.ids[2 * i] = ref.json.get("ids").get(i).get(0).asInt();
            b.ids[2 * i + 1] = ref.json.get("ids").get(i).get(1).asInt();
        }
        b.size = n;
        return b;
    }

    /** One step from fresh Adam, no clipping; Helen as the official code with {@code net_pert: True} (as the reference was made). */
    static double[] oneStep(String optimizer, Double rho, Double xi) {
        TinyReference ref = new TinyReference();
        OptimizerConfig c = new OptimizerConfig(optimizer, 1e-3, rho, 0.01, new HelenConfig(xi, "batch", "field").withNetwork(
                optimizer.equals("helen") ? true : null), 0.0);
        TrainingOptimizer opt = Optimizers.create(c, ref.model, () -> null);
        opt.step(closure(ref.model, ref.ids, ref.labels), batchOf(ref));
        return ref.flatParams();
    }

    static double[] expected(String key) {
        TinyReference ref = new TinyReference();
        return TinyReference.flatten(ref.json.get("one_step_from_fresh_adam_lr_1e-3").get(key));
    }

    @Test
    void samAsamAndHelenMatchThePyTorchReferenceStep() {
        assertArrayEquals(expected("SAM_rho_0.05_params_flat"), oneStep("sam", 0.05, null), 1e-12, "SAM");
        assertArrayEquals(expected("ASAM_rho_0.5_eta_0.01_params_flat"), oneStep("asam", 0.5, null), 1e-12, "ASAM");
        assertArrayEquals(expected("Helen_official_rho_0.05_xi_0.3_params_flat"), oneStep("helen", 0.05, 0.3), 1e-12, "Helen");
        assertArrayEquals(expected("Adam_params_flat"), oneStep("adam", null, null), 1e-12, "Adam");
    }

    /** Every registered optimizer that takes the two-pass sharpness-aware step (read from the registry, not listed here). */
    static java.util.stream.Stream<String> sharpnessAware() {
        CtrModel m = TinyModels.model("deepfm", 3);
        return Optimizers.names().stream().filter(n -> Optimizers.create(new OptimizerConfig(n, 1e-2, null, 0.01, null), m,
                () -> null) instanceof SharpnessAware);
    }

    /** With ρ = 0 the second gradient is taken at w itself and w is restored by copy: the step is Adam's, bit for bit. */
    @ParameterizedTest
    @MethodSource("sharpnessAware")
    void rhoZeroIsExactlyTheBaseStep(String name) {
        double[] adam = run(name.equals("adam") ? "adam" : "adam", null, 3);
        double[] other = run(name, 0.0, 3);
        assertArrayEquals(adam, other, 0.0, name);
    }

    private static double[] run(String name, Double rho, int steps) {
        CtrModel m = TinyModels.model("deepfm", 3);
        OptimizerConfig c = new OptimizerConfig(name, 1e-2, rho, 0.01, new HelenConfig(name.equals("helen") ? 0.3 : null, "batch", "field"));
        TrainingOptimizer opt = Optimizers.create(c, m, () -> null);
        for (int s = 0; s < steps; s++) {
            Tensor[] b = TinyModels.batch(16, 100 + s);
            opt.step(closure(m, b[0], b[1]), TinyModels.batchObject(16, 100 + s));
        }
        return flat(m);
    }

    static double[] flat(CtrModel m) {
        return TinyReference.concat(m.params().stream().map(p -> Tensors.toDoubles(p.tensor())).toList());
    }

    /** A zero gradient (the loss times 0) and rows absent from the batch give finite weights. */
    @ParameterizedTest
    @MethodSource("sharpnessAware")
    void zeroGradientsAndAbsentRowsStayFinite(String name) {
        CtrModel m = TinyModels.model("deepfm", 3);
        OptimizerConfig c = new OptimizerConfig(name, 1e-2, 0.05, 0.01, new HelenConfig(null, "batch", "row"));
        TrainingOptimizer opt = Optimizers.create(c, m, () -> null);
        Tensor[] b = TinyModels.batch(4, 7);
        opt.step(() -> {
            m.zero_grad(true);
            Tensor l = CtrModel.bce(m.forward(b[0]), b[1]).mul(new org.bytedeco.pytorch.Scalar(0.0));
            l.backward();
            return l.item_double();
        }, TinyModels.batchObject(4, 7));
        for (double v : flat(m)) {
            assertTrue(Double.isFinite(v));
        }
        // a normal step too, where most rows of the tables are absent from a 4-row batch
        opt.step(closure(m, b[0], b[1]), TinyModels.batchObject(4, 7));
        for (double v : flat(m)) {
            assertTrue(Double.isFinite(v));
        }
    }

    /** Helen scales embedding rows by batch frequency and, with net_pert, treats first-order tables as dense. */
    @Test
    void helenEpsilonFollowsTheOfficialDefinition() {
        CtrModel m = TinyModels.model("deepfm", 3);
        Tensor[] b = TinyModels.batch(16, 5);
        Batch batch = TinyModels.batchObject(16, 5);
        closure(m, b[0], b[1]).lossAndGradients();
        double rho = 0.05;
        double xi = 0.3;
        HelenPerturbation h = new HelenPerturbation(HelenConfig.official().withXi(xi).withNetwork(true).settings("helen", rho),
                TinyModels.LAYOUT, null);
        List<ModelParameter> params = m.params();
        List<Tensor> eps = h.epsilonPerParameter(params, batch);
        // table b (field b only): N counted in the batch
        int tb = 1;
        ModelParameter pb = params.stream().filter(p -> p.name().equals("embedding.b")).findFirst().orElseThrow();
        double[] g = Tensors.toDoubles(pb.grad());
        double[] e = Tensors.toDoubles(eps.get(params.indexOf(pb)));
        int rows = TinyModels.LAYOUT.tableRows()[tb];
        int dim = g.length / rows;
        double[] n = new double[rows];
        for (int i = 0; i < 16; i++) {
            n[batch.ids[i * batch.width + 1]]++;
        }
        double max = java.util.Arrays.stream(n).max().orElseThrow();
        double gNorm = Math.sqrt(java.util.Arrays.stream(g).map(x -> x * x).sum());
        for (int k = 0; k < rows; k++) {
            double s = Math.max(n[k] / max, xi);
            for (int d = 0; d < dim; d++) {
                assertEquals(rho * s * g[k * dim + d] / (gNorm + 1e-12), e[k * dim + d], 1e-16, "row " + k);
            }
        }
        // dense and first-order parameters share one norm
        double denseSq = 0;
        for (ModelParameter p : params) {
            if (!p.isEmbedding()) {
                for (double x : Tensors.toDoubles(p.grad())) {
                    denseSq += x * x;
                }
            }
        }
        ModelParameter lr = params.stream().filter(p -> p.name().equals("lr.a")).findFirst().orElseThrow();
        double[] gl = Tensors.toDoubles(lr.grad());
        double[] el = Tensors.toDoubles(eps.get(params.indexOf(lr)));
        for (int i = 0; i < gl.length; i++) {
            assertEquals(rho * gl[i] / (Math.sqrt(denseSq) + 1e-12), el[i], 1e-16);
        }
    }

    /** A second pass that fails leaves the weights at w, not at w + ε (the ascent is undone on the way out). */
    @ParameterizedTest
    @MethodSource("sharpnessAware")
    void aFailedSecondPassLeavesTheWeightsAtW(String name) {
        CtrModel m = TinyModels.model("deepfm", 3);
        TrainingOptimizer opt = Optimizers.create(new OptimizerConfig(name, 1e-2, 0.5, 0.01,
                new HelenConfig(name.equals("helen") ? 0.3 : null, "batch", "field")), m, () -> null);
        Tensor[] b = TinyModels.batch(16, 9);
        double[] before = flat(m);
        Closure first = closure(m, b[0], b[1]);
        int[] calls = new int[1];
        RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> opt.step(() -> {
            if (calls[0]++ == 1) {
                throw new IllegalStateException("second pass failed");
            }
            return first.lossAndGradients();
        }, TinyModels.batchObject(16, 9)));
        assertEquals("second pass failed", failure.getMessage());
        assertArrayEquals(before, flat(m), 0.0, name);
    }
}
