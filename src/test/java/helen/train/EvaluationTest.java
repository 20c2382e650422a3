package helen.train;

import helen.data.EncodedSplit;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import helen.util.Progress;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluationTest {
    static CtrModel model;

    @BeforeAll
    static void trainOneEpoch() throws Exception {
        Path out = Files.createTempDirectory("helen-eval");
        out.toFile().deleteOnExit();
        Trainer t = new Trainer(GeneratedData.config("deepfm", 1), GeneratedData.get(), out,
                new PrintStream(new ByteArrayOutputStream()), false);
        t.run(false);
        model = t.model();
    }

    /**
     * Against the split scored as one tensor and an independent AUC (all positive/negative pairs) and
     * logloss: batches of 333 rows (the last one partial) land on the right rows, with the right labels.
     */
    @Test
    void batchedMetricsEqualOneWholeSplitPass() {
        EncodedSplit test = GeneratedData.get().split("test");
        int n = test.rows();
        int[] ids = new int[n * test.width()];
        float[] labels = new float[n];
        test.readRange(0, n, ids, labels);
        double[] p;
        boolean wasTraining = model.is_training();
        model.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            p = Tensors.toDoubles(model.forward(Tensors.ids(ids, n, test.width())).sigmoid());
        } finally {
            model.train(wasTraining);
        }
        double logloss = 0;
        double positives = 0;
        for (int i = 0; i < n; i++) {
            double q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
            logloss -= labels[i] > 0.5f ? Math.log(q) : Math.log(1 - q);
            positives += labels[i];
        }
        Evaluation.Metrics m = Evaluation.evaluate(model, test, 333);
        assertEquals(n, m.rows());
        assertEquals(positives / n, m.positiveRate(), 1e-12);
        assertEquals(helen.stats.AucTest.pairwise(p, labels), m.auc(), 1e-6);
        assertEquals(logloss / n, m.logloss(), 1e-6);
    }

    /** Two splits in one pass give each split's own metrics, in order. */
    @Test
    void severalSplitsInOnePassEqualOneAtATime() {
        EncodedSplit test = GeneratedData.get().split("test");
        EncodedSplit valid = GeneratedData.get().split("valid");
        List<Evaluation.Metrics> both = Evaluation.evaluate(model, List.of(valid, test), 500, Progress.off());
        assertEquals(Evaluation.evaluate(model, valid, 500), both.get(0));
        assertEquals(Evaluation.evaluate(model, test, 500), both.get(1));
    }
}
