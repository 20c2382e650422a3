package helen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs are matched to their data by what the files hold, not by their names: a train.csv edited in place
 * and a grid run again must not skip its finished runs as if they had been trained on the new data, and a
 * report must not put runs of two versions of one dataset in one table.
 */
class DataIdentityTest {
    @TempDir
    Path dir;

    @Test
    void aGridWhoseDataChangedUnderTheSameNameIsRefusedNamingTheFile() throws Exception {
        Path data = copySample();
        Path spec = GridProcesses.specOn(dir, "identity", data, "dnn", 2, 1);
        Path out = dir.resolve("grid");
        assertEquals(0, grid(spec, out, "first"), log("first"));
        assertTrue(Files.isRegularFile(out.resolve("data.json")));
        Map<Path, Long> trained = metricsTimes(out);
        assertEquals(2, trained.size());

        editTrain(data);
        assertEquals(2, grid(spec, out, "edited"), log("edited"));
        List<String> errors = log("edited").lines().filter(l -> l.startsWith("helen: error: ")).toList();
        assertEquals(1, errors.size(), log("edited"));
        assertTrue(errors.get(0).contains("dataset criteo changed since this grid was planned") && errors.get(0).contains("train.csv"),
                errors.get(0));
        assertEquals(trained, metricsTimes(out), "nothing trained again, nothing rewritten");
    }

    @Test
    void aReportRefusesRunsOfOneDatasetTrainedOnDifferentData() throws Exception {
        Path data = copySample();
        // two cells of one table (DNN and DeepFM), trained before and after the edit
        assertEquals(0, GridProcesses.run(dir.resolve("a.log"), Map.of(), train("dnn", data, dir.resolve("runs/a"))));
        editTrain(data);
        assertEquals(0, GridProcesses.run(dir.resolve("b.log"), Map.of(), train("deepfm", data, dir.resolve("runs/b"))));
        assertEquals(2, GridProcesses.run(dir.resolve("report.log"), Map.of(), "report", dir.resolve("runs").toString(), "--out",
                dir.resolve("report").toString()));
        String err = Files.readString(dir.resolve("report.log"));
        assertTrue(err.contains("runs of dataset synthetic_criteo were trained on different data") && err.contains("train.csv"), err);
        assertTrue(!Files.exists(dir.resolve("report/reports")), "nothing written");
    }

    private Path copySample() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        for (String f : List.of("train.csv", "valid.csv", "test.csv", "spec.yaml")) {
            Files.copy(Path.of("data-samples/criteo_synth").resolve(f), data.resolve(f));
        }
        return data;
    }

    /** Drops the last tenth of the training rows, keeping the file's name. */
    private static void editTrain(Path data) throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("train.csv"));
        Files.write(data.resolve("train.csv"), lines.subList(0, lines.size() * 9 / 10));
    }

    private int grid(Path spec, Path out, String name) throws Exception {
        return GridProcesses.run(dir.resolve(name + ".log"), Map.of(), "grid", "run", spec.toString(), "--out", out.toString(),
                "--threads", "1", "--cache-dir", dir.resolve("cache").toString());
    }

    private String[] train(String model, Path data, Path out) {
        return new String[] {"train", "--config", "training/samples/" + model + ".yaml", "--spec", data.resolve("spec.yaml").toString(),
                "--train", data.resolve("train.csv").toString(), "--valid", data.resolve("valid.csv").toString(), "--test",
                data.resolve("test.csv").toString(), "--epochs", "1", "--threads", "1", "--no-progress", "--cache-dir",
                dir.resolve("cache").toString(), "--out", out.toString()};
    }

    private String log(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static Map<Path, Long> metricsTimes(Path grid) throws Exception {
        Map<Path, Long> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(grid.resolve("runs"))) {
            for (Path m : s.filter(p -> p.getFileName().toString().equals("metrics.json")).toList()) {
                out.put(m, Files.getLastModifiedTime(m).toMillis());
            }
        }
        return out;
    }
}
