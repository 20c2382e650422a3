package helen.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedDataset;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.model.CtrModel;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import helen.train.TrainConfig;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code helen bench train}'s roofline of one config: the machine's limits at the model's shapes, the
 * floor of a training step and of an HVP over one batch ({@link Roofline}), and one HVP timed here.
 */
record RooflineFigures(Roofline.Limits limits, Roofline.Work step, Roofline.Work hvp, double hvpSeconds, int batch) {
    private static final int REPEATS = 5;

    static RooflineFigures measure(TrainConfig c, EncodedDataset d, int batch) {
        try (PointerScope scope = new PointerScope()) {
            CtrModel model = Models.create(FeatureLayout.of(d), c.model(), c.seed(), ScalarType.Float);
            Roofline.Limits limits = Roofline.measure(model, batch, REPEATS);
            Batch b = new BatchIterator(d.split("train"), batch, true, 1).next();
            AnalysisSet set = AnalysisSet.of(Arrays.copyOf(b.ids, b.size * b.width), Arrays.copyOf(b.labels, b.size), b.width,
                    ScalarType.Float);
            Hvp h = new Hvp(model, set);
            int rows = (int) model.embeddingWeight().size(0);
            int dim = (int) model.embeddingWeight().size(1);
            double[] probe = new SplittableRandom(1).doubles((long) rows * dim).toArray();
            double[] took = new double[REPEATS + 1];
            for (int r = 0; r < took.length; r++) {
                long t0 = System.nanoTime();
                h.applyRows(model.embeddingWeight(), 0, rows, probe);
                took[r] = (System.nanoTime() - t0) / 1e9;
            }
            double hvpSeconds = Arrays.stream(took, 1, took.length).sorted().toArray()[REPEATS / 2];
            return new RooflineFigures(limits, Roofline.trainingStep(model, b.size), Roofline.hvp(model, b.size), hvpSeconds, b.size);
        }
    }

    /** The limits, each floor, and the fractions reached by a step of {@code stepSeconds} and by the timed HVP. */
    void describeInto(ObjectNode o, double stepSeconds) {
        o.put("gemm_gflops", limits.gemmFlops() / 1e9);
        o.put("copy_gb_per_s", limits.bandwidth() / 1e9);
        o.put("step_gemm_gflop", step.flops() / 1e9);
        o.put("step_table_gb", step.bytes() / 1e9);
        o.put("step_floor_s", step.floorSeconds(limits));
        o.put("step_fraction", step.floorSeconds(limits) / stepSeconds);
        o.put("hvp_rows", batch);
        o.put("hvp_gemm_gflop", hvp.flops() / 1e9);
        o.put("hvp_floor_s", hvp.floorSeconds(limits));
        o.put("hvp_s", hvpSeconds);
        o.put("hvp_fraction", hvp.floorSeconds(limits) / hvpSeconds);
    }
}
