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
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The synthetic datasets {@code helen data generate} makes, each in the format of the real dataset
 * it stands for and read by that dataset's preset.
 */
public enum SyntheticDataset {
    /** Criteo_x4's columns; about 25 % positives, as Criteo_x4. */
    CRITEO("criteo_x4", -1.6, SyntheticCriteo::new, SyntheticCriteo::zipfFields,
            new PaperScale(45_840_617, 36_672_493, 910_000, "Criteo_x4's 8:1:1 split of 45,840,617 rows")),
    /** Avazu's raw columns; about 17 % positives, as Avazu_x4. */
    AVAZU("avazu_x4", -2.45, SyntheticAvazu::new, SyntheticAvazu::zipfFields,
            new PaperScale(40_428_967, 32_343_172, 3_750_000, "Avazu_x4's 8:1:1 split of 40,428,967 rows")),
    /** TaobaoAd_x1's columns with three histories; about 5 % positives, as TaobaoAd_x1. */
    TAOBAO("taobaoad_x1", -2.9, SyntheticTaobao::new, SyntheticTaobao::zipfFields,
            new PaperScale(25_030_000, 21_901_000, 2_620_000, "an estimate: 7 of the log's 8 days of Table 5's 25.03M rows"));

    /**
     * The real dataset's size, the target of {@code helen data generate --paper-vocab}.
     *
     * @param rows           Table 5's instances
     * @param trainRows      the training split's rows (the set the vocabulary is counted on)
     * @param features       Table 5's feature count (after the preset's min_count)
     * @param trainRowsSource where {@code trainRows} comes from
     */
    public record PaperScale(long rows, long trainRows, long features, String trainRowsSource) {
    }

    private final String preset;
    private final double bias;
    private final Function<SyntheticOptions, SyntheticRows> factory;
    private final IntFunction<List<ExpectedVocabulary.Field>> zipfFields;
    private final PaperScale paperScale;

    SyntheticDataset(String preset, double bias, Function<SyntheticOptions, SyntheticRows> factory,
                     IntFunction<List<ExpectedVocabulary.Field>> zipfFields, PaperScale paperScale) {
        this.preset = preset;
        this.bias = bias;
        this.factory = factory;
        this.zipfFields = zipfFields;
        this.paperScale = paperScale;
    }

    public PaperScale paperScale() {
        return paperScale;
    }

    /** The Zipf fields the generator draws with this vocabulary cap (Integer.MAX_VALUE: the real dataset's sizes). */
    public List<ExpectedVocabulary.Field> zipfFields(int maxVocab) {
        return zipfFields.apply(maxVocab);
    }

    /** The Zipf exponent of --paper-vocab: the paper's training rows keep Table 5's features after the preset's min_count. */
    public double paperZipf() {
        return ExpectedVocabulary.calibrateZipf(zipfFields(Integer.MAX_VALUE), paperScale.trainRows(), presetMinCount(),
                paperScale.features());
    }

    /** Features the paper's training rows keep after the preset's min_count, in expectation, at exponent {@code zipf}. */
    public double expectedFeaturesAtPaperRows(double zipf) {
        return ExpectedVocabulary.features(zipfFields(Integer.MAX_VALUE), zipf, paperScale.trainRows(), presetMinCount());
    }

    /** The preset's own min_count (10 for Criteo_x4 and TaobaoAd_x1, 2 for Avazu_x4). */
    public int presetMinCount() {
        return Presets.builtIn(preset).minCount();
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
        List<String> columns = List.of(factory.apply(new SyntheticOptions(1, 2, 0, 0)).header().split(","));
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
