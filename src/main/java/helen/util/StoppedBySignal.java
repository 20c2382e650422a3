package helen.util;

/**
 * A command ended at a safe point because a signal asked it to (see {@link StopSignals}): its message says
 * where, and the process exits with the signal's conventional status (128 + its number), as if the signal
 * had ended it, but without libtorch being torn down under a computation.
 */
public class StoppedBySignal extends RuntimeException {
    private final String signal;

    /** @param signal "SIGTERM", "SIGINT" or "SIGUSR1" */
    public StoppedBySignal(String signal, String message) {
        super(message, null, false, false);
        this.signal = signal;
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
