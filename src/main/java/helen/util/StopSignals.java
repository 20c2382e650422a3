package helen.util;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signals that ask a long computation to stop at its next safe point rather than die where it stands:
 * Slurm's warning before a job's time limit ({@code --signal=B:USR1@N}), the SIGTERM that precedes the
 * SIGKILL of a preempted or cancelled job, and Ctrl-C. Once installed, such a signal only sets a flag;
 * the training loop reads it after each step (saves a checkpoint and ends), the Hessian passes read it
 * between batches ({@link #throwIfStopped}). Ending the JVM at once instead runs libtorch's static
 * destructors while the main thread is still inside a libtorch call: the process then dies of SIGSEGV
 * with a JVM crash report instead of a line saying where it stopped.
 */
public final class StopSignals {
    /**
     * How long a command may take to reach a safe point after SIGTERM or SIGINT before it is ended anyway: Slurm's
     * default KillWait (its SIGKILL follows a SIGTERM after 30 s); a validation pass over a large split has no safe point.
     */
    public static final int GRACE_SECONDS = 30;
    private static volatile String received;
    /** The watchdog of the signal caught, cancelled when the command's handlers are closed. */
    private static volatile Thread watchdog;
    private static volatile long receivedAt;

    private StopSignals() {
    }

    /** Catches SIGUSR1 and SIGTERM from now on: they are recorded, not obeyed at once ({@code helen grid task}). */
    public static void install() {
        for (String name : new String[] {"USR1", "TERM"}) {
            Signal.handle(new Signal(name), s -> received = "SIG" + s.getName());
        }
    }

    /**
     * Catches SIGTERM and SIGINT while a command runs: recorded, so that the command stops at its next
     * safe point; if it has not ended {@link #GRACE_SECONDS} later (a stage without safe points), or when
     * a second such signal comes, the JVM exits with 128 + the signal's number as it would have at once.
     * Closing restores the previous handlers and forgets the signal.
     */
    public static Installed installForCommand(String command) {
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal signal = new Signal(name);
            SignalHandler before = Signal.handle(signal, s -> {
                long now = System.nanoTime();
                if (received == null) {
                    received = "SIG" + s.getName();
                    receivedAt = now;
                    watchdog = watchdog(command, s.getNumber());
                    watchdog.start();
                } else if (now - receivedAt > 1_000_000_000L) {
                    // a second Ctrl-C: the user will not wait for the safe point. One within a second is the same stop
                    // sent twice (Slurm signals every process of a job, the launcher forwards what it gets)
                    System.err.printf("%s: a second SIG%s, ending now%n", command, s.getName());
                    System.exit(128 + s.getNumber());
                }
            });
            if (before == SignalHandler.SIG_IGN) {
                // a background job of a non-interactive shell (the ./helen launcher's JVM) ignores SIGINT: the
                // terminal's Ctrl-C reaches it through the launcher's SIGTERM, and must not count twice
                Signal.handle(signal, before);
            }
            previous.put(signal, before);
        }
        return () -> {
            previous.forEach(Signal::handle);
            Thread w = watchdog;
            if (w != null) {
                w.interrupt();
            }
            received = null;
        };
    }

    /** Handlers installed for a command; closing restores the previous ones. */
    public interface Installed extends AutoCloseable {
        @Override
        void close();
    }

    private static Thread watchdog(String command, int number) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(GRACE_SECONDS * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            if (received != null) {
                System.err.printf("%s: %s: no safe point reached within %d s, ending now%n", command, received, GRACE_SECONDS);
                System.exit(128 + number);
            }
        }, "helen stop watchdog");
        t.setDaemon(true);
        return t;
    }

    /** The signal that asked to stop ("SIGUSR1", "SIGTERM", "SIGINT"), or null while none did. */
    public static String received() {
        return received;
    }

    /** Whether SIGTERM or SIGINT asked to stop (SIGUSR1 asks training alone to checkpoint). */
    public static boolean stopRequested() {
        return asksToStop(received);
    }

    private static boolean asksToStop(String signal) {
        return signal != null && !signal.equals("SIGUSR1");
    }

    /**
     * A safe point between libtorch calls: throws {@link StoppedBySignal} once SIGTERM or SIGINT was
     * caught (SIGUSR1 asks training alone to checkpoint). Does nothing where no handler was installed.
     */
    public static void throwIfStopped() {
        String s = received; // read once: the message names the signal tested
        if (asksToStop(s)) {
            throw new StoppedBySignal(s, "stopped by " + s);
        }
    }
}
