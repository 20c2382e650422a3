package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.DatasetStats;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.synthetic.ExpectedVocabulary;
import helen.data.synthetic.SyntheticDataset;
import helen.data.synthetic.SyntheticOptions;
import helen.data.synthetic.SyntheticRows;
import helen.pipeline.Pipeline;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code helen data stats|encode|generate}. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Dataset statistics, the encoded cache, and synthetic Criteo-like data.",
        subcommands = {DataCommand.Stats.class, DataCommand.Encode.class, DataCommand.Generate.class})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Table 5 statistics (#instances, #fields, #features, %%positives) and per-field",
                    "vocabulary size and frequency skew. All files count as one training split."})
    static final class Stats implements Callable<Integer> {
        @Mixin
        DatasetOptions dataset;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Data files (CSV/TSV, optionally .gz).")
        List<Path> files;

        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where encoded caches live (default: $HELEN_CACHE or .helen-cache).")
        Path cacheRoot;

        @Override
        public Integer call() {
            DatasetSpec spec = dataset.resolve(files.get(0));
            DataSources sources = new DataSources(files, List.of(), List.of(), true);
            Encoder encoder = new Encoder(spec, sources, System.err);
            Path root = cacheRoot != null ? cacheRoot : Pipeline.defaultCacheRoot();
            EncodedDataset d = encoder.encode(encoder.defaultCacheDir(root), false);
            ObjectNode stats = DatasetStats.of(d);
            if (json) {
                System.out.println(Json.write(stats));
            } else {
                printTable(stats);
            }
            return 0;
        }

        private static void printTable(ObjectNode s) {
            System.out.printf(Locale.ROOT, "dataset %s: %,d instances, %d fields, %,d features, %.2f%% positives%n",
                    s.get("dataset").asText(), s.get("instances").asLong(), s.get("fields").asInt(),
                    s.get("features").asLong(), 100 * s.get("positive_rate").asDouble());
            System.out.printf(Locale.ROOT, "%-24s %-12s %10s %10s %10s %8s %6s%n", "field", "type", "vocabulary",
                    "max N", "median N", "top1%", "gini");
            for (JsonNode f : s.get("per_field")) {
                System.out.printf(Locale.ROOT, "%-24s %-12s %,10d %,10d %10.1f %7.1f%% %6.3f%n", f.get("field").asText(),
                        f.get("type").asText(), f.get("vocabulary").asLong(), f.get("max_frequency").asLong(),
                        f.get("median_frequency").asDouble(), 100 * f.get("top1pct_share").asDouble(),
                        f.get("gini").asDouble());
            }
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = {"One streaming pass to count the training split, one to write the encoded cache",
                    "(int32 ids + label bytes, memory-mapped by training). Skipped when up to date."})
    static final class Encode implements Callable<Integer> {
        @Mixin
        DatasetOptions dataset;

        @Option(names = "--train", required = true, arity = "1..*", paramLabel = "FILE", description = "Training file(s).")
        List<Path> train;

        @Option(names = "--valid", arity = "1..*", paramLabel = "FILE", description = "Validation file(s).")
        List<Path> valid = List.of();

        @Option(names = "--test", arity = "1..*", paramLabel = "FILE", description = "Test file(s).")
        List<Path> test = List.of();

        @Option(names = "--no-split", description = "Keep every training row in train (no 8:1:1 cut of a single file).")
        boolean noSplit;

        @Option(names = "--out", paramLabel = "DIR", description = "Cache directory (default: under $HELEN_CACHE or .helen-cache).")
        Path out;

        @Option(names = "--force", description = "Re-encode even if the cache is up to date.")
        boolean force;

        @Override
        public Integer call() {
            DatasetSpec spec = dataset.resolve(train.get(0));
            Encoder encoder = new Encoder(spec, new DataSources(train, valid, test, noSplit), System.err);
            Path dir = out != null ? out : encoder.defaultCacheDir(Pipeline.defaultCacheRoot());
            EncodedDataset d = encoder.encode(dir, force);
            System.out.printf(Locale.ROOT, "%s: train %,d, valid %,d, test %,d rows; %d fields; cache %s%n", d.name(),
                    d.rows("train"), d.rows("valid"), d.rows("test"), d.fields().size(), d.dir());
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Synthetic data shaped like Criteo_x4, Avazu or TaobaoAd_x1 (the real dataset's columns,",
                    "Zipf-skewed features, a hidden click model) as train.csv, valid.csv, test.csv, with spec.yaml",
                    "(the dataset's preset features) and generator.json (the command and the oracle's AUC)."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where train.csv, valid.csv, test.csv, "
                + "spec.yaml and generator.json go (a new directory, or one this command wrote).")
        Path out;

        @Option(names = "--dataset", defaultValue = "criteo", paramLabel = "NAME",
                description = "criteo (Criteo_x4: 13 integer + 26 categorical columns), avazu (Avazu: hour + 21 categorical "
                        + "columns) or taobao (TaobaoAd_x1: user and ad fields, price, three ^-separated histories); "
                        + "default ${DEFAULT-VALUE}.")
        String dataset;

        @Option(names = "--preset", paramLabel = "NAME",
                description = "The preset whose features spec.yaml carries (default: the dataset's, criteo_x4, avazu_x4 or "
                        + "taobaoad_x1; taobaoad_x1_official reads Taobao as the official Helen code does).")
        String preset;

        @Option(names = "--bias", paramLabel = "B",
                description = "Intercept of the click model (default: the real dataset's share of positives, about "
                        + "25 %% / 17 %% / 5 %%).")
        Double bias;

        @Option(names = "--rows", defaultValue = "100000", description = "Training rows (default ${DEFAULT-VALUE}).")
        long rows;

        @Option(names = "--valid-rows", description = "Validation rows (default rows/8).")
        Long validRows;

        @Option(names = "--test-rows", description = "Test rows (default rows/8).")
        Long testRows;

        @Option(names = "--zipf", paramLabel = "S", description = "Zipf exponent of feature frequencies (default 1.1; with "
                + "--paper-vocab, the exponent calibrated to Table 5).")
        Double zipf;

        @Option(names = "--max-vocab", paramLabel = "N", description = "Cap on a field's vocabulary (default 10000).")
        Integer maxVocab;

        @Option(names = "--min-count", paramLabel = "N", description = "min_count written into spec.yaml (default 2; with "
                + "--paper-vocab, the preset's: 10 for Criteo_x4 and TaobaoAd_x1, 2 for Avazu_x4).")
        Integer minCount;

        @Option(names = "--paper-vocab", description = {"Every field at the real dataset's vocabulary size (no cap; Criteo's "
                + "C3 has 10.1M values) and the Zipf exponent at which, in expectation, the paper's training rows keep "
                + "Table 5's feature count after the preset's min_count (0.91M Criteo_x4, 3.75M Avazu_x4, 2.62M TaobaoAd_x1); "
                + "fewer rows keep fewer, as a subsample of the real data would. generator.json says how many to expect."})
        boolean paperVocab;

        @Option(names = "--seed", defaultValue = "2024", description = "Seeds the data and the click model: the same command "
                + "and seed give the same bytes (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            SyntheticDataset kind = Arrays.stream(SyntheticDataset.values()).filter(k -> k.cliName().equals(dataset))
                    .findFirst().orElseThrow(() -> new HelenException("--dataset '" + dataset
                            + "': expected criteo, avazu or taobao"));
            if (paperVocab && maxVocab != null) {
                throw new HelenException("--max-vocab caps what --paper-vocab sizes as the real dataset: give one of them");
            }
            int cap = paperVocab ? Integer.MAX_VALUE : (maxVocab != null ? maxVocab : 10_000);
            int specMinCount = minCount != null ? minCount : (paperVocab ? kind.presetMinCount() : 2);
            List<ExpectedVocabulary.Field> fields = kind.zipfFields(cap);
            SyntheticDataset.PaperScale paper = kind.paperScale();
            double s = zipf != null ? zipf : (paperVocab ? kind.paperZipf() : 1.1);
            if (rows < 1 || s <= 0 || cap < 2 || specMinCount < 1) {
                throw new HelenException("--rows, --zipf, --max-vocab (>= 2) and --min-count must be positive");
            }
            double b = bias != null ? bias : kind.defaultBias();
            String specPreset = preset != null ? preset : kind.preset();
            String spec = kind.specYaml(specPreset, specMinCount); // fails before anything is written
            refuseToOverwriteForeignFiles();
            Files.createDirectories(out);
            SyntheticRows gen = kind.rows(new SyntheticOptions(s, cap, seed, b));
            ObjectNode info = Json.object();
            info.put("generator", "helen data generate");
            info.put("command", String.format(Locale.ROOT, "./helen data generate --dataset %s --out %s --rows %d --valid-rows %d "
                    + "--test-rows %d --zipf %s %s --min-count %d --seed %d%s", kind.cliName(), out, rows, valid(),
                    test(), s, paperVocab ? "--paper-vocab" : "--max-vocab " + cap, specMinCount, seed,
                    (preset != null ? " --preset " + preset : "") + (bias != null ? " --bias " + bias : "")));
            info.put("dataset", kind.cliName());
            info.put("preset", specPreset);
            info.put("bias", b);
            info.put("seed", seed);
            info.put("zipf", s);
            if (paperVocab) {
                info.set("paper_vocab", paperVocab(kind, fields, s, specMinCount));
            } else {
                info.put("max_vocab", cap);
            }
            info.set("train", gen.write(out.resolve("train.csv"), rows, seed + 1));
            info.set("valid", gen.write(out.resolve("valid.csv"), valid(), seed + 2));
            info.set("test", gen.write(out.resolve("test.csv"), test(), seed + 3));
            info.set("provenance", Provenance.stamp());
            Json.writeAtomically(out.resolve("generator.json"), info);
            AtomicFiles.writeString(out.resolve("spec.yaml"), spec);
            System.out.printf(Locale.ROOT, "wrote %s/{train,valid,test}.csv (%,d/%,d/%,d rows, %.1f %% positives in train); "
                    + "oracle test AUC %.4f%n", out, rows, valid(), test(), 100.0 * info.get("train").get("positives").asLong() / rows,
                    info.get("test").get("oracle_auc").asDouble());
            if (paperVocab) {
                System.out.printf(Locale.ROOT, "Zipf exponent %s; expected %,.0f features of the large fields after min_count %d "
                        + "(%,.0f at the paper's %,d training rows)%n", s, info.get("paper_vocab").get("expected_features").asDouble(),
                        specMinCount, info.get("paper_vocab").get("expected_features_at_paper_rows").asDouble(), paper.trainRows());
            }
            return 0;
        }

        /** What --paper-vocab aimed at and what to expect of these files: the check of the generated vocabularies. */
        private ObjectNode paperVocab(SyntheticDataset kind, List<ExpectedVocabulary.Field> fields, double s, int specMinCount) {
            SyntheticDataset.PaperScale paper = kind.paperScale();
            ObjectNode o = Json.object();
            o.put("table5_rows", paper.rows());
            o.put("table5_features", paper.features());
            o.put("paper_train_rows", paper.trainRows());
            o.put("paper_train_rows_source", paper.trainRowsSource());
            o.put("calibrated_at_min_count", kind.presetMinCount());
            o.put("expected_features_at_paper_rows", Math.round(kind.expectedFeaturesAtPaperRows(s)));
            o.put("expected_features", Math.round(ExpectedVocabulary.features(fields, s, rows, specMinCount)));
            ObjectNode perField = o.putObject("expected_features_per_field");
            fields.forEach(f -> perField.put(f.name(), Math.round(ExpectedVocabulary.features(f, s, rows, specMinCount))));
            ObjectNode sizes = o.putObject("vocabulary_per_field");
            fields.forEach(f -> sizes.put(f.name(), f.vocab()));
            return o;
        }

        /** Files of these names that helen did not generate (no generator.json beside them) are the user's: never overwritten. */
        private void refuseToOverwriteForeignFiles() {
            if (Files.isRegularFile(out.resolve("generator.json"))) {
                return;
            }
            for (String f : List.of("train.csv", "valid.csv", "test.csv", "spec.yaml")) {
                if (Files.exists(out.resolve(f))) {
                    throw new HelenException(out.resolve(f) + " exists and was not written by helen data generate "
                            + "(no generator.json in " + out + "); refusing to overwrite it: give another --out");
                }
            }
        }

        private long valid() {
            return validRows != null ? validRows : Math.max(1, rows / 8);
        }

        private long test() {
            return testRows != null ? testRows : Math.max(1, rows / 8);
        }
    }
}
