package helen.train;

import helen.results.ResolvedConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reports' read-only view of config.resolved.yaml says what training's own schema reads from the same file. */
class ResolvedConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void theViewReadsTheSettingsTheTrainingSchemaReads() throws Exception {
        TrainConfig c = TrainConfigLoader.load(Path.of("training/samples/deepfm.yaml"));
        ResolvedConfig.write(dir, c);
        TrainConfig back = ResolvedConfig.read(dir);
        ResolvedConfigFile view = ResolvedConfigFile.read(dir).orElseThrow();
        assertEquals(back.optimizer().lr(), view.lr());
        assertEquals(back.model().embeddingRegularizer(), view.embeddingRegularizer());
        assertEquals(back.epochs(), view.epochs());
        assertTrue(view.lr() > 0 && view.embeddingRegularizer() > 0 && view.epochs() >= 1, "values, not the NaN of a missing key");
        Files.writeString(dir.resolve(ResolvedConfigFile.FILE), "optimizer: {name: adam}\n");
        assertTrue(Double.isNaN(ResolvedConfigFile.read(dir).orElseThrow().lr()), "a missing key is NaN, shown as '?'");
        assertTrue(ResolvedConfigFile.read(dir.resolve("none")).isEmpty());
    }
}
