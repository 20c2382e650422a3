package helen.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** scripts/runtime-env.sh, which ./helen sources: sets its defaults, keeps what the user exported. */
class RuntimeEnvScriptTest {
    private static Map<String, String> envAfterSourcing(Map<String, String> given) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source scripts/runtime-env.sh && env");
        pb.environment().keySet().removeIf(k -> k.startsWith("MALLOC_") || k.startsWith("OMP_") || k.startsWith("OPENBLAS_"));
        pb.environment().putAll(given);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<String, String> env = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void setsItsDefaultsWhereNothingIsExported() throws Exception {
        Map<String, String> env = envAfterSourcing(Map.of());
        assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));
        assertEquals("0", env.get("MALLOC_MMAP_MAX_"));
        assertFalse(env.containsKey("MALLOC_MMAP_THRESHOLD_"), "no threshold: glibc would not take one above 32 MiB");
        assertEquals("1073741824", env.get("MALLOC_TRIM_THRESHOLD_"));
        assertEquals("1", env.get("MALLOC_ARENA_MAX"));
        assertFalse(env.containsKey("OPENBLAS_CORETYPE"), "the OpenBLAS kernel choice is left to OpenBLAS or the user");
    }

    @Test
    void keepsWhatTheUserExported() throws Exception {
        Map<String, String> env = envAfterSourcing(Map.of("OMP_WAIT_POLICY", "ACTIVE", "MALLOC_MMAP_THRESHOLD_", "65536",
                "MALLOC_TRIM_THRESHOLD_", "131072", "OPENBLAS_CORETYPE", "Haswell", "MALLOC_ARENA_MAX", "8"));
        assertEquals("ACTIVE", env.get("OMP_WAIT_POLICY"));
        assertEquals("65536", env.get("MALLOC_MMAP_THRESHOLD_"));
        assertEquals("131072", env.get("MALLOC_TRIM_THRESHOLD_"));
        assertEquals("8", env.get("MALLOC_ARENA_MAX"));
        assertEquals("Haswell", env.get("OPENBLAS_CORETYPE"));
        assertFalse(env.containsKey("MALLOC_MMAP_MAX_"), "an exported mmap threshold means the user wants mmap above it");
    }

    @Test
    void keepsAnExportedMmapLimit() throws Exception {
        assertEquals("4", envAfterSourcing(Map.of("MALLOC_MMAP_MAX_", "4")).get("MALLOC_MMAP_MAX_"));
    }
}
