package helen.util;

import sun.misc.Signal;

/**
 * Signals that ask a long computation to stop at its next safe point rather than die where it stands:
 * Slurm's warning before a job's time limit ({@code --signal=B:USR1@N}) and the SIGTERM that precedes the
 * SIGKILL of a preempted or cancelled job. Once {@link #install} ran, such a signal only sets a flag; the
 * training loop reads it after each step, saves a checkpoint and ends ({@code helen grid task}).
 */
public final class StopSignals {
    private static volatile String received;

    private StopSignals() {
    }

    /** Catches SIGUSR1 and SIGTERM from now on: they are recorded, not obeyed at once. */
    public static void install() {
        for (String name : new String[] {"USR1", "TERM"}) {
            Signal.handle(new Signal(name), s -> received = "SIG" + s.getName());
        }
    }

    /** The signal that asked to stop ("SIGUSR1", "SIGTERM"), or null while none did. */
    public static String received() {
        return received;
    }
}
