package helen.grid;

import helen.analysis.CurvatureTracker;
import helen.train.CurvatureLog;

/**
 * Curvature measured while some grid runs train ({@code helen train --track-curvature}): at
 * {@code interval}, on {@code probeRows} training samples, seeded by each run's own seed. Tracking
 * does not change a run's numbers (CurvatureTrackingCliTest), so a tracked run is the same run.
 */
public record Tracking(CurvatureLog.Interval interval, int probeRows) {
    CurvatureTracker.Settings settings(long seed) {
        CurvatureTracker.Settings d = CurvatureTracker.Settings.defaults();
        return new CurvatureTracker.Settings(probeRows, d.topRows(), d.randomRows(), d.tol(), d.maxIter(), d.traceProbes(), seed);
    }

    /** As a worker's {@code --track} takes it: "1epochs", "1000". */
    java.util.List<String> words() {
        return java.util.List.of(interval.every() + (interval.epochs() ? "epochs" : "steps"), Integer.toString(probeRows));
    }

    public static Tracking parse(String interval, String rows) {
        return new Tracking(CurvatureLog.Interval.parse(interval), Integer.parseInt(rows));
    }
}
