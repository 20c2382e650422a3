package helen.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedSplit;
import helen.model.CtrModel;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import helen.optim.Optimizers;
import helen.optim.TrainingOptimizer;
import helen.train.TrainConfig;
import helen.train.TrainStep;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * One optimizer under the training benchmark: its own model (the config's seed, so every optimizer
 * starts from the same weights), its own pass over the training split, and the time of each timed
 * step with the part spent outside the forward/backward passes (the optimizer's own work).
 */
final class TimedTraining {
    final String optimizer;
    private CtrModel model;
    private TrainingOptimizer opt;
    private final EncodedSplit train;
    private final int batch;
    private BatchIterator batches;
    private int epoch = 1;
    /** Seconds of timed step s. */
    final double[] stepSeconds;
    /** Seconds of timed step s outside its passes. */
    final double[] outsideSeconds;
    /** Seconds of the first and the second forward/backward pass of timed step s (0 where there is none). */
    private final double[][] passSeconds;
    private int passes;
    private long samples;
    /** The process's peak resident memory when this optimizer's steps were done (sequential runs). */
    long peakRssMb;

    TimedTraining(TrainConfig c, String optimizer, FeatureLayout layout, EncodedSplit train, int batch, int timedSteps) {
        this.optimizer = optimizer;
        this.model = Models.create(layout, c.model(), c.seed(), ScalarType.Float);
        this.opt = Optimizers.create(c.optimizer().with(optimizer, c.optimizer().lr(), null, null), model, () -> null);
        this.model.train(true);
        this.train = train;
        this.batch = batch;
        this.batches = new BatchIterator(train, batch, true, epoch);
        this.stepSeconds = new double[timedSteps];
        this.outsideSeconds = new double[timedSteps];
        this.passSeconds = new double[2][timedSteps];
    }

    /** One training step; recorded as timed step {@code s} when s ≥ 0 (warm-up steps pass a negative s). */
    void step(int s) {
        if (!batches.hasNext()) {
            batches = new BatchIterator(train, batch, true, ++epoch);
        }
        long[] inPasses = new long[1];
        int[] pass = new int[1];
        long start = System.nanoTime();
        Batch b = batches.next();
        TrainStep.run(model, opt, b, nanos -> {
            inPasses[0] += nanos;
            if (s >= 0) {
                passes++;
                if (pass[0] < 2) {
                    passSeconds[pass[0]][s] = nanos / 1e9;
                }
            }
            pass[0]++;
        });
        long took = System.nanoTime() - start;
        if (s >= 0) {
            stepSeconds[s] = took / 1e9;
            outsideSeconds[s] = (took - inPasses[0]) / 1e9;
            samples += b.size;
        }
    }

    /** Lets the model and its optimizer state go (the next optimizer's peak memory should not hold them). */
    void release() {
        model = null;
        opt = null;
    }

    double totalSeconds() {
        double t = 0;
        for (double v : stepSeconds) {
            t += v;
        }
        return t;
    }

    /** The measurements as JSON fields of {@code r}. */
    ObjectNode describeInto(ObjectNode r) {
        int steps = stepSeconds.length;
        return r.put("optimizer", optimizer)
                .put("samples_per_second", samples / totalSeconds())
                .put("seconds_per_step", totalSeconds() / steps)
                .put("median_seconds_per_step", TrainingThroughput.median(stepSeconds))
                .put("passes_per_step", (double) passes / steps)
                .put("median_seconds_outside_passes", TrainingThroughput.median(outsideSeconds))
                .put("median_seconds_first_pass", TrainingThroughput.median(passSeconds[0]))
                .put("median_seconds_second_pass", TrainingThroughput.median(passSeconds[1]));
    }
}
