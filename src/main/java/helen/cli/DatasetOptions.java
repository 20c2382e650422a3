package helen.cli;

import helen.data.DatasetSpec;
import helen.data.Presets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --preset / --spec / --label, shared by every command that reads raw data. */
final class DatasetOptions {
    @Option(names = "--preset", paramLabel = "NAME",
            description = "Built-in dataset spec: criteo_x4, criteo_x4_na_token, criteo_raw, avazu_raw, avazu_x4, taobaoad_x1, generic.")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE.yaml", description = "Dataset spec file (instead of --preset).")
    Path spec;

    @Option(names = "--label", paramLabel = "COL", description = "Label column (overrides the spec; required for generic).")
    String label;

    DatasetSpec resolve(Path firstFile) {
        return Presets.resolve(preset, spec, label, firstFile);
    }
}
