package helen.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {
    @Test
    void stampRecordsTheNativeEnvironmentAsTheProcessSeesIt() {
        ObjectNode stamp = Provenance.stamp();
        JsonNode env = stamp.get("native_env");
        for (String name : Provenance.NATIVE_ENV) {
            assertTrue(env.has(name), name);
            String value = System.getenv(name);
            if (value == null) {
                assertTrue(env.get(name).isNull(), name);
            } else {
                assertEquals(value, env.get(name).asText(), name);
            }
        }
        // surefire sets this one (pom.xml), so at least one value is a real string
        assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY").asText());
    }
}
