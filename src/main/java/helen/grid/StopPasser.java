package helen.grid;

import helen.util.StopSignals;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes a SIGTERM or SIGINT this process caught on to the helen processes it started (grid workers, analysis
 * shards) as SIGTERM, once each, and to any started after it: each stops at its own next safe point instead of
 * being halted when this process ends (a worker would lose its run's steps since the last epoch). Once each: a
 * second SIGTERM more than a second later ends a helen process at once.
 */
final class StopPasser implements AutoCloseable {
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    /** Starts watching for the stop (a daemon thread, ended by {@link #close}). */
    StopPasser() {
        thread = new Thread(this::pass, "helen-stop-passer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A child process to pass the stop on to while it runs. */
    void add(Process p) {
        live.add(p);
    }

    /** A child process that has ended (or was ended). */
    void remove(Process p) {
        live.remove(p);
    }

    private void pass() {
        try {
            while (!StopSignals.stopRequested()) {
                Thread.sleep(100);
            }
            Set<Process> told = new HashSet<>();
            while (true) {
                for (Process p : live) {
                    if (told.add(p)) {
                        // through its handle: Process.destroy would also close the pipes a worker answers on
                        p.toHandle().destroy();
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            // closed: the children have ended
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
