package helen.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run has done so far, saved as state.json after every epoch (after the checkpoint it
 * describes) and when a stop signal ends it inside an epoch, so that {@code --resume} continues exactly
 * where a killed or stopped run left off.
 */
public final class RunState {
    /** Epochs completed. */
    public int epochsDone;
    public double bestMonitor = Double.NEGATIVE_INFINITY;
    public int bestEpoch;
    public int badEpochs;
    public double lr;
    public boolean finished;
    public double trainSeconds;
    public long trainSamples;
    /** The run's first training-step loss: the yardstick of the divergence check. */
    public double initialLoss;
    /** "training", "finished" or "diverged". */
    public String status = "training";
    /** Why the run diverged (null otherwise). */
    public String divergence;
    public List<EpochRecord> history = new ArrayList<>();
    /**
     * Steps done in the epoch after {@link #epochsDone} when the run was stopped inside it (0: stopped, if at
     * all, between epochs), with what that partial epoch had summed and the random generator's state then
     * (base64): a run resumed there repeats the uninterrupted run exactly.
     */
    public int epochStep;
    public double epochLossSum;
    public long epochSamples;
    public double epochSeconds;
    public String generatorState;

    /** One row of metrics_per_epoch.csv. */
    public static final class EpochRecord {
        public int epoch;
        public double trainLoss;
        public double validAuc;
        public double validLogloss;
        public double lr;
        public double seconds;
        public double samplesPerSecond;
        public boolean best;
    }
}
