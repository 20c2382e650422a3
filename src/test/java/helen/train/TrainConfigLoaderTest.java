package helen.train;

import helen.util.HelenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedConfigLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("training"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertTrue(files.size() >= 21, "configs: " + files.size());
        for (Path f : files) {
            if (f.getFileName().toString().equals("base.yaml")) {
                continue; // what a directory's model configs share, not a config of its own
            }
            if (f.startsWith(Path.of("training", "grids"))) {
                // grid specs, not training configs: each plans (its base configs load) into a non-empty grid
                assertTrue(helen.grid.GridPlan.expand(helen.grid.GridSpec.load(f), 1).size() > 0, f.toString());
                continue;
            }
            TrainConfig c = TrainConfigLoader.load(f);
            assertEquals(16, c.model().embeddingDim(), f.toString());
        }
        TrainConfig dcnv2 = TrainConfigLoader.load(Path.of("training/criteo_x4/dcnv2.yaml"));
        assertEquals(List.of(1000, 1000, 1000, 1000, 1000), dcnv2.model().hiddenUnits());
        assertTrue(dcnv2.model().batchNorm());
        assertEquals(1e-5, dcnv2.model().embeddingRegularizer(), 0);
        assertEquals(3, dcnv2.model().options(helen.model.ModelOptions.Cross.class).crossLayers());
        assertEquals(10000, dcnv2.batchSize());
    }

    /**
     * A config's {@code base:} file gives the keys it does not write: mappings merge key by key, the config's
     * own values win, bases chain; a missing base, or one that is its own base, is one line naming it.
     */
    @Test
    void aBaseFileGivesTheKeysAConfigDoesNotWrite() throws Exception {
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/root.yaml"), "training: {batch_size: 512, epochs: 7, seed: 11}\noptimizer: {name: adam, lr: 0.01}\n");
        Files.writeString(dir.resolve("shared/base.yaml"), "base: root.yaml\ntraining: {epochs: 3}\nmodel: {name: dnn, embedding_dim: 8}\n");
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, "base: shared/base.yaml\nmodel: {name: dnn, hidden_units: [5]}\ntraining: {seed: 5}\n");
        TrainConfig t = TrainConfigLoader.load(c);
        assertEquals(512, t.batchSize(), "from the base's base");
        assertEquals(3, t.epochs(), "the nearer base wins");
        assertEquals(5, t.seed(), "the config's own value wins");
        assertEquals(0.01, t.optimizer().lr(), 0);
        assertEquals(8, t.model().embeddingDim(), "mappings merge key by key");
        assertEquals(List.of(5), t.model().hiddenUnits());

        Files.writeString(c, "base: nowhere.yaml\n");
        HelenException missing = assertThrows(HelenException.class, () -> TrainConfigLoader.load(c));
        assertTrue(missing.getMessage().contains("key 'base': no such file") && missing.getMessage().contains("nowhere.yaml"),
                missing.getMessage());
        Files.writeString(dir.resolve("shared/root.yaml"), "base: base.yaml\n");
        Files.writeString(c, "base: shared/base.yaml\n");
        HelenException loop = assertThrows(HelenException.class, () -> TrainConfigLoader.load(c));
        assertTrue(loop.getMessage().contains("is its own base"), loop.getMessage());
        Files.writeString(dir.resolve("shared/root.yaml"), "training: {batch_sise: 4}\n");
        HelenException typo = assertThrows(HelenException.class, () -> TrainConfigLoader.load(c));
        assertTrue(typo.getMessage().contains("with its base") && typo.getMessage().contains("batch_sise"), typo.getMessage());
    }

    /** Helen's keys and max_grad_norm load, and the resolved config writes every choice as the variant fills it. */
    @Test
    void helenVariantKeysLoadAndResolve() throws Exception {
        Path f = dir.resolve("h.yaml");
        Files.writeString(f, "optimizer:\n  name: helen\n  variant: paper\n  perturb: all_rows\n  max_grad_norm: 5\n");
        TrainConfig c = TrainConfigLoader.load(f);
        assertEquals("paper", c.optimizer().helen().variant());
        assertEquals(5.0, c.optimizer().effectiveMaxGradNorm());
        String yaml = TrainConfigLoader.toYaml(c, null);
        for (String line : List.of("variant: \"paper\"", "frequency: \"dataset\"", "normalize: \"row\"", "network: true",
                "perturb: \"all_rows\"", "max_grad_norm: 5.0", "xi: 0.3")) {
            assertTrue(yaml.contains(line), line + " in\n" + yaml);
        }
        Files.writeString(f, yaml);
        assertEquals(yaml, TrainConfigLoader.toYaml(TrainConfigLoader.load(f), null), "the resolved form is a fixed point");
        Files.writeString(f, "optimizer:\n  name: helen\n");
        String official = TrainConfigLoader.toYaml(TrainConfigLoader.load(f), null);
        for (String line : List.of("variant: \"official\"", "frequency: \"batch\"", "normalize: \"field\"", "network: false",
                "perturb: \"all_rows\"", "max_grad_norm: 0.0")) {
            assertTrue(official.contains(line), line + " in\n" + official);
        }
    }

    /**
     * An optimizer's own key (helen-k's every) loads into its registry record and is written back resolved;
     * on another optimizer it is an unknown key naming the optimizer and its allowed keys; other optimizers'
     * resolved configs hold no such key.
     */
    @Test
    void anOptimizersOwnKeyBelongsToItAlone() throws Exception {
        Path f = dir.resolve("k.yaml");
        Files.writeString(f, "optimizer:\n  name: helen-k\n  every: 3\n  xi: 0.2\n");
        TrainConfig c = TrainConfigLoader.load(f);
        assertEquals(3, c.optimizer().options(helen.optim.OptimizerOptions.Periodic.class).every());
        assertEquals(0.2, c.optimizer().xi());
        String yaml = TrainConfigLoader.toYaml(c, null);
        assertTrue(yaml.contains("every: 3") && yaml.contains("xi: 0.2"), yaml);
        Files.writeString(f, yaml);
        assertEquals(yaml, TrainConfigLoader.toYaml(TrainConfigLoader.load(f), null), "the resolved form is a fixed point");
        Files.writeString(f, "optimizer:\n  name: helen-k\n");
        assertEquals(helen.optim.OptimizerOptions.Periodic.DEFAULT_EVERY,
                TrainConfigLoader.load(f).optimizer().options(helen.optim.OptimizerOptions.Periodic.class).every());

        Files.writeString(f, "optimizer:\n  name: helen\n  every: 3\n");
        HelenException e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("k.yaml: unknown key 'optimizer.every' for optimizer helen (allowed: eta,"),
                e.getMessage());
        Files.writeString(f, "optimizer:\n  name: helen-k\n  every: often\n");
        e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("key 'optimizer.every' has a value of the wrong type: 'often'"), e.getMessage());
        Files.writeString(f, "optimizer:\n  name: helen-k\n  every: 0\n");
        e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("k.yaml: key 'optimizer.every' must be at least 1, got 0"), e.getMessage());
        Files.writeString(f, "optimizer:\n  name: adam\n");
        assertTrue(!TrainConfigLoader.toYaml(TrainConfigLoader.load(f), null).contains("every"));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "model:\n  name: deepfm\n  hiden_units: [10]\n");
        HelenException e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("c.yaml: unknown key 'model.hiden_units'"), e.getMessage());
        Files.writeString(f, "model:\n  name: xgboost\n");
        e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("key 'model.name' has unknown value 'xgboost'"), e.getMessage());
        Files.writeString(f, "trainin:\n  epochs: 3\n");
        e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("unknown key 'trainin'"), e.getMessage());
        Files.writeString(f, "optimizer:\n  name: helen\n  variant: papr\n");
        e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("c.yaml") && e.getMessage().contains("optimizer.variant"), e.getMessage());
        Files.writeString(f, "optimizer:\n  name: helen-m\n  network: true\n");
        e = assertThrows(HelenException.class, () -> helen.optim.Optimizers.create(TrainConfigLoader.load(f).optimizer(),
                helen.model.TinyModels.model("deepfm", 1), () -> null));
        assertTrue(e.getMessage().contains("helen-m does not perturb the network"), e.getMessage());
        Files.writeString(f, "model:\n  dropout: 1.5\n");
        e = assertThrows(HelenException.class, () -> TrainConfigLoader.load(f));
        assertTrue(e.getMessage().contains("'model.dropout'"), e.getMessage());
    }
}
