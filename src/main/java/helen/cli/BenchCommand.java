package helen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.bench.BatchReading;
import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.EncodedDataset;
import helen.data.EncodedSplit;
import helen.data.Encoder;
import helen.data.Presets;
import helen.data.synthetic.SyntheticCriteo;
import helen.data.synthetic.SyntheticOptions;
import helen.hessian.AnalysisSet;
import helen.hessian.BlockOperator;
import helen.hessian.EmbeddingHessian;
import helen.hessian.Hutchinson;
import helen.hessian.Hvp;
import helen.hessian.Lanczos;
import helen.hessian.ModelHessian;
import helen.hessian.PowerIteration;
import helen.hessian.RowColouring;
import helen.hessian.RowCurvature;
import helen.model.CtrModel;
import helen.model.layer.FeatureLayout;
import helen.model.layer.Tensors;
import helen.train.RunDirectory;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.util.Json;
import helen.util.ProcessMemory;
import helen.util.Progress;
import helen.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code helen bench ...}: throughput measurements, reported as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (throughput, printed as JSON).",
        subcommands = {BenchCommand.Data.class, BenchCommand.Train.class, BenchCommand.Analyze.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "data", mixinStandardHelpOptions = true,
            description = {"Encoding (CSV -> cache, both passes) and batch reading rows/s on generated",
                    "Criteo_x4-format data."})
    static final class Data implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "1000000", description = "Rows to generate (default ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--batch", defaultValue = "10000", description = "Rows per batch (default ${DEFAULT-VALUE}, the paper's training batch).")
        int batch;

        @Option(names = "--max-vocab", defaultValue = "100000", description = "Largest vocabulary per field of the generated data (default ${DEFAULT-VALUE}).")
        int maxVocab;

        @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: a temporary one, deleted after).")
        Path dir;

        @Option(names = "--cache", paramLabel = "DIR", description = {"An encoded dataset (a directory holding meta.json):"
                + " only its train split's batch reading is timed, nothing is generated or encoded."})
        Path cache;

        @Override
        public Integer call() throws Exception {
            if (cache != null) {
                System.out.println(Json.write(readingOnly(EncodedDataset.open(cache))));
                return 0;
            }
            Path work = dir != null ? dir : Files.createTempDirectory("helen-bench-data");
            try {
                Files.createDirectories(work);
                Path csv = work.resolve("criteo_like.csv");
                long t0 = System.nanoTime();
                new SyntheticCriteo(new SyntheticOptions(1.1, maxVocab, 7, -1.6)).write(csv, rows, 8);
                double genS = (System.nanoTime() - t0) / 1e9;
                Encoder enc = new Encoder(Presets.builtIn("criteo_x4"), new DataSources(List.of(csv), null, null, true),
                        System.err);
                long t1 = System.nanoTime();
                EncodedDataset d = enc.encode(work.resolve("cache"), true);
                double encS = (System.nanoTime() - t1) / 1e9;
                EncodedSplit train = d.split("train");
                double seqRate = BatchReading.rowsPerSecond(train, batch, false);
                double shufRate = BatchReading.rowsPerSecond(train, batch, true);
                ObjectNode o = Json.object();
                o.put("rows", rows);
                o.put("csv_megabytes", Files.size(csv) / 1e6);
                o.put("generate_rows_per_second", rows / genS);
                o.put("encode_rows_per_second", rows / encS);
                o.put("encode_count_pass_seconds", d.meta().get("count_seconds").asDouble());
                // Where helen's own reader stops and Tablesaw starts (helen.data.DelimitedReader's note): the
                // count pass reads, splits and hashes every token; Tablesaw only parses the same file into columns.
                o.put("count_pass_rows_per_second", rows / d.meta().get("count_seconds").asDouble());
                o.put("tablesaw_read_rows_per_second", tablesawRate(csv));
                o.put("encode_write_pass_seconds", d.meta().get("encode_seconds").asDouble());
                o.put("read_sequential_rows_per_second", seqRate);
                o.put("read_shuffled_rows_per_second", shufRate);
                o.put("batch", batch);
                o.put("cores", Runtime.getRuntime().availableProcessors());
                o.set("provenance", Provenance.stamp());
                System.out.println(Json.write(o));
            } finally {
                if (dir == null) {
                    try (var walk = Files.walk(work)) {
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
            return 0;
        }

        /** Batch reading of an existing cache's train split, one epoch per pass (a dataset too large to generate here). */
        private ObjectNode readingOnly(EncodedDataset d) {
            EncodedSplit train = d.split("train");
            ObjectNode o = Json.object();
            o.put("cache", cache.toString());
            o.put("rows", train.rows());
            o.put("width", train.width());
            long t = System.nanoTime();
            o.put("read_sequential_rows_per_second", BatchReading.rowsPerSecond(train, batch, false));
            o.put("read_shuffled_rows_per_second", BatchReading.rowsPerSecond(train, batch, true));
            o.put("read_seconds", (System.nanoTime() - t) / 1e9);
            o.put("batch", batch);
            o.put("cores", Runtime.getRuntime().availableProcessors());
            o.set("provenance", Provenance.stamp());
            return o;
        }

        /** Rows/s of Tablesaw's CSV reader over the same file, every column as text (no type guessing). */
        private static double tablesawRate(Path csv) {
            long t = System.nanoTime();
            tech.tablesaw.api.Table table = tech.tablesaw.api.Table.read().usingOptions(
                    tech.tablesaw.io.csv.CsvReadOptions.builder(csv.toFile()).header(true)
                            .columnTypesToDetect(List.of(tech.tablesaw.api.ColumnType.STRING)).build());
            return table.rowCount() / ((System.nanoTime() - t) / 1e9);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Training throughput (samples/s) and peak resident memory of models built from",
                    "training configs, on generated data with the Criteo_x4 field layout (39 fields)."})
    static final class Train implements Callable<Integer>, UsesLibtorch {
        @Option(names = "--configs", split = ",", defaultValue = "training/criteo_x4/deepfm.yaml,training/criteo_x4/dcnv2.yaml",
                description = "Training configs to measure (default ${DEFAULT-VALUE}).")
        List<Path> configs;

        @Option(names = "--batch", defaultValue = "10000", description = "Rows per batch (default ${DEFAULT-VALUE}, the paper's training batch).")
        int batch;

        @Option(names = "--steps", defaultValue = "10", description = "Timed steps after 2 warm-up steps.")
        int steps;

        @Option(names = "--rows", defaultValue = "120000", description = "Generated training rows (default ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--max-vocab", defaultValue = "100000", description = "Largest vocabulary per field of the generated data (default ${DEFAULT-VALUE}).")
        int maxVocab;

        @Option(names = "--min-count", description = {"Keep ids seen this often (default: the criteo_x4 preset's 10)."
                + " 1 keeps every id: Criteo-sized tables (10^5-10^6 rows) from a few hundred thousand rows."})
        Integer minCount;

        @Option(names = "--threads", defaultValue = "2", description = "libtorch threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default ${DEFAULT-VALUE}).")
        String device;

        @Option(names = "--optimizers", split = ",", defaultValue = "adam",
                description = "Optimizers to time on every config, e.g. adam,sam,helen (default ${DEFAULT-VALUE}).")
        List<String> optimizers;

        @Option(names = "--interleave", description = {"Step the optimizers in turn (one step of each, then the next"
                + " step of each), each on its own model: slow drifts of the machine then hit every optimizer alike,"
                + " and each optimizer's step is compared with Adam's step of the same round. Peak RSS is then the"
                + " process's, for all models together."})
        boolean interleave;

        private List<TimedTraining> timeSequentially(TrainConfig c, EncodedDataset d) {
            List<TimedTraining> runs = new java.util.ArrayList<>();
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
            List<TimedTraining> runs = new java.util.ArrayList<>();
            for (String name : optimizers) {
                runs.add(new TimedTraining(c, name, FeatureLayout.of(d), d.split("train"), batch, steps));
            }
            try (Progress progress = Progress.start(c.model().name() + " " + String.join("/", optimizers),
                    steps + 2, "rounds")) {
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
        private java.util.OptionalDouble stepRatioToAdam(TimedTraining run, List<TimedTraining> runs) {
            List<TimedTraining> adams = runs.stream().filter(r -> r.optimizer.equals("adam")).toList();
            if (adams.isEmpty()) {
                return java.util.OptionalDouble.empty();
            }
            if (interleave) {
                double[] ratio = new double[steps];
                for (int s = 0; s < steps; s++) {
                    ratio[s] = run.stepSeconds[s] / adams.get(0).stepSeconds[s];
                }
                return java.util.OptionalDouble.of(median(ratio));
            }
            double[] pooled = adams.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.stepSeconds)).toArray();
            return java.util.OptionalDouble.of(median(run.stepSeconds) / median(pooled));
        }

        @Override
        public Integer call() throws Exception {
            Path work = Files.createTempDirectory("helen-bench-train");
            try {
                Path csv = work.resolve("criteo_like.csv");
                new SyntheticCriteo(new SyntheticOptions(1.1, maxVocab, 7, -1.6)).write(csv, rows, 8);
                DatasetSpec spec = Presets.builtIn("criteo_x4");
                EncodedDataset d = new Encoder(minCount == null ? spec : spec.withMinCount(minCount),
                        new DataSources(List.of(csv), null, null, true), System.err).encode(work.resolve("cache"), true);
                org.bytedeco.pytorch.global.torch.set_num_threads(threads);
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
                com.fasterxml.jackson.databind.node.ArrayNode results = o.putArray("results");
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
                        System.err.printf(java.util.Locale.ROOT, "%s %s: %.0f samples/s, median step %.3f s (%.1f ms outside the passes)%s%n",
                                cfg, run.optimizer, r.get("samples_per_second").asDouble(), median(run.stepSeconds),
                                1e3 * median(run.outsideSeconds), r.has("median_step_over_adam")
                                        ? String.format(java.util.Locale.ROOT, ", %.3f x Adam", r.get("median_step_over_adam").asDouble()) : "");
                        System.err.printf(java.util.Locale.ROOT, "%s %s: roofline %.0f GFLOP/s GEMM, %.1f GB/s copy; the step reaches "
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
                System.out.println(Json.write(o));
            } finally {
                try (var walk = Files.walk(work)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = {"Hessian analysis cost on a trained run: HVPs and wall time of (a) field-batched power",
                    "iteration, (b) exact blocks, (c) naive per-row power iteration (a few rows, extrapolated), and",
                    "the cost of one HVP relative to one plain gradient over the same data."})
    static final class Analyze implements Callable<Integer>, UsesLibtorch {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "RUN_DIR", description = "A directory written by helen train.")
        Path runDir;

        @Option(names = "--samples", defaultValue = "20000", description = "Analysis-set size (<= 0: the whole split; default ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--split", defaultValue = "train", description = "Split to sample (default ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--naive-rows", defaultValue = "4", description = "Rows probed one by one for (c).")
        int naiveRows;

        @Option(names = "--tol", defaultValue = "1e-3", description = "Power-iteration tolerance (default ${DEFAULT-VALUE}).")
        double tol;

        @Option(names = "--threads", defaultValue = "2", description = "libtorch threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--skip-exact", description = "Skip (b).")
        boolean skipExact;

        @Override
        public Integer call() {
            org.bytedeco.pytorch.global.torch.set_num_threads(threads);
            RunDirectory run = RunDirectory.open(runDir);
            EncodedDataset d = run.data();
            CtrModel model = run.loadBest(d);
            EmbeddingHessian hessian = EmbeddingHessian.of(model, d,
                    AnalysisSet.sample(d.split(split), samples, 1, 5000, model.dtype()));
            Hvp hvp = hessian.hvp();
            List<org.bytedeco.pytorch.Tensor> emb = List.of(model.embeddingWeight());
            List<org.bytedeco.pytorch.Tensor> all = model.leaves();
            // one table's HVP, as the analysis runs them (its first table, a unit probe on every row)
            BlockOperator first = hessian.table(0).operator();
            double[] probe = new double[first.rows() * first.dim()];
            java.util.Arrays.fill(probe, 1.0);
            // medians of alternating repetitions after one warm-up of each: a single timing swung 2-5x here
            double[][] times = new double[3][5];
            hvp.gradient(all);
            hvp.gradient(emb);
            first.apply(probe);
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                hvp.gradient(all);
                times[0][i] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                first.apply(probe);
                times[1][i] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                hvp.gradient(emb);
                times[2][i] = (System.nanoTime() - t0) / 1e9;
            }
            double gradS = median(times[0]);
            double hvpS = median(times[1]);
            ObjectNode out = Json.object();
            out.put("run", runDir.toString());
            out.put("model", model.config().name());
            out.put("analysis_samples", hvp.set().size());
            out.put("tables", d.tables().size());
            out.put("threads", threads);
            out.put("gradient_seconds", gradS); // the full gradient: every parameter
            out.put("embedding_gradient_seconds", median(times[2]));
            out.put("hvp_seconds", hvpS); // one table's HVP, as the analysis runs it
            out.put("hvp_over_gradient", hvpS / gradS);
            long seenRows = 0;
            long powerHvps = 0;
            long exactHvps = 0;
            double powerS = 0;
            double exactS = 0;
            double naiveIters = 0;
            int naiveDone = 0;
            long naiveHvps = 0;
            double naiveS = 0;
            for (int t = 0; t < d.tables().size(); t++) {
                EmbeddingHessian.Table table = hessian.table(t);
                BlockOperator h = table.operator();
                RowColouring c = table.colouring();
                for (long f : c.analysisFrequency) {
                    seenRows += f > 0 ? 1 : 0;
                }
                long s0 = System.nanoTime();
                powerHvps += table.power(tol, 100, 7 + t).hvps();
                powerS += (System.nanoTime() - s0) / 1e9;
                if (!skipExact) {
                    s0 = System.nanoTime();
                    exactHvps += table.exact().hvps();
                    exactS += (System.nanoTime() - s0) / 1e9;
                }
                if (t == 0) {
                    // (c): probe rows one at a time, as a tool unaware of the block structure must
                    for (int k = 0, probed = 0; k < h.rows() && probed < naiveRows; k++) {
                        if (c.colourOf[k] < 0) {
                            continue;
                        }
                        int[] only = new int[h.rows()];
                        java.util.Arrays.fill(only, -1);
                        only[k] = 0;
                        s0 = System.nanoTime();
                        RowCurvature r = PowerIteration.run(h,
                                RowColouring.single(only, c.analysisFrequency), tol, 100, 3 + k);
                        naiveS += (System.nanoTime() - s0) / 1e9;
                        naiveHvps += r.hvps();
                        naiveIters += r.iterations()[k];
                        naiveDone++;
                        probed++;
                    }
                }
                System.err.printf(java.util.Locale.ROOT, "table %d/%d: power %d HVPs, exact %d HVPs%n", t + 1,
                        d.tables().size(), powerHvps, exactHvps);
            }
            double perRowIters = naiveIters / naiveDone;
            double perRowSeconds = naiveS / naiveDone;
            out.put("rows_seen", seenRows);
            out.putObject("field_batched_power").put("hvps", powerHvps).put("seconds", powerS);
            if (!skipExact) {
                out.putObject("exact").put("hvps", exactHvps).put("seconds", exactS);
            }
            out.putObject("naive_per_row_power").put("rows_measured", naiveDone).put("hvps_measured", naiveHvps)
                    .put("mean_iterations_per_row", perRowIters)
                    .put("hvps_extrapolated", perRowIters * seenRows)
                    .put("seconds_extrapolated", perRowSeconds * seenRows);
            out.put("power_hvp_fraction_of_naive", powerHvps / (perRowIters * seenRows));
            // the whole-model estimators of --spectrum: seconds per Hutchinson probe and per Lanczos step
            ModelHessian whole = new ModelHessian(model, d.tables(), hvp);
            long s1 = System.nanoTime();
            Hutchinson.traces(whole::apply, whole.dim(), List.of(whole.part("model")), 3, 1);
            double perProbe = (System.nanoTime() - s1) / 1e9 / 3;
            s1 = System.nanoTime();
            Lanczos.run(whole::apply, whole.dim(), 5, 1);
            double perStep = (System.nanoTime() - s1) / 1e9 / 5;
            out.putObject("hutchinson").put("seconds_per_probe", perProbe).put("hvps_per_probe", 1);
            out.putObject("lanczos").put("seconds_per_step", perStep).put("hvps_per_step", 1);
            if (!skipExact) {
                out.put("exact_hvp_fraction_of_naive", exactHvps / (perRowIters * seenRows));
            }
            out.set("provenance", Provenance.stamp());
            System.out.println(Json.write(out));
            return 0;
        }
    }
}
