package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static helen.cli.BadInputTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code bench train} reports, on a few tiny steps (its numbers are measured elsewhere, never in
 * tests): how many forward/backward passes each optimizer's step makes, and how its step time
 * splits into the passes and the rest.
 */
class BenchTrainTest {
    @Test
    void interleavedStepsCountThePassesAndCompareEachStepWithAdams() throws Exception {
        BadInputTest.Result r = cli("bench", "train", "--configs", "training/peer/deepfm.yaml", "--batch", "128", "--rows", "3000",
                "--steps", "3", "--threads", "1", "--optimizers", "adam,sam,helen", "--interleave");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertTrue(o.get("order").asText().startsWith("interleaved"));
        JsonNode results = o.get("results");
        assertEquals(3, results.size());
        double[] passes = {1, 2, 2};
        for (int i = 0; i < 3; i++) {
            JsonNode x = results.get(i);
            assertEquals(passes[i], x.get("passes_per_step").asDouble(), x.get("optimizer").asText());
            double step = x.get("median_seconds_per_step").asDouble();
            double outside = x.get("median_seconds_outside_passes").asDouble();
            assertTrue(outside > 0 && outside < step, "the step contains its passes: " + x);
            assertTrue(x.get("median_seconds_first_pass").asDouble() > 0);
            assertEquals(passes[i] == 2, x.get("median_seconds_second_pass").asDouble() > 0, x.toString());
        }
        assertEquals(1.0, results.get(0).get("median_step_over_adam").asDouble(), 0.0, "Adam's own rounds");
        assertTrue(results.get(1).get("median_step_over_adam").asDouble() > 1, "SAM's step makes two passes");
        assertTrue(o.has("peak_rss_mb"));
    }
}
