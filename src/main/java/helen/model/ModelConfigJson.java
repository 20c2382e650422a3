package helen.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.HelenException;
import helen.util.OptionRecords;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ModelConfig} as one flat mapping: the common keys (bound to {@link Common}) and, beside
 * them, the keys of the model's own {@link ModelOptions} record (bound to the record its
 * {@link ModelRegistry} entry names). Any other key is an error naming it and the allowed ones.
 * Reads the camelCase model.json of helen 0.1 runs too.
 */
final class ModelConfigJson {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    /** Keys that helen 0.1 wrote for every model into model.json; dropped where the model does not own them. */
    private static final Set<String> LEGACY_OPTION_KEYS = Set.of("crossLayers", "structure", "cinHiddenUnits");

    private ModelConfigJson() {
    }

    /** The keys every model has; null where a config leaves them out (the defaults fill in). */
    record Common(@JsonProperty("name") String name,
                  @JsonProperty("embedding_dim") @JsonAlias("embeddingDim") Integer embeddingDim,
                  @JsonProperty("hidden_units") @JsonAlias("hiddenUnits") List<Integer> hiddenUnits,
                  @JsonProperty("activation") String activation,
                  @JsonProperty("dropout") Double dropout,
                  @JsonProperty("batch_norm") @JsonAlias("batchNorm") Boolean batchNorm,
                  @JsonProperty("embedding_regularizer") @JsonAlias("embeddingRegularizer") Double embeddingRegularizer,
                  @JsonProperty("net_regularizer") @JsonAlias("netRegularizer") Double netRegularizer,
                  @JsonProperty("pooling") String pooling,
                  @JsonProperty("embedding_init_std") @JsonAlias("embeddingInitStd") Double embeddingInitStd) {
    }

    private static final Set<String> COMMON_KEYS = Set.of("name", "embedding_dim", "hidden_units", "activation", "dropout",
            "batch_norm", "embedding_regularizer", "net_regularizer", "pooling", "embedding_init_std", "embeddingDim",
            "hiddenUnits", "batchNorm", "embeddingRegularizer", "netRegularizer", "embeddingInitStd");

    /**
     * @param node the {@code model:} mapping
     * @throws HelenException naming the key (as {@code model.KEY}) that is unknown for the model or has a bad value
     */
    static ModelConfig read(JsonNode node) {
        if (node == null || node.isNull()) {
            return ModelConfig.defaults("deepfm");
        }
        if (!node.isObject()) {
            throw new HelenException("key 'model' must be a mapping");
        }
        String name = node.path("name").asText("deepfm");
        if (!ModelRegistry.contains(name)) {
            throw new HelenException("key 'model.name' has unknown value '" + name + "' (known: "
                    + String.join(", ", ModelRegistry.names()) + ")");
        }
        ModelRegistry.Entry entry = ModelRegistry.get(name);
        Set<String> own = new TreeSet<>();
        STRICT.valueToTree(entry.defaultOptions()).fieldNames().forEachRemaining(own::add);
        boolean legacy = node.has("embeddingDim");
        ObjectNode common = STRICT.createObjectNode();
        ObjectNode options = STRICT.createObjectNode();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String snake = legacy ? snake(k) : k;
            if (COMMON_KEYS.contains(k)) {
                common.set(k, node.get(k));
            } else if (own.contains(snake)) {
                options.set(snake, node.get(k));
            } else if (!(legacy && LEGACY_OPTION_KEYS.contains(k))) {
                TreeSet<String> allowed = new TreeSet<>(own);
                COMMON_KEYS.stream().filter(c -> c.equals(snake(c))).forEach(allowed::add);
                throw new HelenException("unknown key 'model." + k + "' for model " + name + " (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
        Common c = OptionRecords.bind(common, Common.class, "model");
        ModelOptions o = OptionRecords.bind(options, entry.options(), "model");
        ModelConfig d = ModelConfig.defaults(name);
        return new ModelConfig(name, or(c.embeddingDim(), d.embeddingDim()), or(c.hiddenUnits(), d.hiddenUnits()),
                or(c.activation(), d.activation()).toLowerCase(java.util.Locale.ROOT), or(c.dropout(), d.dropout()),
                or(c.batchNorm(), d.batchNorm()), or(c.embeddingRegularizer(), d.embeddingRegularizer()),
                or(c.netRegularizer(), d.netRegularizer()), or(c.pooling(), d.pooling()),
                or(c.embeddingInitStd(), d.embeddingInitStd()), o);
    }

    static ObjectNode write(ModelConfig m) {
        ObjectNode n = STRICT.valueToTree(new Common(m.name(), m.embeddingDim(), m.hiddenUnits(), m.activation(), m.dropout(),
                m.batchNorm(), m.embeddingRegularizer(), m.netRegularizer(), m.pooling(), m.embeddingInitStd()));
        n.setAll((ObjectNode) STRICT.valueToTree(m.options()));
        return n;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }

    static final class Writer extends JsonSerializer<ModelConfig> {
        @Override
        public void serialize(ModelConfig value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeTree(write(value));
        }
    }

    static final class Reader extends JsonDeserializer<ModelConfig> {
        @Override
        public ModelConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return read(p.readValueAsTree());
        }
    }
}
