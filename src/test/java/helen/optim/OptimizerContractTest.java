package helen.optim;

import com.fasterxml.jackson.databind.JsonNode;
import helen.model.CtrModel;
import helen.model.TinyModels;
import helen.tensor.Tensors;
import helen.util.HelenException;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the training loop and the run records rely on, for every registered optimizer: the step
 * returns the loss at the unperturbed w, a new learning rate is the one the next step uses, and
 * describe() (written into metrics.json) states the settings the step used.
 */
class OptimizerContractTest {
    static Stream<String> optimizers() {
        return Optimizers.names().stream();
    }

    static final long[][] DATASET_N = {{0, 50, 30, 20, 7, 1}, {0, 9, 4, 4, 2}};

    @ParameterizedTest
    @MethodSource("optimizers")
    void stepReturnsTheLossAtTheUnperturbedWeights(String name) {
        CtrModel m = TinyModels.model("deepfm", 5);
        Tensor[] b = TinyModels.batch(12, 3);
        double expected = m.loss(b[0], b[1]).item_double();
        TrainingOptimizer opt = Optimizers.create(new OptimizerConfig(name, 1e-2, null, 0.01, null), m, () -> DATASET_N);
        assertEquals(expected, opt.step(HelenVariantsTest.trainingLoss(m, b), TinyModels.batchObject(12, 3)), 0.0, name);
    }

    /** A learning rate set after construction (the plateau decay) is the one the next step uses. */
    @ParameterizedTest
    @MethodSource("optimizers")
    void setLearningRateIsTheRateOfTheNextStep(String name) {
        CtrModel direct = TinyModels.model("deepfm", 5);
        CtrModel decayed = TinyModels.model("deepfm", 5);
        TrainingOptimizer a = Optimizers.create(new OptimizerConfig(name, 1e-3, null, 0.01, null), direct, () -> DATASET_N);
        TrainingOptimizer b = Optimizers.create(new OptimizerConfig(name, 1e-1, null, 0.01, null), decayed, () -> DATASET_N);
        b.setLearningRate(1e-3);
        assertEquals(1e-3, b.learningRate());
        Tensor[] batch = TinyModels.batch(12, 3);
        a.step(HelenVariantsTest.trainingLoss(direct, batch), TinyModels.batchObject(12, 3));
        b.step(HelenVariantsTest.trainingLoss(decayed, batch), TinyModels.batchObject(12, 3));
        for (int i = 0; i < direct.leaves().size(); i++) {
            assertArrayEquals(Tensors.toDoubles(direct.leaves().get(i)), Tensors.toDoubles(decayed.leaves().get(i)), 0.0, name);
        }
        assertEquals(1e-3, b.describe().path("lr").asDouble(), name);
    }

    @Test
    void describeStatesTheSettingsTheStepUses() {
        CtrModel m = TinyModels.model("deepfm", 5);
        JsonNode nadam = Optimizers.create(new OptimizerConfig("nadam", 2e-3, null, 0.01, null), m, () -> null).describe();
        assertEquals("nadam", nadam.path("name").asText());
        assertEquals(4e-3, nadam.path("momentum_decay").asDouble());
        assertEquals(10.0, nadam.path("max_grad_norm").asDouble());
        JsonNode radam = Optimizers.create(new OptimizerConfig("radam", 2e-3, null, 0.01, null, 0.0), m, () -> null).describe();
        assertEquals("radam", radam.path("name").asText());
        assertEquals(2e-3, radam.path("lr").asDouble());
        assertFalse(radam.has("max_grad_norm"));
        JsonNode sam = Optimizers.create(new OptimizerConfig("sam", 1e-3, 0.1, 0.01, null), m, () -> null).describe();
        assertEquals(0.1, sam.path("rho").asDouble());
        assertEquals("adam", sam.path("base").path("name").asText());
        JsonNode asam = Optimizers.create(new OptimizerConfig("asam", 1e-3, null, 0.02, null), m, () -> null).describe();
        assertEquals(0.5, asam.path("rho").asDouble(), "ASAM's default radius");
        assertEquals(0.02, asam.path("eta").asDouble());
        JsonNode official = Optimizers.create(new OptimizerConfig("helen", 1e-3, null, 0.01, null), m, () -> null).describe();
        assertEquals(List.of("helen", "0.05", "0.3", "batch", "field", "false", "all_rows", "gradient at w"),
                values(official, "name", "rho", "xi", "frequency", "normalize", "network_perturbation", "perturb",
                        "unperturbed_weights_step_with"));
        assertFalse(official.path("base").has("max_grad_norm"), "the official Helen step is not clipped");
        JsonNode paper = Optimizers.create(new OptimizerConfig("helen-m", 1e-3, null, 0.01, HelenConfig.paper()), m,
                () -> DATASET_N).describe();
        assertEquals(List.of("helen-m", "0.0", "dataset", "row", "false", "present_rows", "gradient at w + eps"),
                values(paper, "name", "xi", "frequency", "normalize", "network_perturbation", "perturb",
                        "unperturbed_weights_step_with"));
    }

    private static List<String> values(JsonNode n, String... keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            out.add(n.path(k).asText());
        }
        return out;
    }

    @Test
    void helenKeysAreCheckedAndTheAblationsKeepTheirDefinition() {
        for (String[] bad : new String[][] {{"variant", "papr"}, {"frequency", "epoch"}, {"normalize", "column"},
                {"perturb", "some_rows"}}) {
            HelenException e = assertThrows(HelenException.class, () -> new HelenConfig(null, bad[0].equals("variant") ? bad[1] : null,
                    bad[0].equals("frequency") ? bad[1] : null, bad[0].equals("normalize") ? bad[1] : null, null,
                    bad[0].equals("perturb") ? bad[1] : null));
            assertTrue(e.getMessage().contains("optimizer." + bad[0]) && e.getMessage().contains(bad[1]), e.getMessage());
        }
        HelenConfig official = HelenConfig.official();
        assertEquals("official", official.variant());
        assertFalse(official.paperVariant());
        assertTrue(official.withVariant("paper").paperVariant());
        assertThrows(HelenException.class, () -> official.withXi(0.3).settings("helen-b", 0.05));
        assertEquals(0.0, official.withXi(0.0).settings("helen-b", 0.05).xi(), "ξ = 0 is helen-b's own value");
        assertThrows(HelenException.class, () -> official.withNetwork(true).settings("helen-m", 0.05));
        assertThrows(HelenException.class, () -> official.withNetwork(false).settings("helen-b", 0.05));
        assertTrue(official.withNetwork(true).settings("helen-b", 0.05).perturbNetwork());
        assertTrue(official.withNetwork(true).settings("helen", 0.05).perturbNetwork());
        assertEquals(HelenSettings.official(0.05, 0.3), official.settings("helen", 0.05));
        HelenConfig resolved = HelenConfig.paper().resolved("helen-b", 0.05);
        assertEquals(new HelenConfig(0.0, "paper", "dataset", "row", true, "present_rows"), resolved);
        assertEquals(resolved, resolved.resolved("helen-b", 0.05), "resolving twice changes nothing");
    }

    @Test
    void theRegistryNamesEveryOptimizerOnce() {
        assertEquals(List.of("adam", "nadam", "radam", "sam", "asam", "helen"), Optimizers.paperColumns());
        assertEquals(Optimizers.names(), Optimizers.all().stream().map(Optimizers.Entry::name).toList());
        assertTrue(Optimizers.contains("helen-b"));
        assertFalse(Optimizers.contains("sgd"));
        List<String> listed = new ArrayList<>();
        new Optimizers.Names().forEach(listed::add);
        assertEquals(Optimizers.names(), listed);
        HelenException e = assertThrows(HelenException.class, () -> Optimizers.create(OptimizerConfig.adam(1e-3).with("sgd",
                1e-3, null, null), TinyModels.model("dnn", 1), () -> null));
        assertTrue(e.getMessage().contains("unknown optimizer 'sgd'") && e.getMessage().contains("helen-m"), e.getMessage());
        OptimizerConfig c = OptimizerConfig.adam(1e-3).with("helen", 2e-3, 0.1, 0.5).withHelen(HelenConfig.paper().withXi(0.5));
        assertEquals(0.5, c.xi());
        assertEquals(2e-3, c.lr());
        assertTrue(c.isHelen() && c.helen().paperVariant());
        assertEquals(10.0, c.effectiveMaxGradNorm(), "the paper variant clips as the paper configs do");
    }
}
