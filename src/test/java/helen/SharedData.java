package helen;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared (real data samples and PyTorch reference vectors). A newcomer's clone has
 * none: tests that need it call {@link #require} and are skipped there.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String env = System.getenv("HELEN_SHARED");
        return env != null ? Path.of(env) : Path.of("..", "shared");
    }

    /** The path under ../shared, skipping the calling test if it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "needs " + p + " (the shared samples); skipped without it");
        return p;
    }
}
