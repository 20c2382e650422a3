package helen.train;

/**
 * FuxiCTR's {@code checkpoint_and_earlystop}: after each epoch, the validation monitor
 * (AUC − logloss) either improves on the best so far by more than {@value #MIN_DELTA} (a new best
 * checkpoint) or counts as a bad epoch, which divides the learning rate by 10 (not below
 * {@value #MIN_LR}); {@code patience} bad epochs in a row end training. The state lives in
 * {@link RunState}, so that a resumed run continues the same schedule.
 */
final class EarlyStopping {
    static final double MIN_DELTA = 1e-6;
    static final double MIN_LR = 1e-6;
    private final int patience;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    /**
     * Records epoch {@code epoch}'s monitor in {@code s} and returns whether it is the best so far.
     * The first epoch is always the best, so a checkpoint exists even when AUC is undefined (NaN).
     */
    boolean record(RunState s, int epoch, double monitor) {
        if (s.bestEpoch == 0 || monitor > s.bestMonitor + MIN_DELTA) {
            s.bestMonitor = monitor;
            s.bestEpoch = epoch;
            s.badEpochs = 0;
            return true;
        }
        s.badEpochs++;
        s.lr = Math.max(s.lr * 0.1, MIN_LR);
        return false;
    }

    boolean shouldStop(RunState s) {
        return s.badEpochs >= patience;
    }
}
