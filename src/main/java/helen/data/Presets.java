package helen.data;

import helen.util.HelenException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in dataset specs by name. {@code generic} is built from a file's header: every column
 * but the label is a categorical field.
 */
public final class Presets {
    public static final List<String> NAMES = List.of("criteo_x4", "criteo_x4_na_token", "criteo_raw", "avazu_raw", "avazu_x4", "avazu_x4_official",
            "taobaoad_x1", "taobaoad_x1_official", "generic");

    private Presets() {
    }

    /**
     * Resolves the spec a command should use.
     *
     * @param preset    a preset name, or null
     * @param specFile  a YAML spec, or null (exactly one of preset and specFile)
     * @param label     overrides the label column (required for generic), or null
     * @param firstFile the first data file, read for its header by the generic preset
     */
    public static DatasetSpec resolve(String preset, Path specFile, String label, Path firstFile) {
        if ((preset == null) == (specFile == null)) {
            throw new HelenException("give exactly one of --preset NAME (" + String.join(", ", NAMES) + ") or --spec FILE.yaml");
        }
        DatasetSpec spec;
        if (specFile != null) {
            spec = SpecLoader.load(specFile);
        } else if (preset.equals("generic")) {
            if (label == null) {
                throw new HelenException("preset 'generic' needs --label COLUMN");
            }
            return generic(firstFile, label, ','); // already carries the header's spelling of the label
        } else {
            spec = builtIn(preset);
        }
        return label != null ? spec.withLabel(label) : spec;
    }

    /**
     * A preset shipped with helen.
     *
     * @throws HelenException naming the known presets if {@code name} is not one
     */
    public static DatasetSpec builtIn(String name) {
        if (!NAMES.contains(name) || name.equals("generic")) {
            throw new HelenException("unknown preset '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        }
        String resource = "/helen/presets/" + name + ".yaml";
        try (InputStream in = Presets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return SpecLoader.parse(in, "preset " + name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every column except the label becomes a categorical field. */
    public static DatasetSpec generic(Path file, String labelName, char delimiter) {
        String label = labelName;
        if (file == null) {
            throw new HelenException("preset 'generic' needs a data file to read the header from");
        }
        List<String> header = DelimitedReader.readHeader(file, delimiter);
        if (!header.contains(label)) {
            // the same case-insensitive fallback as reading rows (criteo_sample.csv says "label", Criteo_x4 "Label")
            List<String> matches = header.stream().filter(h -> h.equalsIgnoreCase(labelName)).toList();
            if (matches.size() != 1) {
                throw new HelenException(file + ": line 1: label column '" + label + "' not in header " + header);
            }
            label = matches.get(0);
        }
        List<FeatureSpec> features = new ArrayList<>();
        for (String c : header) {
            if (!c.equals(label)) {
                features.add(FeatureSpec.categorical(c));
            }
        }
        return new DatasetSpec("generic", delimiter, true, null, label, 1, new SplitSpec(0.8, 0.1, 0.1, 2024), features, true);
    }
}
