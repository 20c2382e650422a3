package helen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Killing {@code helen analyze --shards} (SIGKILL: no shutdown hook of its own runs) stops its shard
 * processes too: none computes on, unseen, after the command that started it.
 */
class ChildProcessesTest {
    @Test
    void shardProcessesEndWithTheirParent(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CliContractTest.run("train", "--config", "training/samples/dnn.yaml", "--out", run.toString(), "--epochs", "1",
                "--no-progress", "--threads", "1", "--cache-dir", dir.resolve("cache").toString());
        // exact blocks of every field on the whole training split: minutes of work for each of the two shards
        Process parent = GridProcesses.start(dir.resolve("analyze.log"), Map.of(), "analyze", run.toString(), "--mode", "exact",
                "--samples", "0", "--shards", "2", "--jobs", "2", "--out", dir.resolve("analysis").toString());
        List<ProcessHandle> shards = List.of();
        long end = System.nanoTime() + 120_000_000_000L;
        while (shards.size() < 2 && parent.isAlive() && System.nanoTime() < end) {
            shards = parent.descendants().filter(h -> commandLine(h).contains("\0--shard\0")).toList();
            Thread.sleep(50);
        }
        assertEquals(2, shards.size(), "two shard processes started:\n" + Files.readString(dir.resolve("analyze.log")));
        Thread.sleep(2000); // past their start: computing
        parent.destroyForcibly().waitFor();
        for (ProcessHandle s : shards) {
            try {
                s.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                s.destroyForcibly();
            }
            assertFalse(s.isAlive(), "shard process " + s.pid() + " still computing 20 s after its parent was killed");
        }
    }

    /** The process's arguments, NUL-separated, as /proc has them. */
    static String commandLine(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
        } catch (java.io.IOException e) {
            return ""; // ended meanwhile
        }
    }
}
