package helen.optim;

import com.fasterxml.jackson.databind.JsonNode;
import helen.ReferenceVectors;
import helen.data.Batch;
import helen.model.TinyReference;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Eight steps of SAM, ASAM, Helen (official, official with network perturbation, paper, Helen-m
 * paper) and clipped Adam/SAM at lr 1e-2 over three rotating mini-batches, against trajectories
 * PyTorch computed from the definitions (scripts/reference/sharpness_trajectories.py, float64).
 * A one-step check from fresh Adam sees little more than sign(g); eight steps separate every variant
 * (their final weights differ by 9e-3 or more from each other).
 */
class SharpnessTrajectoryTest {
    static final JsonNode REF = ReferenceVectors.read("sharpness_trajectories.json");

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        REF.get("cases").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsThePyTorchTrajectory(String name) {
        JsonNode c = REF.get("cases").get(name);
        JsonNode setup = c.get("setup");
        TinyReference tiny = new TinyReference();
        long[][] datasetCounts = counts(REF.get("dataset_counts"));
        TrainingOptimizer opt = Optimizers.create(config(setup), tiny.model, () -> datasetCounts);
        JsonNode expected = c.get("params_after_each_step");
        JsonNode batches = REF.get("batches");
        for (int step = 0; step < expected.size(); step++) {
            JsonNode rows = batches.get(step % batches.size());
            Batch batch = subBatch(tiny, rows);
            Tensor ids = Tensors.ids(batch.ids, batch.size, 2);
            float[] labels = new float[batch.size];
            for (int i = 0; i < batch.size; i++) {
                labels[i] = (float) tiny.json.get("labels").get(rows.get(i).asInt()).asDouble();
            }
            opt.step(SharpnessAwareTest.closure(tiny.model, ids, Tensors.labels(labels, batch.size, ScalarType.Double)), batch);
            assertArrayEquals(TinyReference.flatten(expected.get(step)), tiny.flatParams(), 1e-12, name + ", step " + (step + 1));
        }
        assertEquals(REF.get("lr").asDouble(), opt.learningRate());
    }

    /** The optimizer config the case's setup describes (no clipping unless it says so). */
    static OptimizerConfig config(JsonNode s) {
        String family = s.get("family").asText();
        double lr = REF.get("lr").asDouble();
        Double rho = s.has("rho") ? s.get("rho").asDouble() : null;
        double eta = s.path("eta").asDouble(0.01);
        Double clip = s.has("max_grad_norm") ? s.get("max_grad_norm").asDouble() : 0.0;
        if (!family.equals("helen")) {
            return new OptimizerConfig(family, lr, rho, eta, null, clip);
        }
        boolean ablation = s.get("xi").asDouble() == 0;
        boolean network = s.get("network").asBoolean();
        String name = ablation ? (network ? "helen-b" : "helen-m") : "helen";
        HelenConfig h = new HelenConfig(ablation ? null : s.get("xi").asDouble(),
                s.path("unperturbed_step_at_w").asBoolean(false) ? "official" : "paper",
                s.get("dataset_frequency").asBoolean() ? "dataset" : "batch", s.get("row_normalize").asBoolean() ? "row" : "field",
                ablation ? null : network, s.get("present_rows_only").asBoolean() ? "present_rows" : "all_rows");
        return new OptimizerConfig(name, lr, rho, eta, h, clip);
    }

    static Batch subBatch(TinyReference tiny, JsonNode rows) {
        Batch b = new Batch(rows.size(), 2);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode sample = tiny.json.get("ids").get(rows.get(i).asInt());
            b.ids[2 * i] = sample.get(0).asInt();
            b.ids[2 * i + 1] = sample.get(1).asInt();
        }
        b.size = rows.size();
        return b;
    }

    static long[][] counts(JsonNode n) {
        long[][] out = new long[n.size()][];
        for (int t = 0; t < n.size(); t++) {
            out[t] = new long[n.get(t).size()];
            for (int k = 0; k < out[t].length; k++) {
                out[t][k] = n.get(t).get(k).asLong();
            }
        }
        return out;
    }
}
