package helen.data;

import helen.data.synthetic.SyntheticCriteo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStatsTest {
    @TempDir
    Path dir;

    @Test
    void skewMeasuresOnKnownInputs() {
        assertEquals(0.0, DatasetStats.gini(new long[] {5, 5, 5, 5}), 1e-12);
        // one row holds everything: G = (n - 1) / n
        assertEquals(0.75, DatasetStats.gini(new long[] {0, 0, 0, 8}), 1e-12);
        assertEquals(2.5, DatasetStats.median(new long[] {4, 1, 3, 2}));
        // top 1% of 200 rows = 2 rows holding 50 + 50 of 250
        long[] v = new long[200];
        java.util.Arrays.fill(v, 0, 150, 1);
        v[198] = 50;
        v[199] = 50;
        assertEquals(100.0 / 250, DatasetStats.topShare(v, 0.01), 1e-12);
    }

    @Test
    void generatorIsDeterministicSkewedAndLearnable() throws Exception {
        SyntheticCriteo g = new SyntheticCriteo(new helen.data.synthetic.SyntheticOptions(1.1, 500, 11, -1.6));
        var a = g.write(dir.resolve("a.csv"), 3000, 5);
        new SyntheticCriteo(new helen.data.synthetic.SyntheticOptions(1.1, 500, 11, -1.6)).write(dir.resolve("b.csv"), 3000, 5);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")));
        assertTrue(a.get("oracle_auc").asDouble() > 0.75, "the hidden click model carries signal: " + a);
        double rate = a.get("positives").asDouble() / 3000;
        assertTrue(rate > 0.1 && rate < 0.4, "positive rate " + rate);
        EncodedDataset d = new Encoder(Presets.builtIn("criteo_x4"),
                new DataSources(java.util.List.of(dir.resolve("a.csv")), null, null, true),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream())).encode(dir.resolve("c"), false);
        var stats = DatasetStats.of(d);
        assertEquals(3000, stats.get("instances").asLong());
        // a Zipf field with 500 values: the top 1% of rows hold far more than 1% of occurrences
        var c1 = stats.get("per_field").get(13);
        assertEquals("C1", c1.get("field").asText());
        assertTrue(c1.get("top1pct_share").asDouble() > 0.1, c1.toString());
    }
}
