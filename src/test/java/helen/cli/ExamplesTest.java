package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.examples.AnalysisAsTable;
import helen.examples.SharpestRows;
import helen.examples.TrainDeepFMWithHelen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The programs in examples/ (docs/how-to/java-api.md) run as a user runs them, and print what they promise. */
class ExamplesTest {
    @TempDir
    Path dir;

    static String stdout(Runnable program) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainWithHelenThenPrintTheSharpestRows() {
        Path run = dir.resolve("run");
        String trained = stdout(() -> TrainDeepFMWithHelen.main(new String[] {run.toString(), "1"}));
        JsonNode m = BadInputTest.json(run.resolve("metrics.json"));
        assertEquals("helen", m.get("optimizer").get("name").asText());
        String auc = String.format(java.util.Locale.ROOT, "test AUC %.4f", m.get("test").get("auc").asDouble());
        assertTrue(trained.contains(auc), trained);

        String sharpest = stdout(() -> SharpestRows.main(new String[] {run.toString(), "C13"}));
        List<String> rows = sharpest.lines().filter(l -> l.startsWith("  C13 row ")).toList();
        assertEquals(10, rows.size(), sharpest);
        double previous = Double.POSITIVE_INFINITY;
        for (String r : rows) {
            double lambda = Double.parseDouble(r.replaceAll(".*lambda ([-0-9.e+]+),.*", "$1"));
            assertTrue(lambda <= previous, "sorted by lambda: " + sharpest);
            previous = lambda;
        }

        helen.pipeline.Pipeline.analyze(run, new helen.analysis.AnalysisOptions("power", 1000, "train", 1e-3, 100, 2024, 1000,
                List.of("C13", "C1"), false, false), run.resolve("analysis"), line -> { });
        String table = stdout(() -> AnalysisAsTable.main(new String[] {run.resolve("analysis").toString(), "50"}));
        assertTrue(table.contains("Mean [lambda]") && table.contains("C13") && table.contains("C1"), table);
    }
}
