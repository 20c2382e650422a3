package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.hessian.AnalysisTables;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code helen analyze --mode exact --shard I/N --partial DIR} three times and {@code helen analyze
 * merge DIR}: the merged per_feature.csv equals the single-process exact analysis of the same float32
 * run (1e-5 relative), and analysis.json says it was merged from three shards of the same set.
 */
class ShardedAnalysisCliTest {
    @TempDir
    Path dir;

    @Test
    void threeShardsMergedByTheCliEqualOneExactAnalysis() throws Exception {
        Path run = dir.resolve("run");
        CliContractTest.run("train", "--config", "training/samples/deepfm.yaml", "--out", run.toString(), "--epochs", "1",
                "--no-progress", "--cache-dir", dir.resolve("cache").toString());
        List<String> common = List.of("--mode", "exact", "--samples", "900", "--fields", "C1,C13", "--batch-size", "200");
        CliContractTest.run(args(List.of("analyze", run.toString(), "--out", dir.resolve("whole").toString(), "--no-dense"), common));
        for (int i = 1; i <= 3; i++) {
            CliContractTest.run(args(List.of("analyze", run.toString(), "--shard", i + "/3", "--partial",
                    dir.resolve("partial").toString()), common));
        }
        CliContractTest.run("analyze", "merge", dir.resolve("partial").toString(), "--out", dir.resolve("merged").toString());

        Table whole = AnalysisTables.perFeature(dir.resolve("whole"));
        Table merged = AnalysisTables.perFeature(dir.resolve("merged"));
        assertEquals(whole.rowCount(), merged.rowCount());
        double largest = whole.doubleColumn("lambda").max();
        int seen = 0;
        for (int i = 0; i < whole.rowCount(); i++) {
            String where = whole.stringColumn("field").get(i) + " row " + whole.intColumn("row").get(i);
            assertEquals(whole.longColumn("frequency").get(i), merged.longColumn("frequency").get(i), where);
            assertEquals(whole.longColumn("frequency_train").get(i), merged.longColumn("frequency_train").get(i), where);
            for (String c : List.of("lambda", "trace", "lambda_min", "grad_norm")) {
                double a = whole.doubleColumn(c).getDouble(i);
                double b = merged.doubleColumn(c).getDouble(i);
                assertEquals(a, b, 1e-5 * Math.max(Math.abs(a), 1e-3 * largest), where + " " + c);
            }
            seen += whole.longColumn("frequency").get(i) > 0 ? 1 : 0;
        }
        assertTrue(seen > 100, "rows seen in the set: " + seen);
        JsonNode meta = Json.read(dir.resolve("merged/analysis.json"), JsonNode.class);
        assertEquals(900, meta.get("analysis_samples").asInt());
        assertEquals(3, meta.get("merged_shards").asInt());
        assertEquals("exact", meta.get("mode").asText());
        assertTrue(AnalysisTables.current(dir.resolve("merged")), "helen report reads it like any analysis");
        assertTrue(Files.isRegularFile(dir.resolve("merged/per_field.csv")));
    }

    private static String[] args(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
