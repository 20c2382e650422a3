package helen.analysis;

import helen.analysis.AnalysisOptions;
import helen.analysis.Analyzer;
import helen.data.EncodedDataset;
import helen.hessian.Spectrum;
import helen.hessian.TinyData;
import helen.hessian.operator.ModelHessian;
import helen.model.CtrModel;
import helen.util.HelenException;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        EncodedDataset data = TinyData.encode(TinyData.TWO_FIELDS_SPEC, csv, dir);
        CtrModel model = TinyData.deepfm(data, 0.0, 2);
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
