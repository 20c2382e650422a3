package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static helen.cli.BadInputTest.cli;
import static helen.cli.BadInputTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The misuse that lost data or gave silently wrong results, each as a user meets it at the command
 * line: encoding over a directory, two trainings into one directory, a learning rate that blows
 * up, and a report over duplicate runs.
 */
class MisuseDefectsTest {
    private static final String SPEC = "data-samples/criteo_synth/spec.yaml";
    private static final String CONFIG = "training/samples/deepfm.yaml";

    @TempDir
    Path dir;

    /** `data encode --out` over a directory of someone else's files refuses and deletes nothing. */
    @Test
    void encodeNeverDeletesWhatHelenDidNotWrite() throws Exception {
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine.resolve("sub"));
        Files.writeString(mine.resolve("notes.txt"), "precious");
        Files.writeString(mine.resolve("sub/more.txt"), "precious too");
        BadInputTest.Result r = cli("data", "encode", "--spec", SPEC, "--train", "data-samples/criteo_synth/valid.csv",
                "--out", mine.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("precious", Files.readString(mine.resolve("notes.txt")));
        assertEquals("precious too", Files.readString(mine.resolve("sub/more.txt")));
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "precious");
        assertEquals(2, cli("data", "encode", "--spec", SPEC, "--train", "data-samples/criteo_synth/valid.csv",
                "--out", file.toString()).exit());
        assertEquals("precious", Files.readString(file));
    }

    /** A helen cache is replaced by --force only once the new one is complete; a failed encode keeps the old one. */
    @Test
    void aHelenCacheIsReplacedOnlyByACompleteOne() throws Exception {
        Path cache = dir.resolve("cache");
        assertEquals(0, cli("data", "encode", "--spec", SPEC, "--train", "data-samples/criteo_synth/valid.csv",
                "--out", cache.toString()).exit());
        String meta = Files.readString(cache.resolve("meta.json"));
        Path bad = dir.resolve("bad.csv");
        List<String> lines = Files.readAllLines(Path.of("data-samples/criteo_synth/valid.csv"));
        Files.write(bad, List.of(lines.get(0), lines.get(1), "7" + lines.get(2).substring(1)));
        BadInputTest.Result r = cli("data", "encode", "--spec", SPEC, "--train", bad.toString(), "--out", cache.toString(),
                "--force");
        assertEquals(2, r.exit(), r.err());
        assertEquals(meta, Files.readString(cache.resolve("meta.json")), "the old cache is intact");
        assertEquals(0, cli("data", "encode", "--spec", SPEC, "--train", "data-samples/criteo_synth/valid.csv",
                "--out", cache.toString(), "--force").exit());
        assertTrue(Files.isRegularFile(cache.resolve("train.ids")));
    }

    /** A second `helen train` into a directory in use fails at once, naming the first; the first is unharmed. */
    @Test
    void twoTrainingsIntoOneDirectory() throws Exception {
        Path out = dir.resolve("run");
        String[] args = {"train", "--config", CONFIG, "--out", out.toString(), "--batch-size", "16", "--epochs", "3",
                "--cache-dir", dir.resolve("cache").toString(), "--no-progress"};
        assertEquals(0, cli("data", "encode", "--spec", SPEC, "--train", "data-samples/criteo_synth/train.csv", "--valid",
                "data-samples/criteo_synth/valid.csv", "--test", "data-samples/criteo_synth/test.csv", "--out",
                dir.resolve("warm").toString()).exit()); // loads libtorch before the race
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int[] first = {-1};
        int second;
        try {
            Thread a = new Thread(() -> first[0] = HelenCommand.execute(args));
            a.start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.isRegularFile(out.resolve("train.log")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            assertTrue(a.isAlive(), "the first training ended before the second started: make it longer");
            second = HelenCommand.execute(args);
            a.join();
        } finally {
            System.setErr(oldErr);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, second, log);
        assertEquals(0, first[0], log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("helen: error: ") && l.contains("in use by another helen process")
                && l.contains("pid " + ProcessHandle.current().pid())), log);
        assertEquals(1, Files.readString(out.resolve("train.log")).lines().filter(l -> l.startsWith("best epoch")).count(),
                "one run's log, not two interleaved");
    }

    /** A learning rate that blows the loss up ends with exit 3 and "diverged" in metrics.json; reports leave it out and say so. */
    @Test
    void divergenceIsMarkedAndReportedNotHidden() throws Exception {
        Path runs = dir.resolve("runs");
        String cache = dir.resolve("cache").toString();
        BadInputTest.Result r = cli("train", "--config", CONFIG, "--out", runs.resolve("huge").toString(), "--lr", "1e6",
                "--epochs", "1", "--cache-dir", cache, "--no-progress");
        assertEquals(3, r.exit(), r.err());
        JsonNode m = json(runs.resolve("huge/metrics.json"));
        assertEquals("diverged", m.path("status").asText(), m.toString());
        assertTrue(m.path("reason").asText().contains("training loss"), m.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("helen: ") && l.contains("diverged")), r.err());

        assertEquals(0, cli("train", "--config", CONFIG, "--out", runs.resolve("ok").toString(), "--model", "dnn", "--epochs", "1",
                "--cache-dir", cache, "--no-progress").exit());
        BadInputTest.Result rep = cli("report", runs.toString(), "--out", dir.toString());
        assertEquals(0, rep.exit(), rep.err());
        String used = Files.readString(dir.resolve("reports/runs.csv"));
        assertTrue(used.contains("deepfm,adam,huge,no,\"diverged: training loss"), used);
        assertTrue(rep.err().contains("leaving out diverged run"), rep.err());
    }

    /** Two runs for one (dataset, model, optimizer): the report names the one it uses and warns about the other. */
    @Test
    void reportSaysWhichRunFillsEachCell() throws Exception {
        Path runs = dir.resolve("runs");
        String cache = dir.resolve("cache").toString();
        for (String name : List.of("a_first", "b_second")) {
            assertEquals(0, cli("train", "--config", CONFIG, "--model", "dnn", "--epochs", "1", "--seed", name.startsWith("a") ? "1" : "2",
                    "--out", runs.resolve(name).toString(), "--cache-dir", cache, "--no-progress").exit());
        }
        BadInputTest.Result rep = cli("report", runs.toString(), "--out", dir.toString());
        assertEquals(0, rep.exit(), rep.err());
        assertTrue(rep.err().contains("warning: 2 runs for synthetic_criteo / dnn / adam"), rep.err());
        List<String> used = Files.readAllLines(dir.resolve("reports/runs.csv"));
        assertTrue(used.contains("synthetic_criteo,dnn,adam,a_first,yes,first by path of 2 runs for this cell"), used.toString());
        assertTrue(used.contains("synthetic_criteo,dnn,adam,b_second,no,duplicate of a_first"), used.toString());
        double auc = json(runs.resolve("a_first/metrics.json")).get("test").get("auc").asDouble();
        String results = Files.readString(dir.resolve("reports/table2_3_6_results_synthetic_criteo.csv"));
        assertTrue(results.contains(String.format(java.util.Locale.ROOT, "dnn,%.3f,", 100 * auc)), "the table shows the run it names: " + results);
    }
}
