package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.results.AnalysisTables;
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

        // The same as tasks: --shards 3 --jobs 2 runs three shard processes and merges them.
        String[] tasks = args(List.of("analyze", run.toString(), "--shards", "3", "--jobs", "2", "--out",
                dir.resolve("tasks").toString()), common);
        String log = stderrOf(tasks);
        assertEquals(3, count(log, "shard \\d/3: done in"), log);
        assertClose(whole, AnalysisTables.perFeature(dir.resolve("tasks")));
        assertEquals(3, Json.read(dir.resolve("tasks/analysis.json"), JsonNode.class).get("merged_shards").asInt());

        // Rerun: measured shards are kept; a missing one and one of another checkpoint are measured again.
        Path partials = dir.resolve("tasks-shards");
        deleteTree(partials.resolve("shard-2-of-3"));
        Path header = partials.resolve("shard-3-of-3/partial.json");
        Files.writeString(header, Files.readString(header).replaceFirst("\"checkpoint_sha256\" : \"[0-9a-f]+\"",
                "\"checkpoint_sha256\" : \"0000\""));
        log = stderrOf(tasks);
        assertEquals(1, count(log, "shard 1/3: its partial sums are there"), log);
        assertEquals(2, count(log, "shard [23]/3: done in"), log);
        assertTrue(Files.readString(header).matches("(?s).*\"checkpoint_sha256\" : \"[0-9a-f]{64}\".*"), "shard 3 measured again");
        assertClose(whole, AnalysisTables.perFeature(dir.resolve("tasks")));

        // A shard that fails (here all: an unknown table) is named with its log; nothing is merged.
        Failure f = failing("analyze", run.toString(), "--mode", "exact", "--shards", "2", "--samples", "900", "--fields", "C1,NOPE",
                "--out", dir.resolve("bad").toString());
        String last = f.text().lines().reduce((x, y) -> y).orElseThrow();
        assertEquals(2, f.exit(), f.text());
        assertTrue(last.matches("helen: error: 2 of 2 shards failed, nothing merged; shard 1/2: .*NOPE.* \\(log .*shard-1-of-2\\.log\\); "
                + "shard 2/2: .*"), last);
        assertTrue(!f.text().contains("\tat "), "no stack trace: " + f.text());
        assertTrue(!Files.exists(dir.resolve("bad")), "nothing merged");
    }

    @Test
    void notARunIsOneLineBeforeAnyShardStarts() throws Exception {
        Path run = Files.createDirectories(dir.resolve("not-a-run"));
        Failure f = failing("analyze", run.toString(), "--mode", "exact", "--shards", "2", "--jobs", "2");
        assertEquals(2, f.exit(), f.text());
        assertEquals(1, f.text().lines().count(), f.text());
        assertTrue(f.text().matches("helen: error: not a helen run directory .*not-a-run"), f.text());
        assertTrue(!Files.exists(run.resolve("analysis-shards")) && !Files.exists(run.resolve("analysis")), "nothing written");
    }

    /** Exit code and stderr of a helen command run in this JVM. */
    record Failure(int exit, String text) {
    }

    static Failure failing(String... args) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            return new Failure(HelenCommand.execute(args), err.toString().trim());
        } finally {
            System.setErr(old);
        }
    }

    private static void assertClose(Table whole, Table merged) {
        assertEquals(whole.rowCount(), merged.rowCount());
        double largest = whole.doubleColumn("lambda").max();
        for (int i = 0; i < whole.rowCount(); i++) {
            String where = whole.stringColumn("field").get(i) + " row " + whole.intColumn("row").get(i);
            assertEquals(whole.longColumn("frequency").get(i), merged.longColumn("frequency").get(i), where);
            for (String c : List.of("lambda", "trace", "lambda_min", "grad_norm")) {
                double a = whole.doubleColumn(c).getDouble(i);
                double b = merged.doubleColumn(c).getDouble(i);
                assertEquals(a, b, 1e-5 * Math.max(Math.abs(a), 1e-3 * largest), where + " " + c);
            }
        }
    }

    /** Runs helen in this JVM (exit 0 expected) and returns what it wrote to stderr. */
    private static String stderrOf(String... args) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            CliContractTest.run(args);
        } finally {
            System.setErr(old);
        }
        old.print(err);
        return err.toString();
    }

    private static int count(String text, String regex) {
        return (int) java.util.regex.Pattern.compile(regex).matcher(text).results().count();
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static String[] args(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
