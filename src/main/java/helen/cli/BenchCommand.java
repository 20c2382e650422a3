package helen.cli;

import helen.bench.AnalysisCost;
import helen.bench.DataThroughput;
import helen.bench.TrainingThroughput;
import helen.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
            System.out.println(Json.write(cache != null ? DataThroughput.reading(cache, batch)
                    : DataThroughput.measure(rows, batch, maxVocab, dir)));
            return 0;
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

        @Override
        public Integer call() throws Exception {
            System.out.println(Json.write(new TrainingThroughput(configs, batch, steps, rows, maxVocab, minCount, threads, device,
                    optimizers, interleave).measure()));
            return 0;
        }
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
            System.out.println(Json.write(new AnalysisCost(runDir, samples, split, naiveRows, tol, threads, skipExact).measure()));
            return 0;
        }
    }
}
