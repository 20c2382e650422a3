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
}
