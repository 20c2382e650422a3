package helen.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel says about this process's memory. */
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
}
