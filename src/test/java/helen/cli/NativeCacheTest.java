package helen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new machine starts with an empty native-library cache, and a grid, a sharded analysis or a Slurm
 * array starts several helen JVMs on it at once; a first run may also be killed while it extracts. Each
 * later start must work: the dynamic loader maps {@code libtorch_cpu.so} as a dependency of {@code
 * libtorch.so} before JavaCPP checks it, so a half-written copy (another JVM still extracting it, or one
 * killed while it did) crashed the JVM with SIGBUS (exit 134), every time, until the cache was deleted.
 */
class NativeCacheTest {
    private static final String LIBTORCH_CPU = "libtorch_cpu.so";

    @Test
    void aLibraryLeftHalfWrittenInTheCacheIsExtractedAgainBeforeItIsMapped(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        assertEquals(0, train(dir, cache, "first").waitFor(), log(dir, "first"));
        Path cpu = find(cache, LIBTORCH_CPU);
        long size = Files.size(cpu);

        // what a JVM killed while extracting leaves: the library cut short, no marker (it is written last)
        try (FileChannel ch = FileChannel.open(cpu, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        try (Stream<Path> s = Files.list(cache)) {
            for (Path m : s.filter(p -> p.getFileName().toString().startsWith(".helen-complete-")).toList()) {
                Files.delete(m);
            }
        }
        assertEquals(0, train(dir, cache, "after-a-kill").waitFor(), log(dir, "after-a-kill"));
        assertEquals(size, Files.size(cpu), "extracted again in full");
        assertTrue(hasMarker(cache), "a complete cache is marked");
        deleteTree(cache);
    }

    @Test
    void severalHelenProcessesStartTogetherOnAnEmptyCache(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        List<Process> started = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            started.add(train(dir, cache, "jvm-" + k));
        }
        for (int k = 0; k < started.size(); k++) {
            assertEquals(0, started.get(k).waitFor(), "JVM " + k + " of 3 on an empty cache:\n" + log(dir, "jvm-" + k));
            assertTrue(Files.isRegularFile(dir.resolve("jvm-" + k).resolve("metrics.json")));
        }
        deleteTree(cache);
    }

    /** Deletes the cache, its links too (JavaCPP links system CUDA libraries into it where they exist), not what they point to. */
    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** {@code helen train} of the DNN sample, one epoch, in a child JVM whose native-library cache is {@code cache}. */
    private static Process train(Path dir, Path cache, String name) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        return GridProcesses.start(dir.resolve(name + ".log"), Map.of("JAVA_TOOL_OPTIONS", "-Dorg.bytedeco.javacpp.cachedir=" + cache),
                "train", "--config", root.resolve("training/samples/dnn.yaml").toString(), "--epochs", "1", "--threads", "1",
                "--no-progress", "--out", dir.resolve(name).toString());
    }

    private static String log(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static boolean hasMarker(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".helen-complete-"));
        }
    }

    private static Path find(Path cache, String name) throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p)).min(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError(name + " not in " + cache));
        }
    }
}
