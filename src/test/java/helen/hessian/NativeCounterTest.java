package helen.hessian;

import helen.data.Batch;
import helen.hessian.operator.Hvp;
import helen.model.CtrModel;
import helen.model.TinyModels;
import helen.optim.OptimizerConfig;
import helen.optim.Optimizers;
import helen.optim.TrainingOptimizer;
import helen.train.TrainStep;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JavaCPP's own counters of live native objects and bytes: never above their value before the
 * first measured step, after every training step (for every optimizer) and every HVP, so no step
 * keeps a tensor. The counters are global to the JVM and earlier tests' garbage may still be freed
 * meanwhile, so the check is "no growth" after a collection, not equality.
 */
class NativeCounterTest {
    @ParameterizedTest
    @MethodSource("helen.optim.Optimizers#names")
    void trainingStepsReleaseEveryNativeObject(String optimizer) {
        CtrModel m = TinyModels.model("deepfm", 3);
        TrainingOptimizer opt = Optimizers.create(new OptimizerConfig(optimizer, 1e-3, null, 0.01, null), m,
                () -> new long[][] {{0, 5, 4, 3, 2, 1}, {0, 4, 3, 2, 1}});
        Batch batch = TinyModels.batchObject(16, 5);
        batch.labels[0] = 1;
        for (int s = 0; s < 3; s++) { // warm-up: optimizer state and caches are allocated once
            TrainStep.run(m, opt, batch);
        }
        collect();
        long count = Pointer.totalCount();
        long bytes = Pointer.totalBytes();
        for (int s = 0; s < 20; s++) {
            TrainStep.run(m, opt, batch);
            assertNoGrowth(count, bytes, optimizer + " after step " + s);
        }
    }

    @ParameterizedTest
    @MethodSource("helen.model.TinyModels#names")
    void hvpsReleaseEveryNativeObject(String model) {
        CtrModel m = TinyModels.model(model, 3);
        Hvp hvp = new Hvp(m, HvpCheckTest.tinySet(24, 3));
        List<Tensor> leaves = m.leaves();
        List<double[]> v = new ArrayList<>();
        for (Tensor t : leaves) {
            v.add(new double[(int) t.numel()]);
        }
        hvp.apply(leaves, v);
        collect();
        long count = Pointer.totalCount();
        long bytes = Pointer.totalBytes();
        for (int i = 0; i < 10; i++) {
            hvp.apply(leaves, v);
            hvp.gradient(leaves);
            assertNoGrowth(count, bytes, model + " after HVP " + i);
        }
    }

    /** Frees what earlier code left to the garbage collector, so that the baseline holds only live objects. */
    private static void collect() {
        System.gc();
        Pointer.deallocateReferences();
    }

    private static void assertNoGrowth(long count, long bytes, String where) {
        assertTrue(Pointer.totalCount() <= count, "native objects grew " + where + ": " + count + " -> " + Pointer.totalCount());
        assertTrue(Pointer.totalBytes() <= bytes, "native bytes grew " + where + ": " + bytes + " -> " + Pointer.totalBytes());
    }
}
