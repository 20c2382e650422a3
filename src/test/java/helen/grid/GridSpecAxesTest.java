package helen.grid;

import helen.util.HelenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which optimizer may take a ρ or a ξ axis comes from the optimizer registry, for a new optimizer too. */
class GridSpecAxesTest {
    @TempDir
    Path dir;

    private Path spec(String optimizers) throws Exception {
        Path f = dir.resolve("g.yaml");
        Files.writeString(f, "name: g\ndatasets:\n  d:\n    config_dir: cfg\n    spec: s.yaml\n    train: t.csv\n    valid: v.csv\n"
                + "    test: e.csv\nmodels: [dnn]\noptimizers:\n" + optimizers + "seeds: [1]\n");
        return f;
    }

    @Test
    void radiusAndFloorAxesFollowTheRegistry() throws Exception {
        GridSpec s = GridSpec.load(spec("  helen-k: {rho: [0.05, 0.01], xi: [0, 0.5]}\n  helen-m: {rho: [0.05]}\n"
                + "  helen+network: {xi: [0.3]}\n"));
        assertEquals(Map.of("rho", List.of(0.05, 0.01), "xi", List.of(0.0, 0.5)), s.optimizers().get("helen-k"));
        HelenException e = assertThrows(HelenException.class, () -> GridSpec.load(spec("  adam: {rho: [0.05]}\n")));
        assertTrue(e.getMessage().contains("optimizers.adam.rho: only sam, asam, helen, helen-m, helen-b, helen-k have a radius"),
                e.getMessage());
        e = assertThrows(HelenException.class, () -> GridSpec.load(spec("  helen-b: {xi: [0.5]}\n")));
        assertTrue(e.getMessage().contains("optimizers.helen-b.xi: only helen, helen-k have ξ"), e.getMessage());
    }
}
