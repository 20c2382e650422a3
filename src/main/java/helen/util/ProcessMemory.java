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
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The machine's memory available to a new allocation (MemAvailable) in MB, or -1 where /proc is absent. */
    public static long availableMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
