package helen.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** The executors' feeding threads (grid workers, shard processes): each drains a shared queue into its child processes. */
final class Workers {
    private Workers() {
    }

    /**
     * Runs {@code body.accept(k)} for k = 0..n-1, each on a thread named {@code name-k}, and waits for
     * all of them. Returns false if this thread was interrupted while waiting (its flag set again).
     */
    static boolean runAll(int n, String name, IntConsumer body) {
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int worker = k;
            Thread t = new Thread(() -> body.accept(worker), name + "-" + k);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
