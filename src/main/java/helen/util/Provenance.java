package helen.util;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.Properties;

/**
 * What produced an output: helen's version, the git commit, the JVM and OS, and the time.
 * Recorded in every output file because Java's Math and libtorch's kernels may round
 * differently on other platforms, so a number is only reproducible together with its setting.
 */
public final class Provenance {
    private Provenance() {
    }

    public static String helenVersion() {
        Package p = Provenance.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : readPomVersion();
    }

    /** The libtorch build helen runs on, as the pom declares it (Maven fills it in at build time). */
    public static String libtorchVersion() {
        return buildProperty("libtorch", "org.bytedeco:pytorch (version unknown)");
    }

    private static String readPomVersion() {
        return buildProperty("version", "dev");
    }

    private static String buildProperty(String key, String fallback) {
        try (InputStream in = Provenance.class.getResourceAsStream("/helen/version.properties")) {
            if (in == null) {
                return fallback;
            }
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty(key);
            return v == null || v.contains("${") ? fallback : v;
        } catch (IOException e) {
            return fallback;
        }
    }

    /**
     * Environment variables that change native kernels or their speed (OpenBLAS's kernel choice
     * changes float rounding, so a number's kernel belongs with it; LD_PRELOAD may replace
     * libtorch's BLAS altogether); null where unset.
     */
    static final java.util.List<String> NATIVE_ENV = java.util.List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
            "LD_PRELOAD", "OMP_WAIT_POLICY", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_",
            "MALLOC_ARENA_MAX");

    /** A JSON object with version, commit, java, os, native environment, time. */
    public static ObjectNode stamp() {
        ObjectNode n = Json.object();
        n.put("helen_version", helenVersion());
        n.put("libtorch", libtorchVersion());
        n.put("git_commit", gitCommit());
        n.put("java", System.getProperty("java.version"));
        n.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        ObjectNode env = n.putObject("native_env");
        for (String name : NATIVE_ENV) {
            env.put(name, System.getenv(name));
        }
        n.put("created", OffsetDateTime.now().toString());
        return n;
    }

    /** The commit of the helen checkout this code was built in (found from the jar's location, not the working directory). */
    private static String gitCommit() {
        try {
            java.nio.file.Path code = java.nio.file.Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            java.nio.file.Path repo = code.getParent() != null && code.getParent().getParent() != null ? code.getParent().getParent() : code;
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && out.matches("[0-9a-f]+") ? out : "unknown";
        } catch (IOException | InterruptedException | java.net.URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }
}
