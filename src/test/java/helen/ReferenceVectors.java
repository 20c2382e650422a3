package helen;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The PyTorch reference vectors in {@code src/test/resources/reference/} (see its README). */
public final class ReferenceVectors {
    private ReferenceVectors() {
    }

    public static JsonNode read(String name) {
        try (InputStream in = ReferenceVectors.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource reference/" + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
