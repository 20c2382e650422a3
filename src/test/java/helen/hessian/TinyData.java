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
import java.util.List;

/** The tiny datasets and models the analysis tests build their oracles on (a few rows, float64). */
final class TinyData {
    private TinyData() {
    }

    /** Writes {@code csv} to {@code dir/d.csv} and encodes it with the YAML spec, every row in train. */
    static EncodedDataset encode(String specYaml, CharSequence csv, Path dir) throws IOException {
        Files.writeString(dir.resolve("d.csv"), csv);
        DatasetSpec spec = SpecLoader.parse(new ByteArrayInputStream(specYaml.getBytes(StandardCharsets.UTF_8)), "tiny.yaml");
        return new Encoder(spec, new DataSources(List.of(dir.resolve("d.csv")), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("cache"), false);
    }

    /** A float64 DeepFM with embedding dim 3, one hidden layer of 4 tanh units, no dropout. */
    static CtrModel deepfm(EncodedDataset data, double embeddingRegularizer, long seed) {
        return Models.create(FeatureLayout.of(data), new ModelConfig("deepfm", 3, List.of(4), "tanh", 0, false,
                embeddingRegularizer, 0.0, "mean", 0.7, new ModelOptions.None()), seed, ScalarType.Double);
    }
}
