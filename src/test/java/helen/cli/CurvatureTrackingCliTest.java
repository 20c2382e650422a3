package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code helen train --track-curvature}: the run trains to the very same numbers as without it (the
 * measurement touches no weight, optimizer state or torch random number), and curvature.csv holds a
 * measurement at step 0 and at every interval, each with every table, the dense part and the model.
 */
class CurvatureTrackingCliTest {
    @TempDir
    Path dir;

    private JsonNode train(String name, int epochs, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", "training/samples/deepfm.yaml", "--out",
                dir.resolve(name).toString(), "--epochs", Integer.toString(epochs), "--no-progress", "--cache-dir", dir.resolve("cache").toString()));
        args.addAll(List.of(extra));
        CliContractTest.run(args.toArray(String[]::new));
        return Json.read(dir.resolve(name).resolve("metrics.json"), JsonNode.class);
    }

    @Test
    void trackingChangesNoNumberOfTheRunAndLogsEveryInterval() throws Exception {
        JsonNode plain = train("plain", 2);
        JsonNode tracked = train("tracked", 2, "--track-curvature", "--curvature-rows", "300");
        assertEquals(plain.get("test"), tracked.get("test"), "the same test metrics, bit for bit");
        assertEquals(plain.get("valid"), tracked.get("valid"));
        assertEquals(plain.get("best_epoch"), tracked.get("best_epoch"));
        assertEquals(3, tracked.get("curvature").get("measurements").asInt(), "step 0 and after each of 2 epochs");
        List<String> lines = Files.readAllLines(dir.resolve("tracked/curvature.csv"));
        assertEquals("step,epoch,part,statistic,value", lines.get(0));
        TreeSet<String> epochs = new TreeSet<>();
        TreeSet<String> parts = new TreeSet<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            epochs.add(c[1]);
            parts.add(c[2]);
            assertTrue(Double.isFinite(Double.parseDouble(c[4])), l);
        }
        assertEquals(new TreeSet<>(List.of("0", "1", "2")), epochs);
        assertEquals(39 + 2, parts.size(), "39 tables, dense and model: " + parts);
        assertTrue(lines.contains(lines.stream().filter(l -> l.startsWith("0,0,dense,top_lambda,")).findFirst().orElseThrow()));

        train("steps", 1, "--track-curvature", "20steps", "--curvature-rows", "200");
        TreeSet<Long> steps = new TreeSet<>();
        Files.readAllLines(dir.resolve("steps/curvature.csv")).stream().skip(1).forEach(l -> steps.add(Long.parseLong(l.split(",")[0])));
        assertEquals(new TreeSet<>(List.of(0L, 20L, 40L, 60L)), steps, "16,000 rows at batch 256: 63 steps");
    }
}
