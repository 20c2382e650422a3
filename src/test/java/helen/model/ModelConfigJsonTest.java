package helen.model;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.HelenException;
import helen.util.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model config as one flat mapping: common keys, the model's own record, nothing else. */
class ModelConfigJsonTest {
    @Test
    void everyRegisteredModelRoundTrips() throws Exception {
        for (String name : ModelRegistry.names()) {
            ModelConfig c = ModelConfig.defaults(name).withEmbeddingRegularizer(1e-5).withHidden(List.of(7, 3), "tanh");
            JsonNode tree = Json.MAPPER.valueToTree(c);
            assertEquals(c, Json.MAPPER.treeToValue(tree, ModelConfig.class), name);
        }
        JsonNode dcn = Json.MAPPER.valueToTree(ModelConfig.defaults("dcnv2"));
        assertEquals(3, dcn.get("cross_layers").asInt());
        assertTrue(!Json.MAPPER.valueToTree(ModelConfig.defaults("deepfm")).has("cross_layers"), "only the model's own keys");
    }

    @Test
    void anotherModelsKeyIsAnErrorNamingIt() throws Exception {
        JsonNode n = Json.MAPPER.readTree("{\"name\": \"deepfm\", \"cin_hidden_units\": [4]}");
        Exception e = assertThrows(Exception.class, () -> Json.MAPPER.treeToValue(n, ModelConfig.class));
        HelenException h = e instanceof HelenException x ? x : (HelenException) e.getCause();
        assertTrue(h.getMessage().contains("unknown key 'model.cin_hidden_units' for model deepfm"), h.getMessage());
        assertTrue(h.getMessage().contains("embedding_dim") && h.getMessage().contains("hidden_units")
                && !h.getMessage().contains("embeddingDim"), "the allowed keys, as a config file spells them: " + h.getMessage());
        ModelConfig x = Json.MAPPER.treeToValue(Json.MAPPER.readTree("{\"name\": \"xdeepfm\", \"cin_hidden_units\": [4]}"),
                ModelConfig.class);
        assertEquals(List.of(4), x.options(ModelOptions.Cin.class).cinHiddenUnits());
    }

    /** model.json of runs written by helen 0.1 (camelCase, every model with crossLayers and structure) still opens. */
    @Test
    void readsTheCamelCaseModelJsonOfEarlierRuns() throws Exception {
        String legacy = "{\"name\":\"deepfm\",\"embeddingDim\":16,\"hiddenUnits\":[64,64],\"activation\":\"relu\",\"dropout\":0.1,"
                + "\"batchNorm\":false,\"embeddingRegularizer\":1.0E-5,\"netRegularizer\":0.0,\"pooling\":\"mean\","
                + "\"crossLayers\":3,\"structure\":\"parallel\",\"embeddingInitStd\":1.0E-4}";
        ModelConfig c = Json.MAPPER.treeToValue(Json.MAPPER.readTree(legacy), ModelConfig.class);
        assertEquals(new ModelConfig("deepfm", 16, List.of(64, 64), "relu", 0.1, false, 1e-5, 0, "mean", 1e-4,
                new ModelOptions.None()), c);
        ModelConfig dcn = Json.MAPPER.treeToValue(Json.MAPPER.readTree(legacy.replace("deepfm", "dcn").replace(":3,", ":2,")),
                ModelConfig.class);
        assertEquals(2, dcn.options(ModelOptions.Cross.class).crossLayers());
    }

    @Test
    void aWrongTypeNamesTheKeyAndNoSectionMeansTheDefaults() throws Exception {
        HelenException e = assertThrows(HelenException.class, () -> ModelConfigJson.read(Json.MAPPER.readTree(
                "{\"name\": \"dnn\", \"embedding_dim\": \"sixteen\"}")));
        assertTrue(e.getMessage().contains("'model.embedding_dim' has a value of the wrong type: 'sixteen'"), e.getMessage());
        e = assertThrows(HelenException.class, () -> ModelConfigJson.read(Json.MAPPER.readTree(
                "{\"name\": \"dcn\", \"cross_layers\": [1, 2]}")));
        assertTrue(e.getMessage().contains("'model.cross_layers' has a value of the wrong type"), e.getMessage());
        e = assertThrows(HelenException.class, () -> ModelConfigJson.read(Json.MAPPER.readTree("[1]")));
        assertTrue(e.getMessage().contains("'model' must be a mapping"), e.getMessage());
        assertEquals(ModelConfig.defaults("deepfm"), ModelConfigJson.read(null));
        assertEquals(ModelConfig.defaults("deepfm"), ModelConfigJson.read(Json.MAPPER.nullNode()));
        // a legacy (camelCase) file of another model's keys is read, an unknown legacy key is not
        e = assertThrows(HelenException.class, () -> ModelConfigJson.read(Json.MAPPER.readTree(
                "{\"name\": \"deepfm\", \"embeddingDim\": 8, \"crossLayer\": 3}")));
        assertTrue(e.getMessage().contains("unknown key 'model.crossLayer'"), e.getMessage());
    }

    @Test
    void theRegistryAndAccessorsDescribeTheModels() {
        assertEquals(List.of("dnn", "widedeep", "pnn", "deepfm", "dcn", "dlrm", "dcnv2"), ModelRegistry.paperModels());
        assertEquals(ModelRegistry.names(), ModelRegistry.all().stream().map(ModelRegistry.Entry::name).toList());
        assertTrue(ModelRegistry.contains("xdeepfm"));
        assertTrue(!ModelRegistry.contains("fm"));
        List<String> listed = new java.util.ArrayList<>();
        new ModelRegistry.Names().forEach(listed::add);
        assertEquals(ModelRegistry.names(), listed);
        HelenException e = assertThrows(HelenException.class, () -> ModelRegistry.get("fm"));
        assertTrue(e.getMessage().contains("unknown model 'fm'") && e.getMessage().contains("xdeepfm"), e.getMessage());
        ModelConfig pnn = ModelConfig.defaults("dcn").withName("pnn");
        assertEquals("pnn", pnn.name());
        assertEquals(new ModelOptions.None(), pnn.options(), "another model starts from its own options");
        CtrModel m = TinyModels.model("deepfm", 1);
        assertEquals(TinyModels.LAYOUT, m.layout());
        assertEquals(org.bytedeco.pytorch.global.torch.ScalarType.Double, m.dtype());
        assertEquals(6 * 4, m.table(0).numel(), "table a: 6 rows of dimension 4");
        assertEquals(List.of(5, 4), List.of((int) m.table(1).size(0), (int) m.table(1).size(1)));
    }
}
