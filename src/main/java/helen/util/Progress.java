package helen.util;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one long task, shown the way its output is read: on a terminal a progress bar with
 * rate and ETA (progressbar library, on standard error); elsewhere (CI, Slurm logs, files) a plain
 * line at most every {@link #logInterval()} seconds, with the same numbers, and a closing line for
 * a task that printed any, since a bar's carriage returns make such logs unreadable.
 * {@code HELEN_PROGRESS=bar|log|off} overrides the choice; {@code HELEN_PROGRESS_INTERVAL} sets the
 * seconds between plain lines (default 30).
 */
public final class Progress implements AutoCloseable {
    /** How progress is shown. */
    public enum Mode { BAR, LOG, OFF }

    private final String task;
    private final String unit;
    private final long total;
    private final Mode mode;
    private final PrintStream out;
    private final ProgressBar bar;
    private final LongSupplier clock;
    private final long started;
    private final long intervalNanos;
    private long lastLine;
    private long done;
    private String extra = "";
    private boolean printed;

    Progress(String task, long total, String unit, Mode mode, PrintStream out, LongSupplier clock, double intervalSeconds) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.mode = mode;
        this.out = out;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastLine = started;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.bar = mode == Mode.BAR ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" " + unit, 1).showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS).setConsumer(new ConsoleProgressBarConsumer(out)).build() : null;
    }

    /** A task of {@code total} {@code unit}s (rows, batches, tables) shown on standard error as {@link #mode()} says. */
    public static Progress start(String task, long total, String unit) {
        return new Progress(task, total, unit, mode(), System.err, System::nanoTime, logInterval());
    }

    /** A task that shows nothing (a caller asked for no progress, e.g. {@code --no-progress}). */
    public static Progress off() {
        return new Progress("", 0, "", Mode.OFF, System.err, System::nanoTime, 1);
    }

    /** HELEN_PROGRESS if set, else a bar when the process runs on a terminal and plain lines when not. */
    public static Mode mode() {
        String forced = System.getenv("HELEN_PROGRESS");
        if (forced != null && !forced.isBlank()) {
            try {
                return Mode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new HelenException("HELEN_PROGRESS='" + forced + "': expected bar, log or off");
            }
        }
        return System.console() != null ? Mode.BAR : Mode.LOG;
    }

    static double logInterval() {
        String v = System.getenv("HELEN_PROGRESS_INTERVAL");
        try {
            return v == null || v.isBlank() ? 30 : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new HelenException("HELEN_PROGRESS_INTERVAL='" + v + "': expected seconds, e.g. 30");
        }
    }

    public void step(long n) {
        stepTo(done + n);
    }

    public void stepTo(long value) {
        done = value;
        if (bar != null) {
            bar.stepTo(value);
        } else if (mode == Mode.LOG && clock.getAsLong() - lastLine >= intervalNanos) {
            lastLine = clock.getAsLong();
            out.println(line());
            printed = true;
        }
    }

    /** A few words after the numbers (a running loss, the table being analysed). */
    public void extra(String message) {
        extra = message;
        if (bar != null) {
            bar.setExtraMessage(" " + message);
        }
    }

    /** The plain line: percent, counts, rate and the time left at that rate. */
    String line() {
        double seconds = (clock.getAsLong() - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder b = new StringBuilder(task).append(": ");
        if (total > 0) {
            b.append(String.format(Locale.ROOT, "%.0f%% (%,d/%,d %s)", 100.0 * done / total, done, total, unit));
        } else {
            b.append(String.format(Locale.ROOT, "%,d %s", done, unit));
        }
        b.append(", ").append(rate(rate)).append(' ').append(unit).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            b.append(", about ").append(duration((total - done) / rate)).append(" left");
        }
        if (!extra.isEmpty()) {
            b.append(", ").append(extra);
        }
        return b.toString();
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond) : String.format(Locale.ROOT, "%.2f", perSecond);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? Math.round(s / 60.0) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        } else if (printed) {
            double seconds = (clock.getAsLong() - started) / 1e9;
            if (total > 0 && done < total) { // closed by an error or a stop: not "done"
                out.println(String.format(Locale.ROOT, "%s: ended after %,d of %,d %s in %s", task, done, total, unit,
                        duration(seconds)));
                return;
            }
            out.println(String.format(Locale.ROOT, "%s: done, %,d %s in %s (%s %s/s)", task, done, unit, duration(seconds),
                    rate(seconds > 0 ? done / seconds : 0), unit) + (extra.isEmpty() ? "" : ", " + extra));
        }
    }
}
