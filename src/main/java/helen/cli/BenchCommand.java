package helen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.DataSources;
import helen.data.EncodedDataset;
import helen.data.EncodedSplit;
import helen.data.Encoder;
import helen.data.Presets;
import helen.data.SyntheticCriteo;
import helen.util.Json;
import helen.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code helen bench ...}: throughput measurements, reported as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (throughput, printed as JSON).",
        subcommands = {BenchCommand.Data.class})
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

        @Option(names = "--batch", defaultValue = "10000")
        int batch;

        @Option(names = "--max-vocab", defaultValue = "100000")
        int maxVocab;

        @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: a temporary one, deleted after).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path work = dir != null ? dir : Files.createTempDirectory("helen-bench-data");
            try {
                Files.createDirectories(work);
                Path csv = work.resolve("criteo_like.csv");
                long t0 = System.nanoTime();
                new SyntheticCriteo(new SyntheticCriteo.Options(1.1, maxVocab, 7, -1.6)).write(csv, rows, 8);
                double genS = (System.nanoTime() - t0) / 1e9;
                Encoder enc = new Encoder(Presets.builtIn("criteo_x4"), new DataSources(List.of(csv), null, null, true),
                        System.err);
                long t1 = System.nanoTime();
                EncodedDataset d = enc.encode(work.resolve("cache"), true);
                double encS = (System.nanoTime() - t1) / 1e9;
                EncodedSplit train = d.split("train");
                double seqRate = readRate(train, false);
                double shufRate = readRate(train, true);
                ObjectNode o = Json.object();
                o.put("rows", rows);
                o.put("csv_megabytes", Files.size(csv) / 1e6);
                o.put("generate_rows_per_second", rows / genS);
                o.put("encode_rows_per_second", rows / encS);
                o.put("encode_count_pass_seconds", d.meta().get("count_seconds").asDouble());
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

        private double readRate(EncodedSplit split, boolean shuffle) {
            long checksum = 0;
            double best = 0;
            for (int rep = 0; rep < 3; rep++) { // first pass warms the page cache and the JIT
                long t = System.nanoTime();
                BatchIterator it = new BatchIterator(split, batch, shuffle, rep);
                long n = 0;
                while (it.hasNext()) {
                    Batch b = it.next();
                    n += b.size;
                    checksum += b.ids[0];
                }
                best = Math.max(best, n / ((System.nanoTime() - t) / 1e9));
            }
            if (checksum == 42) {
                System.err.print(""); // keeps the reads observable to the JIT
            }
            return best;
        }
    }
}
