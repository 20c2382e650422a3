package helen.model;

import helen.data.EncodedField;
import helen.data.FeatureType;
import helen.model.layer.FeatureLayout;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every model starts where FuxiCTR starts it: embedding and first-order tables N(0, σ²) with the
 * configured σ, every weight matrix Xavier-normal (std √(2/(fan_in + fan_out)) over its two
 * dimensions), every bias 0. Checked on the sample moments of each parameter of 100 entries or more,
 * within four standard errors of the sample std (at least 6 %): enough to tell a wrong scale.
 */
class InitialisationTest {
    static final FeatureLayout WIDE;

    static {
        List<EncodedField> fields = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        int[] rows = new int[8];
        for (int f = 0; f < 8; f++) {
            fields.add(new EncodedField("f" + f, "f" + f, f, FeatureType.CATEGORICAL, 1, f));
            tables.add("f" + f);
            rows[f] = 400;
        }
        WIDE = new FeatureLayout(fields, tables, rows);
    }

    static java.util.stream.Stream<String> models() {
        return ModelRegistry.names().stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void tablesWeightsAndBiasesStartAsFuxiCtrStartsThem(String name) {
        ModelOptions own = ModelRegistry.get(name).defaultOptions();
        if (own instanceof ModelOptions.Cin) {
            own = new ModelOptions.Cin(List.of(64, 64));
        }
        ModelConfig c = new ModelConfig(name, 32, List.of(256, 128), "relu", 0, false, 0, 0, "mean", 0.02, own);
        CtrModel m = Models.create(WIDE, c, 7, ScalarType.Double);
        int checked = 0;
        for (ModelParameter p : m.params()) {
            double[] v = Tensors.toDoubles(p.tensor());
            if (p.isBias()) {
                for (double x : v) {
                    assertEquals(0.0, x, 0.0, p.name() + " starts at 0");
                }
                continue;
            }
            if (v.length < 100) {
                continue;
            }
            long[] shape = p.tensor().sizes().vec().get();
            boolean table = p.isEmbedding() || p.name().startsWith("lr.");
            double expected = table ? c.embeddingInitStd() : Math.sqrt(2.0 / (shape[0] + shape[1]));
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double sq = 0;
            for (double x : v) {
                sq += (x - mean) * (x - mean);
            }
            double std = Math.sqrt(sq / (v.length - 1));
            // the sample std's standard error is about std/√(2n): 4 of them, and never below 6 %
            double tolerance = Math.max(0.06, 4 / Math.sqrt(2.0 * v.length));
            assertEquals(expected, std, tolerance * expected, p.name() + " " + java.util.Arrays.toString(shape));
            assertEquals(0, mean, 5 * expected / Math.sqrt(v.length), p.name() + " mean");
            checked++;
        }
        assertTrue(checked >= 3, name + ": " + checked + " parameters large enough to check");
    }

    @ParameterizedTest
    @MethodSource("models")
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers(String name) {
        ModelConfig c = TinyModels.config(name);
        CtrModel a = Models.create(TinyModels.LAYOUT, c, 3, ScalarType.Double);
        CtrModel b = Models.create(TinyModels.LAYOUT, c, 3, ScalarType.Double);
        CtrModel other = Models.create(TinyModels.LAYOUT, c, 4, ScalarType.Double);
        boolean differs = false;
        for (int i = 0; i < a.leaves().size(); i++) {
            Tensor x = a.leaves().get(i);
            assertEquals(java.util.Arrays.toString(Tensors.toDoubles(x)), java.util.Arrays.toString(Tensors.toDoubles(b.leaves().get(i))));
            differs |= !java.util.Arrays.equals(Tensors.toDoubles(x), Tensors.toDoubles(other.leaves().get(i)));
        }
        assertTrue(differs);
    }
}
