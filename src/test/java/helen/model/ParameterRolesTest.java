package helen.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimizers and the Hessian analysis rely on telling embedding tables (and their table) from dense weights. */
class ParameterRolesTest {
    @Test
    void deepFmHasEmbeddingFirstOrderAndDenseParameters() {
        CtrModel m = TinyModels.model("deepfm", 1);
        List<ModelParameter> emb = m.params().stream().filter(ModelParameter::isEmbedding).toList();
        assertEquals(List.of("embedding.a", "embedding.b"), emb.stream().map(ModelParameter::name).toList());
        assertEquals(0, emb.get(0).table());
        assertEquals(1, emb.get(1).table());
        assertEquals(List.of(6L, 4L), List.of(emb.get(0).tensor().size(0), emb.get(0).tensor().size(1)));
        List<String> firstOrder = m.params().stream().filter(p -> p.role() == ParamRole.FIRST_ORDER)
                .map(ModelParameter::name).collect(Collectors.toList());
        assertEquals(List.of("lr.a", "lr.b"), firstOrder);
        assertTrue(m.params().stream().filter(p -> p.role() == ParamRole.DENSE)
                .allMatch(p -> p.name().startsWith("dnn.") || p.name().equals("lr.bias")));
        // the tables are views of one tensor each: embedding.weight [6 + 5, 4], lr.weight [11, 1], plus lr.bias
        assertEquals(3, m.leaves().size() - m.params().stream().filter(p -> p.name().startsWith("dnn.")).count());
        assertEquals(11L, m.embeddingWeight().size(0));
        assertEquals(6L, m.tableOffset(1));
    }

    @Test
    void everyModelHasOneEmbeddingPerTable() {
        for (String name : ModelRegistry.names()) {
            CtrModel m = TinyModels.model(name, 1);
            assertEquals(2, m.params().stream().filter(ModelParameter::isEmbedding).count(), name);
        }
    }
}
