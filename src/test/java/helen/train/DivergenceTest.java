package helen.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DivergenceTest {
    @Test
    void nonFiniteOrExplodingLossDiverges() {
        assertTrue(Divergence.ofStep(Double.NaN, 0.69, 1, 3).isPresent());
        assertTrue(Divergence.ofStep(Double.POSITIVE_INFINITY, 0.69, 1, 3).isPresent());
        assertTrue(Divergence.ofStep(70, 0.69, 2, 1).isPresent(), "over 100x the first step's loss");
        assertFalse(Divergence.ofStep(68, 0.69, 2, 1).isPresent());
        assertFalse(Divergence.ofStep(0.45, 0.69, 2, 1).isPresent());
        assertFalse(Divergence.ofStep(5, 0, 1, 1).isPresent(), "no yardstick yet: only non-finite counts");
        assertFalse(Divergence.ofStep(50.0, 0.5, 1, 1).isPresent(), "exactly 100x is not yet divergence");
        assertTrue(Divergence.ofStep(50.000001, 0.5, 1, 1).isPresent());
    }

    /** Chance AUC alone is a dataset without signal; with a logloss far above the base rate's it is a broken run. */
    @Test
    void chanceAucDivergesOnlyWithALoglossFarWorseThanTheBaseRate() {
        double h = Divergence.entropy(0.2);
        assertEquals(-(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8)), h, 1e-15);
        assertTrue(Divergence.ofValidation(new Evaluation.Metrics(0.5, 2.1 * h, 100, 0.2), 1).isPresent());
        assertTrue(Divergence.ofValidation(new Evaluation.Metrics(0.3, 5.0, 100, 0.2), 1).isPresent());
        assertFalse(Divergence.ofValidation(new Evaluation.Metrics(0.5, 1.01 * h, 100, 0.2), 1).isPresent(), "no signal");
        assertFalse(Divergence.ofValidation(new Evaluation.Metrics(0.55, 5.0, 100, 0.2), 1).isPresent(), "learns something");
        assertFalse(Divergence.ofValidation(new Evaluation.Metrics(Double.NaN, 5.0, 100, 0.0), 1).isPresent(), "one class");
        assertTrue(Divergence.ofValidation(new Evaluation.Metrics(0.501, 2.1 * h, 100, 0.2), 1).isPresent(), "0.501 is chance");
        assertFalse(Divergence.ofValidation(new Evaluation.Metrics(0.5, 2 * h, 100, 0.2), 1).isPresent(), "exactly 2x entropy");
        assertEquals(0.0, Divergence.entropy(0.0), 0.0);
        // 4.5 % positives: twice the entropy is 0.37, below the ln 2 of a model whose logits are still near 0 after
        // a single step; that run is untrained, not diverged (it was marked diverged before)
        assertFalse(Divergence.ofValidation(new Evaluation.Metrics(0.46, 0.676, 1000, 0.045), 1).isPresent(), "untrained");
        assertTrue(Divergence.ofValidation(new Evaluation.Metrics(0.46, 3.0, 1000, 0.045), 1).isPresent(), "blown logits");
        assertFalse(Divergence.ofValidation(new Evaluation.Metrics(0.5, 1.5 * Math.log(2), 1000, 0.045), 1).isPresent());
        assertEquals(0.0, Divergence.entropy(1.0), 0.0);
        assertEquals(Math.log(2), Divergence.entropy(0.5), 1e-15);
    }
}
