package helen.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Resident memory of this process outside the Java heap (Linux /proc/self/smaps). */
public final class RssProbe {
    private RssProbe() {
    }

    /**
     * Resident memory outside the Java heap's reservation: what native (libtorch) allocations, code
     * and thread stacks hold. The heap is left out because its resident pages grow with garbage
     * until G1 first collects (tens of MB over a few thousand training steps), which is no leak.
     * The heap is found in /proc/self/smaps as the contiguous anonymous reservation of at least
     * 90 % of the maximum heap size (the JVM reserves the whole heap at once).
     */
    public static long nativeKilobytes() {
        List<long[]> maps = mappings();
        long minHeap = (long) (Runtime.getRuntime().maxMemory() * 0.9);
        long total = 0;
        long heap = -1;
        for (int i = 0; i < maps.size(); i++) {
            total += maps.get(i)[2];
            if (heap >= 0 || maps.get(i)[3] == 0) {
                continue;
            }
            long runRss = 0;
            int j = i;
            while (j < maps.size() && maps.get(j)[3] == 1 && (j == i || maps.get(j)[0] == maps.get(j - 1)[1])) {
                runRss += maps.get(j)[2];
                j++;
            }
            if (maps.get(j - 1)[1] - maps.get(i)[0] >= minHeap) {
                heap = runRss;
            }
        }
        if (heap < 0) {
            throw new IllegalStateException("no Java heap reservation of ≥ " + (minHeap >> 20) + " MB in /proc/self/smaps");
        }
        return total - heap;
    }

    /** A mapping's header line in smaps: "start-end perms offset dev inode [path]". */
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    /** Each mapping as {start, end, rss kB, 1 if anonymous else 0}, in address order. */
    private static List<long[]> mappings() {
        List<long[]> out = new ArrayList<>();
        try {
            long[] current = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.startsWith("Rss:") && current != null) {
                    current[2] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (MAPPING.matcher(line).lookingAt()) {
                    String[] f = line.trim().split("\\s+");
                    String[] range = f[0].split("-");
                    current = new long[]{Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), 0,
                            f.length <= 5 ? 1 : 0};
                    out.add(current);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
