package helen.hessian;

import helen.data.EncodedDataset;
import helen.hessian.operator.AnalysisSet;
import helen.model.CtrModel;
import helen.model.ModelConfig;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact blocks in closed form against the same blocks from d HVPs per colour (float64), on a dataset
 * with a one-hot table and a table shared by a one-hot field and a multi-hot history, for models where
 * the closed form holds and where it does not (where the check must send the table back to HVPs).
 */
class GaussNewtonBlocksTest {
    @TempDir
    static Path dir;
    static EncodedDataset data;

    @BeforeAll
    static void encode() throws Exception {
        data = TinyData.encode(TinyData.SHARED_HISTORY_SPEC, TinyData.sharedHistoryCsv(31, 90, 7, 5), dir);
    }

    private static CtrModel model(String name, String activation) {
        ModelConfig c = ModelConfig.defaults(name).withEmbeddingDim(3).withHidden(List.of(5, 4), activation);
        return Models.create(FeatureLayout.of(data), c, 5, ScalarType.Double);
    }

    /**
     * @param closedFormTables the tables whose check must pass (v is one-hot in every model; u is shared
     *                         with the history, which FM's and PNN's products make quadratic in a row that
     *                         fills two slots: the repeated rows' second term must account for it)
     */
    @ParameterizedTest
    @CsvSource({"dnn, relu, 'u v'", "deepfm, relu, 'u v'", "pnn, relu, 'u v'", "dnn, tanh, ''", "dcn, relu, ''", "dlrm, relu, 'u v'", "xdeepfm, relu, ''",
            "deepfm, relu + ridge, 'u v'"})
    void closedFormBlocksEqualTheHvpBlocksAndTheCheckSendsTheOthersBack(String name, String activation, String closedFormTables) {
        boolean ridge = activation.endsWith("ridge");
        CtrModel model = model(name, activation.replace(" + ridge", ""));
        AnalysisSet set = AnalysisSet.sample(data.split("train"), 0, 3, 16, ScalarType.Double);
        EmbeddingHessian viaClosedForm = EmbeddingHessian.of(model, data, set);
        EmbeddingHessian viaHvps = viaClosedForm.withoutClosedForm();
        if (ridge) {
            viaClosedForm = viaClosedForm.withRegularizer();
            viaHvps = viaHvps.withRegularizer();
        }
        int compared = 0;
        for (String table : data.tables()) {
            RowCurvature a = viaClosedForm.table(table).exact().curvature();
            RowCurvature b = viaHvps.table(table).exact().curvature();
            for (int k = 0; k < a.lambda().length; k++) {
                double scale = Math.max(1e-12, Math.abs(b.lambda()[k]));
                assertEquals(b.lambda()[k], a.lambda()[k], 1e-9 * scale, name + " " + table + " row " + k);
                assertEquals(b.trace()[k], a.trace()[k], 1e-9 * Math.max(1e-12, Math.abs(b.trace()[k])), table + " trace " + k);
                compared += a.lambda()[k] != 0 ? 1 : 0;
            }
        }
        assertTrue(compared >= 8, "rows with curvature compared: " + compared);
        assertTrue(viaClosedForm.closedFormTables() < 2 || viaClosedForm.repeatedRows() >= 10,
                "samples whose history repeats a row of the shared table: " + viaClosedForm.repeatedRows());
        Map<String, Double> checks = viaClosedForm.closedFormChecks();
        for (String table : data.tables()) {
            boolean expected = List.of(closedFormTables.split(" ")).contains(table);
            double rel = checks.get(table);
            assertEquals(expected, rel <= EmbeddingHessian.CLOSED_FORM_TOLERANCE, name + "/" + activation + " table " + table
                    + ": relative difference " + rel);
            if (expected) {
                assertTrue(rel < 1e-10, "float64 agreement on " + table + ": " + rel);
            }
        }
    }
}
