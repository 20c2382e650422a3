package helen.cli;

import helen.grid.RunLauncher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test helpers for grid tests: a small grid spec on the Criteo sample, and helen in a child JVM. */
final class GridProcesses {
    private GridProcesses() {
    }

    /** A grid of DeepFM on the bundled Criteo sample: {@code optimizers} (YAML lines), two seeds, {@code epochs} epochs. */
    static Path spec(Path dir, String name, String optimizers, int epochs) throws Exception {
        return spec(dir, name, optimizers, epochs, "");
    }

    /** The same with {@code extra} YAML lines at the end. */
    static Path spec(Path dir, String name, String optimizers, int epochs, String extra) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        String yaml = """
                name: %s
                datasets:
                  criteo:
                    config_dir: %s/training/samples
                    spec: %s/data-samples/criteo_synth/spec.yaml
                    train: %s/data-samples/criteo_synth/train.csv
                    valid: %s/data-samples/criteo_synth/valid.csv
                    test: %s/data-samples/criteo_synth/test.csv
                models: [deepfm]
                optimizers:
                %s
                l2: [1.0e-5]
                seeds: [1, 2]
                epochs: %d
                %s
                """.formatted(name, root, root, root, root, root, optimizers, epochs, extra);
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /**
     * A grid of {@code model} on the Criteo-shaped data in {@code data} (train/valid/test.csv and spec.yaml, as
     * helen data generate writes them): adam, {@code seeds} seeds (1, 2, ...), {@code epochs} epochs.
     */
    static Path specOn(Path dir, String name, Path data, String model, int seeds, int epochs) throws Exception {
        String yaml = """
                name: %s
                datasets:
                  criteo:
                    config_dir: %s/training/samples
                    spec: %s/spec.yaml
                    train: %s/train.csv
                    valid: %s/valid.csv
                    test: %s/test.csv
                models: [%s]
                optimizers:
                  adam: {}
                seeds: %s
                epochs: %d
                """.formatted(name, Path.of("").toAbsolutePath(), data, data, data, data, model,
                java.util.stream.IntStream.rangeClosed(1, seeds).boxed().toList(), epochs);
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** {@code helen ARGS} in a child JVM with {@code env} added, output into {@code log}; started, not waited for. */
    static Process start(Path log, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder b = new ProcessBuilder(RunLauncher.javaCommand(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        return b.start();
    }

    /** {@code helen ARGS} in a child JVM: its exit status, its output in {@code log}. */
    static int run(Path log, Map<String, String> env, String... args) throws Exception {
        return start(log, env, args).waitFor();
    }
}
