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
import helen.util.HelenException;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A non-finite weight ends the analysis with one error naming the table, instead of NaN written as λ. */
class NonFiniteHvpTest {
    @TempDir
    Path dir;

    @Test
    void aNanWeightIsNamedByItsTable() throws Exception {
        StringBuilder csv = new StringBuilder("label,a,b\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i % 3 == 0 ? 1 : 0).append(",a").append(i % 4).append(",b").append(i % 3).append('\n');
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        DatasetSpec spec = SpecLoader.parse(new ByteArrayInputStream("""
                name: tiny_nan
                label: label
                min_count: 1
                features:
                  - {name: a, type: categorical}
                  - {name: b, type: categorical}
                """.getBytes(StandardCharsets.UTF_8)), "tiny.yaml");
        EncodedDataset data = new Encoder(spec, new DataSources(List.of(dir.resolve("d.csv")), null, null, true),
                new PrintStream(new ByteArrayOutputStream())).encode(dir.resolve("cache"), false);
        CtrModel model = Models.create(FeatureLayout.of(data), new ModelConfig("deepfm", 3, List.of(4), "tanh", 0, false, 0.0,
                0.0, "mean", 0.7, new ModelOptions.None()), 2, ScalarType.Double);
        try (NoGradGuard g = new NoGradGuard()) {
            model.table(0).narrow(0, 2, 1).fill_(new Scalar(Double.NaN)); // one row of table a
        }
        Analyzer analyzer = new Analyzer(model, data, new AnalysisOptions("power", 0, "train", 1e-3, 50, 1, 64, List.of(), false,
                false));
        HelenException e = assertThrows(HelenException.class, () -> analyzer.run(line -> { }));
        assertTrue(e.getMessage().startsWith("table 'a': a Hessian-vector product or gradient is not finite"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing written"), e.getMessage());
        ModelHessian h = new ModelHessian(model, data.tables(), analyzer.hvp());
        assertThrows(HelenException.class, () -> new Spectrum(2, 2, 1, 3, 1, false).compute(h, line -> { }));
    }
}
