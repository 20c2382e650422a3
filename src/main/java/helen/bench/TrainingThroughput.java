package helen.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.Presets;
import helen.data.synthetic.SyntheticCriteo;
import helen.data.synthetic.SyntheticOptions;
import helen.model.layer.FeatureLayout;
import helen.tensor.Tensors;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.util.FileTrees;
import helen.util.Json;
import helen.util.ProcessMemory;
import helen.util.Progress;
import helen.util.Provenance;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * {@code helen bench train}: samples/s, step time and peak memory of training configs on generated data
 * with the Criteo_x4 field layout, each optimizer's step against Adam's, and the roofline of each step.
 *
 * @param configs    training configs to measure
 * @param batch      rows per batch
 * @param steps      timed steps (after 2 warm-up steps)
 * @param rows       generated training rows
 * @param maxVocab   largest vocabulary per field of the generated data
 * @param minCount   ids kept when seen this often (null: the criteo_x4 preset's)
 * @param threads    libtorch threads
 * @param device     cpu, cuda or cuda:N
 * @param optimizers optimizers timed on every config
 * @param interleave one step of each optimizer in turn, each on its own model (else all steps of one, then the next)
 */
public record TrainingThroughput(List<Path> configs, int batch, int steps, int rows, int maxVocab, Integer minCount,
                                 int threads, String device, List<String> optimizers, boolean interleave) {
    /**
     * @return the figures, as {@code helen bench train} prints them
     * @throws IOException where the temporary data cannot be written
     */
    public ObjectNode measure() throws IOException {
        Path work = Files.createTempDirectory("helen-bench-train");
        try {
            Path csv = work.resolve("criteo_like.csv");
            new SyntheticCriteo(new SyntheticOptions(1.1, maxVocab, 7, -1.6)).write(csv, rows, 8);
            DatasetSpec spec = Presets.builtIn("criteo_x4");
            EncodedDataset d = new Encoder(minCount == null ? spec : spec.withMinCount(minCount),
                    new DataSources(List.of(csv), null, null, true), System.err).encode(work.resolve("cache"), true);
            torch.set_num_threads(threads);
            Tensors.useDevice(device);
            ObjectNode o = Json.object();
            o.put("device", device);
            o.put("batch", batch);
            o.put("threads", threads);
            o.put("timed_steps", steps);
            o.put("rows", rows);
            long features = 0;
            for (int t = 0; t < d.tables().size(); t++) {
                features += d.tableRows(t);
            }
            o.put("embedding_rows", features);
            ArrayNode results = o.putArray("results");
            o.put("order", interleave ? "interleaved: one step of each optimizer in turn"
                    : "sequential: all steps of one optimizer, then the next");
            for (Path cfg : configs) {
                TrainConfig c = TrainConfigLoader.load(cfg);
                List<TimedTraining> runs = interleave ? timeInterleaved(c, d) : timeSequentially(c, d);
                RooflineFigures roof = RooflineFigures.measure(c, d, batch);
                for (TimedTraining run : runs) {
                    ObjectNode r = results.addObject().put("config", cfg.toString()).put("model", c.model().name())
                            .put("hidden_units", c.model().hiddenUnits().toString());
                    run.describeInto(r);
                    roof.describeInto(r.putObject("roofline"), median(run.stepSeconds));
                    stepRatioToAdam(run, runs).ifPresent(x -> r.put("median_step_over_adam", x));
                    if (!interleave) {
                        r.put("peak_rss_mb", run.peakRssMb);
                    }
                    System.err.printf(Locale.ROOT, "%s %s: %.0f samples/s, median step %.3f s (%.1f ms outside the passes)%s%n",
                            cfg, run.optimizer, r.get("samples_per_second").asDouble(), median(run.stepSeconds),
                            1e3 * median(run.outsideSeconds), r.has("median_step_over_adam")
                                    ? String.format(Locale.ROOT, ", %.3f x Adam", r.get("median_step_over_adam").asDouble()) : "");
                    System.err.printf(Locale.ROOT, "%s %s: roofline %.0f GFLOP/s GEMM, %.1f GB/s copy; the step reaches "
                                    + "%.0f %% of its floor, an HVP over %,d rows %.0f %%%n", cfg, run.optimizer,
                            roof.limits().gemmFlops() / 1e9, roof.limits().bandwidth() / 1e9,
                            100 * r.get("roofline").get("step_fraction").asDouble(), batch,
                            100 * r.get("roofline").get("hvp_fraction").asDouble());
                }
            }
            if (interleave) {
                o.put("peak_rss_mb", ProcessMemory.peakResidentMb());
            }
            o.set("provenance", Provenance.stamp());
            return o;
        } finally {
            FileTrees.delete(work);
        }
    }

    private List<TimedTraining> timeSequentially(TrainConfig c, EncodedDataset d) {
        List<TimedTraining> runs = new ArrayList<>();
        for (String name : optimizers) {
            TimedTraining run = new TimedTraining(c, name, FeatureLayout.of(d), d.split("train"), batch, steps);
            try (Progress progress = Progress.start(c.model().name() + " " + name, steps + 2, "steps")) {
                for (int s = -2; s < steps; s++) {
                    run.step(s);
                    progress.step(1);
                }
            }
            run.peakRssMb = ProcessMemory.peakResidentMb();
            run.release();
            runs.add(run);
        }
        return runs;
    }

    private List<TimedTraining> timeInterleaved(TrainConfig c, EncodedDataset d) {
        List<TimedTraining> runs = new ArrayList<>();
        for (String name : optimizers) {
            runs.add(new TimedTraining(c, name, FeatureLayout.of(d), d.split("train"), batch, steps));
        }
        try (Progress progress = Progress.start(c.model().name() + " " + String.join("/", optimizers), steps + 2, "rounds")) {
            for (int s = -2; s < steps; s++) {
                for (TimedTraining run : runs) {
                    run.step(s);
                }
                progress.step(1);
            }
        }
        return runs;
    }

    /**
     * The step time of {@code run} over Adam's (the first run named adam): interleaved, the median
     * of the per-round ratios; sequential, the ratio of the medians, Adam's steps pooled over every
     * adam run in the list (list adam,sam,adam,sam to alternate).
     */
    private OptionalDouble stepRatioToAdam(TimedTraining run, List<TimedTraining> runs) {
        List<TimedTraining> adams = runs.stream().filter(r -> r.optimizer.equals("adam")).toList();
        if (adams.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (interleave) {
            double[] ratio = new double[steps];
            for (int s = 0; s < steps; s++) {
                ratio[s] = run.stepSeconds[s] / adams.get(0).stepSeconds[s];
            }
            return OptionalDouble.of(median(ratio));
        }
        double[] pooled = adams.stream().flatMapToDouble(r -> Arrays.stream(r.stepSeconds)).toArray();
        return OptionalDouble.of(median(run.stepSeconds) / median(pooled));
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }
}
