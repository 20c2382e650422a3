package helen.cli;

import helen.util.ProcessMemory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage that ran out of memory ends with one line naming the stage, the memory it asked for or the
 * limit it hit, and what to change, not with an OutOfMemoryError's trace or libtorch's allocator dump:
 * the Java heap (its limit is the launcher's {@code -Xmx}, set through {@code HELEN_JAVA_OPTS}), or a
 * native tensor libtorch could not allocate (its message says how many bytes, on the CPU or a GPU).
 */
final class OutOfMemory {
    private static final Pattern CPU = Pattern.compile("can't allocate memory: you tried to allocate (\\d+) bytes");
    private static final Pattern GPU = Pattern.compile("CUDA out of memory\\. Tried to allocate ([0-9.]+ [KMGT]?i?B)");

    private OutOfMemory() {
    }

    /** The line for {@code stage} (e.g. {@code helen analyze}) if {@code t} or one of its causes is running out of memory. */
    static Optional<String> describe(Throwable t, String stage) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return Optional.of(String.format(Locale.ROOT, "%s: out of memory: the Java heap is full at its limit of %.1f GB"
                        + " (-Xmx; the machine has %s available): give it more, e.g. HELEN_JAVA_OPTS=-Xmx%dg, or ask for less"
                        + " (fewer rows, --samples, a smaller --batch-size)", stage, Runtime.getRuntime().maxMemory() / 1e9,
                        available(), Math.max(2, 2 * Math.round(Runtime.getRuntime().maxMemory() / 1e9))));
            }
            String message = c.getMessage() == null ? "" : c.getMessage();
            Matcher cpu = CPU.matcher(message);
            if (cpu.find()) {
                return Optional.of(String.format(Locale.ROOT, "%s: out of memory: libtorch could not allocate a tensor of %.2f GB"
                        + " (the machine has %s available): ask for less (fewer rows, --samples, a smaller --batch-size) or"
                        + " run on a machine with more memory", stage, Long.parseLong(cpu.group(1)) / 1e9, available()));
            }
            Matcher gpu = GPU.matcher(message);
            if (gpu.find()) {
                return Optional.of(stage + ": out of GPU memory: libtorch could not allocate " + gpu.group(1)
                        + " on the device: ask for less (a smaller --batch-size, --samples) or use a larger GPU");
            }
        }
        return Optional.empty();
    }

    private static String available() {
        long mb = ProcessMemory.availableMb();
        return mb < 0 ? "an unknown amount" : String.format(Locale.ROOT, "%.1f GB", mb / 1e3);
    }
}
