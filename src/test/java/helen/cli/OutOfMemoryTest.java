package helen.cli;

import helen.grid.RunLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stage that runs out of memory says so in one line naming it and the memory, never with a trace. */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    /** Avazu's paper vocabularies need ~450 MB in the generator: a 64 MB heap cannot hold them. */
    @Test
    void aFullJavaHeapIsOneLineNamingTheStageAndTheLimit() throws Exception {
        List<String> cmd = new ArrayList<>(RunLauncher.javaCommand("data", "generate", "--dataset", "avazu", "--paper-vocab",
                "--rows", "1000", "--out", dir.resolve("data").toString()));
        cmd.removeIf(a -> a.startsWith("-Xmx"));
        cmd.add(1, "-Xmx64m");
        Path log = dir.resolve("log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
        String out = Files.readString(log).strip();
        assertEquals(1, p.exitValue(), out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("helen data generate: out of memory: the Java heap is full at its limit of 0.1 GB"), out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        assertFalse(Files.exists(dir.resolve("data/train.csv")), "nothing half-written");
    }

    /** libtorch's own message (as 2.10's CPU allocator words it) gives the size it asked for. */
    @Test
    void aTensorLibtorchCannotAllocateIsNamedWithItsSize() {
        RuntimeException cpu = new RuntimeException("[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't "
                + "allocate memory: you tried to allocate 17592186044416 bytes. Error code 12 (Cannot allocate memory)\nframe #0: ...");
        String line = OutOfMemory.describe(new IllegalStateException("wrapped", cpu), "helen analyze").orElseThrow();
        assertTrue(line.startsWith("helen analyze: out of memory: libtorch could not allocate a tensor of 17592.19 GB"), line);
        String gpu = OutOfMemory.describe(new RuntimeException("CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 79.19 GiB"
                + " total capacity)"), "helen train").orElseThrow();
        assertTrue(gpu.startsWith("helen train: out of GPU memory: libtorch could not allocate 2.50 GiB on the device"), gpu);
        assertTrue(OutOfMemory.describe(new RuntimeException("something else"), "helen train").isEmpty());
    }
}
