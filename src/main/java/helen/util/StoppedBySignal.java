package helen.util;

/**
 * A command ended at a safe point because a signal asked it to (see {@link StopSignals}): its message says
 * where, and the process exits with the signal's conventional status (128 + its number), as if the signal
 * had ended it, but without libtorch being torn down under a computation.
 */
public class StoppedBySignal extends RuntimeException {
    private final String signal;
    private final String advice;

    /**
     * A stop whose outputs are each written whole at the end, so none was written.
     *
     * @param signal "SIGTERM", "SIGINT" or "SIGUSR1"
     */
    public StoppedBySignal(String signal, String message) {
        this(signal, message, " at a safe point; its outputs were not written (each is written whole at the end)");
    }

    /** @param advice what the user reads after the message: what was kept and how to go on */
    public StoppedBySignal(String signal, String message, String advice) {
        super(message, null, false, false);
        this.signal = signal;
        this.advice = advice;
    }

    /** The end of the one line a command prints for this stop, after its message. */
    public String advice() {
        return advice;
    }

    public String signal() {
        return signal;
    }

    /** 128 + the signal's number: 143 for SIGTERM, 130 for SIGINT, 138 for SIGUSR1. */
    public int exitStatus() {
        return 128 + switch (signal) {
            case "SIGINT" -> 2;
            case "SIGUSR1" -> 10;
            default -> 15;
        };
    }
}
