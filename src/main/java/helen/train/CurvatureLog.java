package helen.train;

import helen.analysis.CurvatureTracker;
import helen.results.CurvatureFile;
import helen.results.CurvatureMeasurement;
import helen.util.HelenException;
import helen.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code helen train --track-curvature INTERVAL}: when to measure ({@code epoch}, {@code 2epochs},
 * {@code 500steps}) and the run's {@code curvature.csv} (step, epoch, part, statistic, value),
 * rewritten whole and atomically after each measurement. A resumed run keeps the rows of the epochs
 * it had saved and measures the rest again.
 */
public final class CurvatureLog {
    public static final String FILE = CurvatureFile.FILE;

    /** Every {@code every} epochs, or every {@code every} optimizer steps. */
    public record Interval(int every, boolean epochs) {
        /**
         * {@code epoch}, {@code N epochs} or {@code N steps}.
         *
         * @throws HelenException for any other text, or N below 1
         */
        public static Interval parse(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d*)\\s*(epochs?|steps?)")
                    .matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches() || (!m.group(1).isEmpty() && Integer.parseInt(m.group(1)) < 1)
                    || m.group(1).isEmpty() && m.group(2).startsWith("step")) {
                throw new HelenException("--track-curvature '" + text + "': expected epoch, N epochs or N steps (e.g. 2epochs, 500steps)");
            }
            return new Interval(m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1)), m.group(2).startsWith("epoch"));
        }

        @Override
        public String toString() {
            return every + (epochs ? " epoch" : " step") + (every == 1 ? "" : "s");
        }
    }

    private final Path file;
    private final Interval interval;
    private final List<CurvatureMeasurement> rows = new ArrayList<>();
    private double seconds;
    private int measurements;
    private long hvps;

    CurvatureLog(Path runDir, Interval interval) {
        this.file = runDir.resolve(FILE);
        this.interval = interval;
    }

    Interval interval() {
        return interval;
    }

    /** On resume: the rows of epochs already saved (a measurement of an unsaved epoch is taken again). */
    void keepSavedEpochs(int epochsDone) {
        if (Files.isRegularFile(file)) {
            CurvatureFile.read(file).stream().filter(m -> m.epoch() <= epochsDone).forEach(rows::add);
        }
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    boolean dueAfterEpoch(int epoch) {
        return interval.epochs() && epoch % interval.every() == 0;
    }

    boolean dueAfterStep(long step) {
        return !interval.epochs() && step % interval.every() == 0;
    }

    /** Measures with {@code tracker} and rewrites curvature.csv; returns the seconds it took. */
    double measure(CurvatureTracker tracker, long step, int epoch) {
        long t0 = System.nanoTime();
        List<CurvatureMeasurement> m = tracker.measure(step, epoch);
        rows.addAll(m);
        m.stream().filter(r -> r.statistic().equals("hvps")).forEach(r -> hvps += (long) r.value());
        CurvatureFile.write(file, rows);
        double s = (System.nanoTime() - t0) / 1e9;
        seconds += s;
        measurements++;
        return s;
    }

    /** What metrics.json says about the tracking of this process. */
    com.fasterxml.jackson.databind.node.ObjectNode describe(CurvatureTracker.Settings s) {
        return Json.object().put("interval", interval.toString()).put("file", FILE)
                .put("measurements", measurements).put("seconds", seconds).put("hvps", hvps).put("probe_rows", s.probeRows())
                .put("top_rows_per_table", s.topRows()).put("random_rows_per_table", s.randomRows()).put("tol", s.tol())
                .put("max_iter", s.maxIter()).put("trace_probes", s.traceProbes()).put("seed", s.seed());
    }
}
