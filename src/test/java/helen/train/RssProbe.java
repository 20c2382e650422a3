package helen.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of this process, from /proc/self/status (Linux). */
public final class RssProbe {
    private RssProbe() {
    }

    /**
     * Resident memory outside the Java heap (RSS minus the committed heap), after a GC: what native
     * (libtorch) allocations hold. The heap itself grows and shrinks with garbage and is not a leak.
     */
    public static long nativeKilobytes() {
        System.gc();
        return kilobytes() - Runtime.getRuntime().totalMemory() / 1024;
    }

    public static long kilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
