package helen.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FuxiCTR's schedule, step by step: a new best resets the count, a bad epoch divides lr by 10, patience bad epochs stop. */
class EarlyStoppingTest {
    @Test
    void plateauDecaysTheLearningRateAndStopsAfterPatience() {
        EarlyStopping s = new EarlyStopping(2);
        RunState r = new RunState();
        r.lr = 1e-3;
        assertTrue(s.record(r, 1, 0.20), "the first epoch is the best");
        assertTrue(s.record(r, 2, 0.30));
        assertFalse(s.record(r, 3, 0.30 + 1e-7), "an improvement under 1e-6 is no improvement");
        assertEquals(1e-4, r.lr, 1e-18);
        assertFalse(s.shouldStop(r));
        assertTrue(s.record(r, 4, 0.31), "a new best resets the count but keeps the decayed lr");
        assertEquals(0, r.badEpochs);
        assertEquals(1e-4, r.lr, 1e-18);
        assertFalse(s.record(r, 5, 0.2));
        assertFalse(s.record(r, 6, 0.2));
        assertEquals(1e-6, r.lr, 1e-18);
        assertTrue(s.shouldStop(r));
        assertEquals(4, r.bestEpoch);
        assertEquals(0.31, r.bestMonitor, 0);
        assertFalse(s.record(r, 7, 0.1));
        assertEquals(1e-6, r.lr, 1e-18, "never below 1e-6");
    }

    /** A single-class validation split has no AUC: epoch 1 is the best (a checkpoint exists) and no later one can be. */
    @Test
    void undefinedMonitorKeepsTheFirstEpoch() {
        EarlyStopping s = new EarlyStopping(3);
        RunState r = new RunState();
        r.lr = 1e-3;
        assertTrue(s.record(r, 1, Double.NaN));
        assertFalse(s.record(r, 2, Double.NaN));
        assertEquals(1, r.bestEpoch);
    }
}
