package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A grid worker JVM that a signal ends (the OOM killer, a crash in native code) is an infrastructure
 * failure, not the run's: the run is started again in a new worker, and only a run that still has no
 * result after the retries fails the grid, with one line naming it. Nothing is reported as success.
 */
class GridWorkerFailureTest {
    @TempDir
    Path dir;

    @Test
    void aRunWhoseWorkerIsKilledIsStartedAgainAndTheGridSucceeds() throws Exception {
        Path f = GridProcesses.spec(dir, "once", "  adam: {}", 1);
        Path out = dir.resolve("once");
        Process grid = startGrid(f, out);
        int killed = killWorkers(grid, 1);
        assertEquals(0, grid.waitFor(), log());
        assertEquals(1, killed);
        String log = log();
        assertTrue(log.contains("exit 137: signal 9, SIGKILL); starting it again in a new worker (attempt 2 of 3)"), log);
        for (JsonNode o : outcomes(out)) {
            assertTrue(Set.of("trained", "resumed").contains(o.get("status").asText()), o.toString());
        }
        assertEquals(3, Files.readAllLines(out.resolve("selection.csv")).size() + 1, "one cell, both seeds");
        assertTrue(Files.readAllLines(out.resolve("selection.csv")).get(1).endsWith(",2,0"), "2 seeds planned, none without a result");
    }

    @Test
    void aRunWhoseWorkerKeepsDyingFailsTheGridAndIsNamed() throws Exception {
        Path f = GridProcesses.spec(dir, "always", "  adam: {}", 1);
        Path out = dir.resolve("always");
        Process grid = startGrid(f, out);
        assertEquals(3, killWorkers(grid, 3), "the first run's worker, started 3 times");
        assertEquals(1, grid.waitFor(), "a run without a result fails the grid:\n" + log());
        String log = log();
        List<JsonNode> failed = outcomes(out).stream().filter(o -> o.get("status").asText().equals("failed")).toList();
        assertEquals(1, failed.size(), log);
        String id = failed.get(0).get("id").asText();
        assertTrue(failed.get(0).get("message").asText().contains("signal 9, SIGKILL), 3 times"), failed.get(0).toString());
        Optional<String> summary = log.lines().filter(l -> l.startsWith("helen: 1 of 2 runs have no result")).findFirst();
        assertTrue(summary.isPresent() && summary.get().contains(id) && summary.get().contains("SIGKILL"), log);
        assertFalse(log.contains("not run yet"), "the dead worker's run says why it has no result:\n" + log);
        // the cell rests on one of its two seeds, and says so
        String row = Files.readAllLines(out.resolve("selection.csv")).get(1);
        assertTrue(row.matches("criteo,deepfm,adam,.*,1,.*,2,1"), row);
    }

    private Process startGrid(Path spec, Path out) throws Exception {
        return GridProcesses.start(dir.resolve("grid.log"), Map.of(), "grid", "run", spec.toString(), "--out", out.toString(),
                "--jobs", "1", "--threads", "1", "--cache-dir", dir.resolve("cache").toString());
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("grid.log"));
    }

    /** Kills (SIGKILL) the first {@code n} grid worker JVMs of {@code grid} as they appear; how many it killed. */
    private static int killWorkers(Process grid, int n) throws InterruptedException {
        Set<Long> seen = new HashSet<>();
        long end = System.nanoTime() + 180_000_000_000L;
        while (seen.size() < n && grid.isAlive() && System.nanoTime() < end) {
            for (ProcessHandle h : grid.descendants().toList()) {
                boolean worker = ChildProcessesTest.commandLine(h).contains("\0grid\0worker\0");
                if (worker && seen.add(h.pid())) {
                    h.destroyForcibly();
                    h.onExit().join();
                }
            }
            Thread.sleep(20);
        }
        return seen.size();
    }

    private static List<JsonNode> outcomes(Path grid) throws Exception {
        try (var s = Files.list(grid.resolve("outcomes"))) {
            return s.map(p -> Json.read(p, JsonNode.class)).toList();
        }
    }
}
