package helen.report;

import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report tables checked against the run files they are built from. */
class TablesTest {
    @TempDir
    Path dir;

    void run(String dataset, String model, String optimizer, double auc, double logloss) throws Exception {
        Path r = dir.resolve(dataset).resolve(model + "_" + optimizer);
        Files.createDirectories(r);
        var m = Json.object();
        m.put("dataset", dataset).put("model", model);
        m.putObject("optimizer").put("name", optimizer);
        m.putObject("test").put("auc", auc).put("logloss", logloss);
        Json.writeAtomically(r.resolve("metrics.json"), m);
    }

    @Test
    void resultsTableCarriesTheRunNumbersMarksTheBestAndAverages() throws Exception {
        run("d", "dnn", "adam", 0.80000, 0.45);
        run("d", "dnn", "helen", 0.80300, 0.44);
        run("d", "deepfm", "adam", 0.81000, 0.43);
        run("d", "deepfm", "helen", 0.80900, 0.42);
        List<RunRecord> runs = RunRecord.scan(dir);
        assertEquals(4, runs.size());
        ReportTable t = Tables.results(runs, "d");
        assertEquals(3, t.rowCount(), "dnn, deepfm, average");
        List<String> dnn = t.row(0);
        int adamAuc = 1;
        int helenAuc = 1 + Tables.OPTIMIZERS.indexOf("helen");
        assertEquals("dnn", dnn.get(0));
        assertEquals("80.000", dnn.get(adamAuc));
        assertEquals("80.300", dnn.get(helenAuc));
        assertEquals("", dnn.get(1 + Tables.OPTIMIZERS.indexOf("sam")), "missing cells stay empty");
        assertEquals("80.500", t.row(2).get(adamAuc), "average of 80.0 and 81.0");
        assertEquals("80.600", t.row(2).get(helenAuc));
        String md = t.markdown();
        assertTrue(md.contains("**80.300**"), "Helen is best for DNN:\n" + md);
        assertTrue(md.contains("**81.000**"), "Adam is best for DeepFM");
        assertTrue(md.contains("**0.4200**"), "lowest logloss in bold");
        // variance of AUC x100 across models: adam {80, 81} -> 0.5, helen {80.3, 80.9} -> 0.18
        assertTrue(md.contains("adam 5.000e-01"), md);
        assertTrue(md.contains("helen 1.800e-01"), md);
    }

    @Test
    void tTestTableUsesEveryPairedCell() throws Exception {
        run("a", "dnn", "adam", 0.80, 0.45);
        run("a", "dnn", "helen", 0.81, 0.45);
        run("b", "dnn", "adam", 0.70, 0.5);
        run("b", "dnn", "helen", 0.705, 0.5);
        run("b", "pnn", "adam", 0.75, 0.5);
        run("b", "pnn", "helen", 0.752, 0.5);
        run("b", "dcn", "helen", 0.9, 0.5); // no Adam partner: not a cell
        ReportTable t = Tables.tTest(RunRecord.scan(dir));
        List<String> row = t.row(0);
        assertEquals("3", row.get(0));
        // differences 0.01, 0.005, 0.002 -> mean 0.005667 (x100 = 0.567)
        assertEquals("0.567", row.get(1));
        double[] a = {0.81, 0.705, 0.752};
        double[] b = {0.80, 0.70, 0.75};
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", helen.stats.PairedTTest.of(a, b).t()), row.get(2));
    }
}
