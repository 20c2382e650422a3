package helen.data.synthetic;

import helen.data.DatasetSpec;
import helen.data.FeatureSpec;
import helen.data.Presets;
import helen.util.HelenException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/**
 * The synthetic datasets {@code helen data generate} makes, each in the format of the real dataset
 * it stands for and read by that dataset's preset.
 */
public enum SyntheticDataset {
    /** Criteo_x4's columns; about 25 % positives, as Criteo_x4. */
    CRITEO("criteo_x4", -1.6, SyntheticCriteo::new),
    /** Avazu's raw columns; about 17 % positives, as Avazu_x4. */
    AVAZU("avazu_x4", -2.45, SyntheticAvazu::new),
    /** TaobaoAd_x1's columns with three histories; about 5 % positives, as TaobaoAd_x1. */
    TAOBAO("taobaoad_x1", -2.9, SyntheticTaobao::new);

    private final String preset;
    private final double bias;
    private final Function<SyntheticOptions, SyntheticRows> factory;

    SyntheticDataset(String preset, double bias, Function<SyntheticOptions, SyntheticRows> factory) {
        this.preset = preset;
        this.bias = bias;
        this.factory = factory;
    }

    /** The lower-case name used on the command line and in dataset ids ({@code synthetic_<name>}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset whose features the generated files carry. */
    public String preset() {
        return preset;
    }

    /** The click model's intercept that gives about the real dataset's share of positives. */
    public double defaultBias() {
        return bias;
    }

    public SyntheticRows rows(SyntheticOptions options) {
        return factory.apply(options);
    }

    /** The spec of the generated files under this dataset's own preset; see {@link #specYaml(String, int)}. */
    public String specYaml(int minCount) {
        return specYaml(preset, minCount);
    }

    /**
     * The spec of the generated files: a preset's features under the name {@code synthetic_<name>}
     * with the given min_count and no split (the generator writes train, valid and test files).
     *
     * @param presetName a preset whose columns the generated files have (TaobaoAd_x1's two readings,
     *                   {@code taobaoad_x1} and {@code taobaoad_x1_official}, for instance)
     */
    public String specYaml(String presetName, int minCount) {
        DatasetSpec spec = Presets.builtIn(presetName);
        java.util.List<String> columns = java.util.List.of(factory.apply(new SyntheticOptions(1, 2, 0, 0)).header().split(","));
        for (FeatureSpec f : spec.features()) {
            if (!columns.contains(f.source())) {
                throw new HelenException("preset " + presetName + " reads column '" + f.source() + "', which synthetic "
                        + cliName() + " data does not have (its columns: " + String.join(",", columns) + ")");
            }
        }
        String text;
        try (InputStream in = Presets.class.getResourceAsStream("/helen/presets/" + presetName + ".yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder("# Synthetic " + cliName() + " data from `helen data generate` (see generator.json "
                + "for the command).\n# The " + presetName + " preset's features, with a min_count suited to the sample's size.\n");
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.startsWith("split:")) {
                continue;
            }
            if (line.startsWith("name:")) {
                line = "name: synthetic_" + cliName();
            } else if (line.startsWith("min_count:")) {
                line = "min_count: " + minCount;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
