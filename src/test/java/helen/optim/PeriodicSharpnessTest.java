package helen.optim;

import helen.data.Batch;
import helen.model.CtrModel;
import helen.model.TinyModels;
import helen.tensor.Tensors;
import helen.util.HelenException;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helen-k against its definition, built from optimizers checked elsewhere: step 1, k + 1, 2k + 1, … is
 * Helen's step, every other step Adam's, both on the one Adam state. The reference runs {@code helen}
 * and {@code adam} in turn and hands the Adam state from one to the other through a checkpoint, so
 * that each step is taken by the registry's own Helen or Adam with the moments of every step before.
 */
class PeriodicSharpnessTest {
    private static final long[][] DATASET_N = {{0, 50, 30, 20, 7, 1}, {0, 9, 4, 4, 2}};

    @TempDir
    Path dir;

    @Test
    void helenOnSteps1AndKPlus1AdamBetweenSharingOneState() {
        int k = 3;
        int steps = 2 * k + 1;
        CtrModel periodic = TinyModels.model("deepfm", 7);
        TrainingOptimizer helenK = Optimizers.create(config("helen-k", k), periodic, () -> DATASET_N);
        List<Integer> passes = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            passes.add(step(periodic, helenK, s));
        }
        assertEquals(List.of(2, 1, 1, 2, 1, 1, 2), passes, "gradient passes per step: Helen's two every k-th step");

        CtrModel reference = TinyModels.model("deepfm", 7);
        Path state = null;
        for (int s = 0; s < steps; s++) {
            String name = s % k == 0 ? "helen" : "adam";
            TrainingOptimizer opt = Optimizers.create(config(name, 1), reference, () -> DATASET_N);
            if (state != null) {
                InputArchive in = new InputArchive();
                in.load_from(state.toString());
                opt.load(in);
            }
            step(reference, opt, s);
            OutputArchive out = new OutputArchive();
            opt.save(out);
            state = dir.resolve("state-" + s);
            out.save_to(state.toString());
        }
        for (int i = 0; i < periodic.leaves().size(); i++) {
            assertArrayEquals(Tensors.toDoubles(reference.leaves().get(i)), Tensors.toDoubles(periodic.leaves().get(i)), 0.0,
                    "parameter " + i);
        }
    }

    @Test
    void everyOneIsHelen() {
        CtrModel a = TinyModels.model("deepfm", 8);
        CtrModel b = TinyModels.model("deepfm", 8);
        TrainingOptimizer helen = Optimizers.create(config("helen", 1), a, () -> DATASET_N);
        TrainingOptimizer helenK = Optimizers.create(config("helen-k", 1), b, () -> DATASET_N);
        for (int s = 0; s < 3; s++) {
            step(a, helen, s);
            assertEquals(2, step(b, helenK, s));
        }
        for (int i = 0; i < a.leaves().size(); i++) {
            assertArrayEquals(Tensors.toDoubles(a.leaves().get(i)), Tensors.toDoubles(b.leaves().get(i)), 0.0, "parameter " + i);
        }
        assertEquals(1, helenK.describe().get("every").asInt());
        assertEquals("helen-k", helenK.describe().get("name").asText());
    }

    @Test
    void aPeriodBelowOneIsRefusedNamingTheKey() {
        HelenException e = assertThrows(HelenException.class, () -> new OptimizerOptions.Periodic(0));
        assertTrue(e.getMessage().contains("optimizer.every"), e.getMessage());
        assertEquals(OptimizerOptions.Periodic.DEFAULT_EVERY, new OptimizerOptions.Periodic(null).every());
    }

    /** Helen's official settings, no clipping for either optimizer (so that Adam alone steps as Helen's base). */
    private static OptimizerConfig config(String name, int every) {
        return new OptimizerConfig(name, 1e-2, 0.5, 0.01, HelenConfig.official(), 0.0,
                name.equals("helen-k") ? new OptimizerOptions.Periodic(every) : null);
    }

    /** Step s on its own batch; returns the gradient passes it took. */
    private static int step(CtrModel m, TrainingOptimizer opt, int s) {
        Tensor[] b = TinyModels.batch(12, 60 + s);
        Batch batch = TinyModels.batchObject(12, 60 + s);
        int[] calls = {0};
        Closure loss = HelenVariantsTest.trainingLoss(m, b);
        opt.step(() -> {
            calls[0]++;
            return loss.lossAndGradients();
        }, batch);
        return calls[0];
    }
}
