package helen.hessian;

import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.SpecLoader;
import helen.model.CtrModel;
import helen.model.ModelConfig;
import helen.model.ModelOptions;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The tiny datasets and models the analysis tests build their oracles on (a few rows, float64). */
public final class TinyData {
    /** One-hot u and v, and a history of up to 3 u values sharing u's table (rows: {@link #sharedHistoryCsv}). */
    public static final String SHARED_HISTORY_SPEC = """
            name: tiny_shared
            label: label
            min_count: 1
            features:
              - {name: u, type: categorical}
              - {name: v, type: categorical}
              - {name: hist, type: sequence, separator: "^", max_len: 3, share_vocab_with: u}
            """;

    /** Two one-hot fields a and b. */
    public static final String TWO_FIELDS_SPEC = """
            name: tiny_spectrum
            label: label
            min_count: 1
            features:
              - {name: a, type: categorical}
              - {name: b, type: categorical}
            """;

    private TinyData() {
    }

    /** Writes {@code csv} to {@code dir/d.csv} and encodes it with the YAML spec, every row in train. */
    public static EncodedDataset encode(String specYaml, CharSequence csv, Path dir) throws IOException {
        Files.writeString(dir.resolve("d.csv"), csv);
        DatasetSpec spec = SpecLoader.parse(new ByteArrayInputStream(specYaml.getBytes(StandardCharsets.UTF_8)), "tiny.yaml");
        return new Encoder(spec, new DataSources(List.of(dir.resolve("d.csv")), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("cache"), false);
    }

    /**
     * Rows for {@link #SHARED_HISTORY_SPEC}: a skewed one-hot u (u0 most often), a uniform one-hot v, and a
     * history of 0 to 3 u values that shares u's table.
     */
    public static StringBuilder sharedHistoryCsv(long seed, int rows, int uValues, int vValues) {
        StringBuilder csv = new StringBuilder("label,u,v,hist\n");
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            List<String> hist = new ArrayList<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                hist.add("u" + r.nextInt(uValues));
            }
            csv.append(r.nextInt(3) == 0 ? 1 : 0).append(",u").append((int) Math.floor(Math.pow(r.nextDouble(), 2) * uValues))
                    .append(",v").append(r.nextInt(vValues)).append(',').append(String.join("^", hist)).append('\n');
        }
        return csv;
    }

    /** A float64 DeepFM with embedding dim 3, one hidden layer of 4 tanh units, no dropout. */
    public static CtrModel deepfm(EncodedDataset data, double embeddingRegularizer, long seed) {
        return Models.create(FeatureLayout.of(data), new ModelConfig("deepfm", 3, List.of(4), "tanh", 0, false,
                embeddingRegularizer, 0.0, "mean", 0.7, new ModelOptions.None()), seed, ScalarType.Double);
    }
}
