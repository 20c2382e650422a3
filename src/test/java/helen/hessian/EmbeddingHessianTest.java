package helen.hessian;

import helen.data.EncodedDataset;
import helen.hessian.operator.AnalysisSet;
import helen.model.CtrModel;
import helen.model.ModelConfig;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import helen.train.GeneratedData;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java entry point: per-row records that carry the data's tokens and N, power against exact, the regulariser's shift. */
class EmbeddingHessianTest {
    @Test
    void perRowRecordsAgreeWithExactBlocksAndTheData() {
        EncodedDataset data = GeneratedData.get();
        ModelConfig c = ModelConfig.defaults("deepfm").withEmbeddingDim(4).withEmbeddingRegularizer(0.01);
        CtrModel model = Models.create(FeatureLayout.of(data), c, 3, ScalarType.Double);
        AnalysisSet set = AnalysisSet.sample(data.split("train"), 600, 5, 200, ScalarType.Double);
        EmbeddingHessian h = EmbeddingHessian.of(model, data, set);
        assertEquals(data.tables(), h.tables());
        String name = data.tables().get(14);
        TableCurvature power = h.table(name).power(1e-10, 500);
        TableCurvature exact = h.table(name).exact();
        List<RowResult> rows = power.rows();
        assertEquals(data.tokens(14).size() - 1, rows.size(), "every row but padding");
        for (RowResult r : rows) {
            assertEquals(data.tokens(14).get(r.row()), r.token());
            assertEquals(data.tableFrequencies(14)[r.row()], r.frequency());
            double e = exact.lambda()[r.row()];
            assertEquals(e, r.lambda(), 1e-6 * Math.max(1e-12, Math.abs(e)), r.toString());
            if (r.frequencyAnalysis() == 0) {
                assertEquals(0.0, r.lambda(), 0.0, "an unseen row's block is zero");
            }
        }
        List<RowResult> top = power.sharpest(5);
        assertEquals(5, top.size());
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).lambda() >= top.get(i).lambda());
        }
        double maxSeen = rows.stream().filter(r -> r.frequencyAnalysis() > 0).mapToDouble(RowResult::lambda).max().orElseThrow();
        assertEquals(maxSeen, top.get(0).lambda(), 0.0);

        // (λ_emb/2)‖E‖² adds λ_emb to every eigenvalue of every block
        TableCurvature ridge = h.withRegularizer().table(name).exact();
        double[][] plain = exact.curvature().eigenvalues();
        double[][] shifted = ridge.curvature().eigenvalues();
        for (int k = 1; k < plain.length; k++) {
            for (int i = 0; i < plain[k].length; i++) {
                assertEquals(plain[k][i] + 0.01, shifted[k][i], 1e-12, "row " + k);
            }
        }
        assertThrows(helen.util.HelenException.class, () -> h.table("NO_SUCH_FIELD"));
    }
}
