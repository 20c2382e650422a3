package helen.train;

import helen.data.DataSources;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.Presets;
import helen.data.synthetic.SyntheticCriteo;
import helen.model.ModelConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small generated Criteo-like dataset (encoded once per JVM) and small training configs for it. */
public final class GeneratedData {
    private static EncodedDataset cached;

    private GeneratedData() {
    }

    public static synchronized EncodedDataset get() {
        if (cached == null) {
            try {
                Path dir = Files.createTempDirectory("helen-gen");
                dir.toFile().deleteOnExit();
                SyntheticCriteo g = new SyntheticCriteo(new helen.data.synthetic.SyntheticOptions(1.1, 300, 42, -1.6));
                g.write(dir.resolve("train.csv"), 20000, 1);
                g.write(dir.resolve("valid.csv"), 2000, 2);
                g.write(dir.resolve("test.csv"), 2000, 3);
                cached = new Encoder(Presets.builtIn("criteo_x4"), new DataSources(List.of(dir.resolve("train.csv")),
                        List.of(dir.resolve("valid.csv")), List.of(dir.resolve("test.csv")), false),
                        new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("cache"), false);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return cached;
    }

    public static TrainConfig config(String model, int epochs) {
        TrainConfig d = TrainConfigLoader.defaults();
        ModelConfig m = ModelConfig.defaults(model).withHidden(List.of(32, 32), "relu").withEmbeddingDim(8);
        return new TrainConfig("test_" + model, d.data(), m, d.optimizer(), 256, 4096, epochs, 2, 7, 1, "float32", "cpu");
    }
}
