package helen.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel says about this process's memory and the machine's. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /**
     * Peak resident set size (VmHWM: Java heap, native tensors, libraries) in MB, or -1 where
     * /proc is absent (not Linux).
     */
    public static long peakResidentMb() {
        return megabytes(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** The machine's memory available to a new allocation (MemAvailable) in MB, or -1 where /proc is absent. */
    public static long availableMb() {
        return megabytes(Path.of("/proc/meminfo"), "MemAvailable:");
    }

    /** The kB value of the line starting with {@code key} in a /proc file, in MB; -1 where there is none. */
    private static long megabytes(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
