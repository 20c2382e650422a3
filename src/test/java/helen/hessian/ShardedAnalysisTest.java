package helen.hessian;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.AnalysisOptions;
import helen.analysis.Analyzer;
import helen.data.EncodedDataset;
import helen.hessian.operator.Shard;
import helen.model.CtrModel;
import helen.util.HelenException;
import helen.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sharded exact analysis: the partial sums of 3 shards, written, read back and merged, equal the
 * single-process exact analysis (float64, 1e-10) on a dataset whose shared multi-hot table makes each
 * shard colour its rows differently; shards that do not belong together are refused by name.
 */
class ShardedAnalysisTest {
    @TempDir
    static Path dir;
    static EncodedDataset data;

    @BeforeAll
    static void encode() throws Exception {
        data = TinyData.encode(TinyData.SHARED_HISTORY_SPEC, TinyData.sharedHistoryCsv(23, 61, 6, 4), dir);
    }

    private static AnalysisOptions options(long seed) {
        return new AnalysisOptions("exact", 50, "train", 1e-3, 100, seed, 7, List.of(), false, false);
    }

    /** Shard {@code i}/3's partial sums written under {@code partial}, with the header analyze --shard writes. */
    private static void shard(CtrModel model, int i, Path partial, long seed) {
        Shard s = new Shard(i, 3);
        Analyzer a = new Analyzer(model, data, options(seed), s);
        List<ShardPartials.TablePartial> parts = a.partials(line -> { });
        ObjectNode header = a.metadata(dir, 0);
        header.put("format", ShardPartials.FORMAT).put("checkpoint_sha256", "same").put("samples", 50).put("batch_size", 7)
                .put("set_size", a.hvp().set().weightTotal()).put("shard", i).put("shards", 3)
                .put("dtype", "Double").put("embedding_dim", 3);
        a.tables().forEach(t -> header.withArray("tables").add(data.tables().get(t)));
        a.tables().forEach(t -> header.withArray("table_indices").add(t));
        ShardPartials.write(partial, s, header, parts);
    }

    @Test
    void threeShardsMergedEqualTheSingleProcessAnalysis() {
        CtrModel model = TinyData.deepfm(data, 0, 5);
        List<TableResult> whole = new Analyzer(model, data, options(3)).run(line -> { });
        Path partial = dir.resolve("partial");
        int rows = 0;
        for (int i = 1; i <= 3; i++) {
            shard(model, i, partial, 3);
            rows += Json.read(partial.resolve("shard-" + i + "-of-3/partial.json"), ObjectNode.class).path("analysis_samples").asInt();
        }
        assertEquals(50, rows, "the shards cover the 50-row set once");
        ShardPartials.Results merged = ShardPartials.results(ShardPartials.merge(partial), data);
        assertEquals(whole.size(), merged.tables().size());
        for (int t = 0; t < whole.size(); t++) {
            TableResult a = whole.get(t);
            TableResult b = merged.tables().get(t);
            assertEquals(a.name(), b.name());
            assertArrayEquals(a.analysisFrequency(), b.analysisFrequency(), a.name() + ": N on the set");
            for (int k = 0; k < a.lambda().length; k++) {
                String where = a.name() + " row " + k;
                assertEquals(a.exact().lambda()[k], b.exact().lambda()[k], 1e-10 * Math.max(1, Math.abs(a.exact().lambda()[k])), where);
                assertEquals(a.exact().trace()[k], b.exact().trace()[k], 1e-10 * Math.max(1, Math.abs(a.exact().trace()[k])), where);
                assertArrayEquals(a.exact().eigenvalues()[k], b.exact().eigenvalues()[k], 1e-10, where);
                assertEquals(a.gradNorm()[k], b.gradNorm()[k], 1e-12, where);
            }
        }
        assertTrue(whole.get(0).colouring().colours > 1, "the shared multi-hot table needed several colours in one process");
        double anyLambda = whole.get(0).exact().lambda()[2];
        assertTrue(anyLambda != 0, "a seen row has a non-zero block, so the comparison is not of zeros");
    }

    @Test
    void shardsThatDoNotBelongTogetherAreRefusedByName() throws Exception {
        CtrModel model = TinyData.deepfm(data, 0, 5);
        Path partial = dir.resolve("mixed");
        shard(model, 1, partial, 3);
        shard(model, 3, partial, 3);
        HelenException missing = assertThrows(HelenException.class, () -> ShardPartials.merge(partial));
        assertTrue(missing.getMessage().contains("lacks shard 2 of 3"), missing.getMessage());

        shard(model, 2, partial, 4); // another seed: another analysis set
        HelenException seed = assertThrows(HelenException.class, () -> ShardPartials.merge(partial));
        assertTrue(seed.getMessage().contains("shard-2-of-3") && seed.getMessage().contains("has seed 4"), seed.getMessage());

        shard(model, 2, partial, 3); // run again: replaces the wrong one
        ShardPartials.merge(partial);
        Path bin = partial.resolve("shard-2-of-3/table-0.bin");
        byte[] bytes = Files.readAllBytes(bin);
        Files.write(bin, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        HelenException truncated = assertThrows(HelenException.class, () -> ShardPartials.merge(partial));
        assertTrue(truncated.getMessage().contains("table-0.bin: truncated"), truncated.getMessage());

        Files.createDirectories(partial.resolve("shard-1-of-2"));
        HelenException counts = assertThrows(HelenException.class, () -> ShardPartials.merge(partial));
        assertTrue(counts.getMessage().contains("mixes shards of"), counts.getMessage());
    }

    @Test
    void aShardSpecIsIOverN() {
        assertEquals(new Shard(2, 3), Shard.parse("2/3"));
        for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3")) {
            HelenException e = assertThrows(HelenException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--shard '"), e.getMessage());
        }
        assertEquals(0, new Shard(1, 3).from(10));
        assertEquals(3, new Shard(1, 3).to(10));
        assertEquals(10, new Shard(3, 3).to(10));
    }
}
