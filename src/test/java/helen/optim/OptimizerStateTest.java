package helen.optim;

import helen.data.Batch;
import helen.model.CtrModel;
import helen.model.TinyModels;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every optimizer's state survives save and load: two steps, a learning-rate decay, a checkpoint,
 * then three more steps in a fresh model and optimizer loaded from it end bit for bit where five
 * uninterrupted steps end (Adam's moments, NAdam's μ-product, RAdam's step count, the sharpness-aware
 * wrappers' base state).
 */
class OptimizerStateTest {
    @TempDir
    Path dir;

    static Stream<String> optimizers() {
        return Optimizers.names().stream();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void fiveStepsEqualTwoStepsCheckpointAndThree(String name) {
        OptimizerConfig c = new OptimizerConfig(name, 5e-2, null, 0.01, HelenConfig.paper(), 0.5);
        long[][] datasetN = {{0, 50, 30, 20, 7, 1}, {0, 9, 4, 4, 2}};
        CtrModel whole = TinyModels.model("deepfm", 11);
        TrainingOptimizer wholeOpt = Optimizers.create(c, whole, () -> datasetN);
        for (int s = 0; s < 5; s++) {
            step(whole, wholeOpt, s);
        }

        CtrModel first = TinyModels.model("deepfm", 11);
        TrainingOptimizer firstOpt = Optimizers.create(c, first, () -> datasetN);
        step(first, firstOpt, 0);
        step(first, firstOpt, 1);
        Path model = dir.resolve(name + ".model");
        Path state = dir.resolve(name + ".optimizer");
        OutputArchive m = new OutputArchive();
        first.save(m);
        m.save_to(model.toString());
        OutputArchive o = new OutputArchive();
        firstOpt.save(o);
        o.save_to(state.toString());

        CtrModel resumed = TinyModels.model("deepfm", 99);   // other initial weights: everything comes from the files
        TrainingOptimizer resumedOpt = Optimizers.create(c, resumed, () -> datasetN);
        InputArchive mi = new InputArchive();
        mi.load_from(model.toString());
        resumed.load(mi);
        InputArchive oi = new InputArchive();
        oi.load_from(state.toString());
        resumedOpt.load(oi);
        resumedOpt.setLearningRate(firstOpt.learningRate());
        for (int s = 2; s < 5; s++) {
            step(resumed, resumedOpt, s);
        }
        for (int i = 0; i < whole.leaves().size(); i++) {
            assertArrayEquals(flat(whole.leaves().get(i)), flat(resumed.leaves().get(i)), 0.0, name + " parameter " + i);
        }
        assertEquals(wholeOpt.learningRate(), resumedOpt.learningRate());
    }

    /** Step s on its own batch; the learning rate drops ×0.1 after step 1, as on a plateau. */
    private static void step(CtrModel m, TrainingOptimizer opt, int s) {
        Tensor[] b = TinyModels.batch(12, 40 + s);
        Batch batch = TinyModels.batchObject(12, 40 + s);
        opt.step(HelenVariantsTest.trainingLoss(m, b), batch);
        if (s == 1) {
            opt.setLearningRate(opt.learningRate() * 0.1);
        }
    }

    private static double[] flat(Tensor t) {
        return helen.tensor.Tensors.toDoubles(t);
    }
}
