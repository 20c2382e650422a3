package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.results.GridDirectory;
import helen.util.Json;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What became of one grid run: trained, resumed, skipped (finished before), diverged or failed, with
 * a one-line message and the path of its log. Written to {@code DIR/outcomes/<id>.json} by whichever
 * executor ran it, so that the selection can say why a run is missing ({@link GridDirectory#recordedOutcome}).
 */
public record RunOutcome(GridRun run, String status, String message, Path log, double seconds) {
    static RunOutcome skipped(GridRun r) {
        return new RunOutcome(r, "skipped", "finished before", null, 0);
    }

    static RunOutcome finished(GridRun r, boolean resumed, double auc, double logloss, Path log, double seconds) {
        return new RunOutcome(r, resumed ? "resumed" : "trained", String.format(Locale.ROOT, (resumed ? "resumed; " : "") + "test AUC %.5f logloss %.5f", auc,
                logloss), log, seconds);
    }

    static RunOutcome diverged(GridRun r, String reason, Path log, double seconds) {
        return new RunOutcome(r, "diverged", "diverged: " + reason, log, seconds);
    }

    /** Stopped by a signal (Slurm's time-limit warning, preemption, scancel) with its checkpoint saved: resumable. */
    static RunOutcome stopped(GridRun r, String message, Path log, double seconds) {
        return new RunOutcome(r, "stopped", message + "; its checkpoint is kept, the next attempt resumes it", log, seconds);
    }

    static RunOutcome failed(GridRun r, String message, Path log, double seconds) {
        return new RunOutcome(r, "failed", "failed: " + message, log, seconds);
    }

    /** A run without a result: it failed, diverged or was stopped before it finished. */
    public boolean failed() {
        return status.equals("failed") || status.equals("diverged") || status.equals("stopped");
    }

    /** The message with the log's path, as the summaries print it. */
    public String line() {
        return message + (log == null || !failed() ? "" : " (log: " + log + ")");
    }

    ObjectNode json() {
        ObjectNode o = Json.object().put("id", run.id()).put("index", run.index()).put("status", status).put("message", message)
                .put("seconds", seconds);
        if (log != null) {
            o.put("log", log.toString());
        }
        return o;
    }

    /** An outcome as {@link #json()} wrote it (a worker's answer), for run {@code r}. */
    static RunOutcome fromJson(GridRun r, JsonNode o) {
        return new RunOutcome(r, o.path("status").asText(), o.path("message").asText(),
                o.hasNonNull("log") ? Path.of(o.get("log").asText()) : null, o.path("seconds").asDouble());
    }
}
