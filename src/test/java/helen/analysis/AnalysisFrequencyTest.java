package helen.analysis;

import helen.analysis.AnalysisOptions;
import helen.analysis.AnalysisWriter;
import helen.analysis.Analyzer;
import helen.data.EncodedDataset;
import helen.data.Vocabulary;
import helen.hessian.TableResult;
import helen.hessian.TinyData;
import helen.hessian.operator.AnalysisSet;
import helen.model.CtrModel;
import helen.results.AnalysisTables;
import helen.util.HelenException;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * λ and N from the same set: an analysis of 150 of 600 training rows writes, for every row, N
 * counted in those 150 rows (counted here from the sampled ids), the training-split N beside it,
 * and marks the OOV bucket, which the per-field statistics leave out and report on their own.
 */
class AnalysisFrequencyTest {
    static final String SPEC = """
            name: tiny_oov
            label: label
            min_count: 4
            features:
              - {name: a, type: categorical}
              - {name: b, type: categorical}
            """;
    static final int SAMPLES = 150;
    static final long SEED = 5;

    @TempDir
    static Path dir;
    static EncodedDataset data;
    static List<TableResult> results;
    static Table perFeature;
    static Table perField;
    /** Occurrences of each row of each table in the analysis set, counted from its ids. */
    static long[][] counted;

    @BeforeAll
    static void analyse() throws Exception {
        StringBuilder csv = new StringBuilder("label,a,b\n");
        SplittableRandom r = new SplittableRandom(23);
        for (int i = 0; i < 600; i++) {
            // a Zipf-like field: a long tail of tokens below min count 4 falls into OOV
            String a = "a" + (int) Math.floor(1 / Math.pow(r.nextDouble() + 1e-9, 0.9));
            String b = "b" + r.nextInt(5);
            csv.append(r.nextInt(4) == 0 ? 1 : 0).append(',').append(a).append(',').append(b).append('\n');
        }
        data = TinyData.encode(SPEC, csv, dir);
        CtrModel model = TinyData.deepfm(data, 0.01, 9);
        AnalysisOptions o = new AnalysisOptions("power", SAMPLES, "train", 1e-10, 5000, SEED, 64, List.of(), false, false);
        Analyzer analyzer = new Analyzer(model, data, o);
        results = analyzer.run(line -> { });
        AnalysisWriter.write(dir.resolve("analysis"), results, analyzer.metadata(dir, 1.0));
        perFeature = AnalysisTables.perFeature(dir.resolve("analysis"));
        perField = AnalysisTables.perField(dir.resolve("analysis"));

        AnalysisSet set = AnalysisSet.sample(data.split("train"), SAMPLES, SEED, 64, ScalarType.Double);
        counted = new long[data.tables().size()][];
        for (int t = 0; t < counted.length; t++) {
            counted[t] = new long[data.tableRows(t)];
        }
        int seen = 0;
        for (int b = 0; b < set.batches(); b++) {
            int[] ids = set.rawIds(b);
            for (int i = 0; i < ids.length; i++) {
                counted[i % set.width()][ids[i]]++; // one field per table here: column j is table j
            }
            seen += ids.length / set.width();
        }
        assertEquals(SAMPLES, seen);
    }

    @Test
    void frequencyIsTheAnalysisSetCountAndTheSplitCountStaysBesideIt() {
        int differ = 0;
        for (Row row : perFeature) {
            int t = data.tables().indexOf(row.getString("field"));
            int k = row.getInt("row");
            assertEquals(counted[t][k], row.getLong("frequency"), row.getString("field") + " row " + k);
            assertEquals(data.tableFrequencies(t)[k], row.getLong("frequency_train"), row.getString("field") + " row " + k);
            differ += row.getLong("frequency") != row.getLong("frequency_train") ? 1 : 0;
            assertEquals(k == Vocabulary.OOV ? "oov" : "feature", row.getString("kind"));
            double lambda = row.getDouble("lambda");
            if (row.getLong("frequency") > 0) {
                assertEquals(lambda / row.getLong("frequency"), row.getDouble("lambda_over_n"), 1e-8 * Math.abs(lambda) + 1e-300);
            }
        }
        assertTrue(differ > 10, "a quarter of the split: the two counts differ for most rows (" + differ + ")");
        assertTrue(counted[0][Vocabulary.OOV] > 0, "the sample holds OOV tokens, so the OOV test below means something");
    }

    @Test
    void statisticsUseSeenFeaturesWithTheirAnalysisCountAndReportOovApart() {
        List<Double> allL = new ArrayList<>();
        List<Double> allN = new ArrayList<>();
        List<Double> allTrain = new ArrayList<>();
        for (int f = 0; f < results.size(); f++) {
            TableResult t = results.get(f);
            List<Double> l = new ArrayList<>();
            List<Double> n = new ArrayList<>();
            List<Double> nTrain = new ArrayList<>();
            for (int k = Vocabulary.OOV + 1; k < t.lambda().length; k++) {
                if (counted[t.table()][k] > 0) {
                    l.add(t.lambda()[k]);
                    n.add((double) counted[t.table()][k]);
                    nTrain.add((double) data.tableFrequencies(t.table())[k]);
                }
            }
            Row row = perField.row(f);
            assertEquals(t.name(), row.getString("field"));
            assertEquals(l.size(), row.getInt("rows_seen"), "seen feature rows, OOV left out");
            assertEquals(pearson(l, n), row.getDouble("pearson_lambda_frequency"), 1e-7, t.name());
            assertEquals(pearson(l, nTrain), row.getDouble("pearson_lambda_frequency_train"), 1e-7, t.name());
            assertEquals(l.stream().mapToDouble(x -> x).max().orElseThrow(), row.getDouble("max_lambda"), 1e-9);
            long oov = counted[t.table()][Vocabulary.OOV];
            assertEquals(oov, row.getLong("oov_frequency"));
            if (oov > 0) {
                assertEquals(t.lambda()[Vocabulary.OOV], row.getDouble("oov_lambda"), 1e-8 * Math.abs(t.lambda()[Vocabulary.OOV]));
                assertEquals(t.gradNorm()[Vocabulary.OOV], row.getDouble("oov_grad_norm"), 1e-8 * t.gradNorm()[Vocabulary.OOV]);
            } else {
                assertTrue(row.isMissing("oov_lambda"));
            }
            allL.addAll(l);
            allN.addAll(n);
            allTrain.addAll(nTrain);
        }
        Row all = perField.row(results.size());
        assertEquals("ALL", all.getString("field"));
        assertEquals(allL.size(), all.getInt("rows_seen"));
        assertEquals(pearson(allL, allN), all.getDouble("pearson_lambda_frequency"), 1e-7);
        assertEquals(counted[0][Vocabulary.OOV] + counted[1][Vocabulary.OOV], all.getLong("oov_frequency"));
    }

    /** An analysis from before N moved to the analysis set is refused by name, not misread. */
    @Test
    void anOlderAnalysisIsRefusedWithItsFileNamed() throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("per_feature.csv"), "field,row,token,frequency,frequency_analysis,lambda,grad_norm\n"
                + "a,2,a1,40,9,0.5,0.1\n");
        HelenException e = assertThrows(HelenException.class, () -> AnalysisTables.perFeature(old));
        assertTrue(e.getMessage().startsWith(old.resolve("per_feature.csv") + ": written by an older helen"), e.getMessage());
        assertTrue(!AnalysisTables.current(old) && AnalysisTables.current(dir.resolve("analysis")));
    }

    private static double pearson(List<Double> a, List<Double> b) {
        return new PearsonsCorrelation().correlation(a.stream().mapToDouble(x -> x).toArray(),
                b.stream().mapToDouble(x -> x).toArray());
    }
}
