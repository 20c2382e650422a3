package helen.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.AnalysisOptions;
import helen.analysis.AnalysisWriter;
import helen.analysis.Analyzer;
import helen.data.EncodedDataset;
import helen.data.EncodedSplit;
import helen.hessian.DenseEigen;
import helen.hessian.TableResult;
import helen.hessian.TinyData;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.model.CtrModel;
import helen.model.ModelConfig;
import helen.model.ModelOptions;
import helen.model.ModelParameter;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import helen.results.AnalysisTables;
import helen.tensor.Tensors;
import helen.util.HelenException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code helen analyze} end to end on a tiny encoded dataset with a one-hot field and a multi-hot
 * history sharing its table, against oracles built here: every row's Hessian block by central
 * differences of the gradient (float64), its eigenvalues by commons-math, N counted from the CSV,
 * the row gradient norms from autograd; then per_feature.csv and per_field.csv read back and
 * checked column by column, the Pearson r of each field against commons-math over the seen rows.
 */
class AnalyzerTest {

    @TempDir
    static Path dir;
    static EncodedDataset data;
    // Built again for every test (not shared from @BeforeAll): PIT attributes coverage per test, and a
    // result computed once would hide from it which test checks which line.
    CtrModel model;
    List<TableResult> results;
    Analyzer analyzer;
    Path out;
    /** Occurrences per table token in the CSV (every row is in the analysis set). */
    static final Map<String, Map<String, Long>> COUNTS = new HashMap<>();

    @BeforeAll
    static void encode() throws Exception {
        StringBuilder csv = new StringBuilder("label,u,v,hist\n");
        SplittableRandom r = new SplittableRandom(17);
        COUNTS.put("u", new HashMap<>());
        COUNTS.put("v", new HashMap<>());
        for (int i = 0; i < 60; i++) {
            String u = "u" + (int) Math.floor(Math.pow(r.nextDouble(), 2) * 6);
            String v = "v" + r.nextInt(4);
            List<String> hist = new ArrayList<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                hist.add("u" + r.nextInt(6));
            }
            csv.append(r.nextInt(3) == 0 ? 1 : 0).append(',').append(u).append(',').append(v).append(',')
                    .append(String.join("^", hist)).append('\n');
            COUNTS.get("u").merge(u, 1L, Long::sum);
            COUNTS.get("v").merge(v, 1L, Long::sum);
            hist.forEach(h -> COUNTS.get("u").merge(h, 1L, Long::sum));
        }
        data = TinyData.encode(TinyData.SHARED_HISTORY_SPEC, csv, dir);
    }

    @org.junit.jupiter.api.BeforeEach
    void analyse(@TempDir Path perTest) {
        out = perTest;
        model = TinyData.deepfm(data, 0.01, 9);
        AnalysisOptions o = new AnalysisOptions("both", 0, "train", 1e-12, 5000, 3, 7, List.of(), false, false);
        analyzer = new Analyzer(model, data, o);
        List<String> progress = new ArrayList<>();
        results = analyzer.run(progress::add);
        assertEquals(2, progress.size());
        assertTrue(progress.get(0).startsWith("u: 8 rows, "), progress.get(0));
        AnalysisWriter.write(out.resolve("analysis"), results, analyzer.metadata(dir, 1.5));
    }

    @Test
    void blocksEigenvaluesAndFrequenciesMatchTheOracles() {
        double[][][][] fd = finiteDifferenceBlocks();
        for (TableResult t : results) {
            int d = 3;
            for (int k = 1; k < t.lambda().length; k++) {
                double[] expected = new EigenDecomposition(new Array2DRowRealMatrix(fd[t.table()][k])).getRealEigenvalues();
                Arrays.sort(expected);
                double[] exact = t.exact().eigenvalues()[k];
                for (int i = 0; i < d; i++) {
                    assertEquals(expected[i], exact[i], 1e-7, t.name() + " row " + k + " eigenvalue " + i);
                }
                double top = Math.abs(expected[0]) > Math.abs(expected[d - 1]) ? expected[0] : expected[d - 1];
                assertEquals(top, t.exact().lambda()[k], 1e-7, "signed largest |λ|, " + t.name() + " row " + k);
                assertEquals(top, t.power().lambda()[k], 1e-6 * Math.max(1, Math.abs(top)), "power, " + t.name() + " " + k);
                assertEquals(expected[0] + expected[1] + expected[2], t.exact().trace()[k], 1e-7);
                long n = COUNTS.get(t.name()).getOrDefault(t.tokens().get(k), 0L);
                assertEquals(n, t.analysisFrequency()[k], t.name() + " " + t.tokens().get(k));
                assertEquals(n, t.frequency()[k], "the analysis set is the whole training split");
            }
        }
        TableResult shared = results.get(0);
        assertTrue(shared.colouring().colours > 1, "rows of a history co-occur: one probe cannot hold them all");
        assertEquals(1, results.get(1).colouring().colours, "a one-hot table needs one colour");
        assertEquals(analyzer.tables(), List.of(0, 1));
    }

    @Test
    void gradientNormsAreTheRowsOfTheMeanLossGradient() {
        Tensor loss = meanLoss();
        model.zero_grad(true);
        loss.backward();
        for (TableResult t : results) {
            ModelParameter p = model.params().stream().filter(q -> q.isEmbedding() && q.table() == t.table()).findFirst()
                    .orElseThrow();
            double[] g = Tensors.toDoubles(p.grad());
            for (int k = 1; k < t.lambda().length; k++) {
                double sq = 0;
                for (int i = 0; i < 3; i++) {
                    sq += g[3 * k + i] * g[3 * k + i];
                }
                assertEquals(Math.sqrt(sq), t.gradNorm()[k], 1e-12, t.name() + " row " + k);
            }
        }
    }

    @Test
    void theWrittenTablesCarryTheResultsAndTheirStatistics() {
        Table pf = AnalysisTables.perFeature(out.resolve("analysis"));
        assertEquals(results.stream().mapToInt(t -> t.lambda().length - 1).sum(), pf.rowCount(), "padding left out");
        int i = 0;
        for (TableResult t : results) {
            for (int k = 1; k < t.lambda().length; k++, i++) {
                Row row = pf.row(i);
                assertEquals(t.name(), row.getString("field"));
                assertEquals(k, row.getInt("row"));
                assertEquals(t.tokens().get(k), row.getString("token"));
                assertEquals(t.analysisFrequency()[k], row.getLong("frequency"));
                assertEquals(t.frequency()[k], row.getLong("frequency_train"));
                assertEquals(t.power().lambda()[k], row.getDouble("lambda"), 1e-8 * Math.abs(t.power().lambda()[k]) + 1e-300);
                assertEquals(t.exact().lambda()[k], row.getDouble("lambda_exact"), 1e-8 * Math.abs(t.exact().lambda()[k]) + 1e-300);
                assertEquals(t.exact().eigenvalues()[k][0], row.getDouble("lambda_min"), 1e-8 * Math.abs(t.exact().eigenvalues()[k][0]) + 1e-300);
                assertEquals(t.exact().eigenvalues()[k][2], row.getDouble("lambda_max"), 1e-8 * Math.abs(t.exact().eigenvalues()[k][2]) + 1e-300);
                assertEquals(t.exact().trace()[k], row.getDouble("trace"), 1e-8 * Math.abs(t.exact().trace()[k]) + 1e-300);
                String[] eig = row.getString("eigenvalues").split(";");
                assertEquals(3, eig.length);
                for (int e = 0; e < 3; e++) {
                    double want = t.exact().eigenvalues()[k][e];
                    assertEquals(want, Double.parseDouble(eig[e]), 1e-8 * Math.abs(want) + 1e-300, "eigenvalues, 9 digits");
                }
                assertEquals(t.gradNorm()[k], row.getDouble("grad_norm"), 1e-8 * t.gradNorm()[k] + 1e-300);
                assertEquals(t.colouring().colourOf[k], row.getInt("colour"));
                assertEquals(t.power().iterations()[k], row.getInt("iterations"));
                assertEquals(t.power().converged()[k], row.getBoolean("converged"));
                if (t.frequency()[k] > 0) {
                    assertEquals(t.power().lambda()[k] / t.frequency()[k], row.getDouble("lambda_over_n"),
                            1e-8 * Math.abs(row.getDouble("lambda_over_n")) + 1e-300);
                } else {
                    assertTrue(Double.isNaN(row.getDouble("lambda_over_n")) || pf.column("lambda_over_n").isMissing(i));
                }
            }
        }
        Table field = AnalysisTables.perField(out.resolve("analysis"));
        assertEquals(List.of("u", "v", "ALL"), field.stringColumn("field").asList());
        long hvps = 0;
        List<Double> allL = new ArrayList<>();
        List<Double> allN = new ArrayList<>();
        for (int f = 0; f < results.size(); f++) {
            TableResult t = results.get(f);
            Row row = field.row(f);
            List<Double> l = new ArrayList<>();
            List<Double> n = new ArrayList<>();
            for (int k = 1; k < t.lambda().length; k++) {
                if (t.analysisFrequency()[k] > 0) {
                    l.add(t.power().lambda()[k]);
                    n.add((double) t.frequency()[k]);
                }
            }
            allL.addAll(l);
            allN.addAll(n);
            assertEquals(t.lambda().length - 1, row.getInt("rows"));
            assertEquals(l.size(), row.getInt("rows_seen"), "only rows seen in the analysis set");
            assertEquals(t.colouring().colours, row.getInt("colours"));
            long h = AnalysisWriter.hvps(t);
            assertEquals(h, row.getLong("hvps"));
            assertEquals(t.power().hvps() + t.exact().hvps(), h);
            hvps += h;
            assertEquals(pearson(l, n), row.getDouble("pearson_lambda_frequency"), 1e-7, t.name());
            assertEquals(l.stream().mapToDouble(x -> x).max().orElseThrow(), row.getDouble("max_lambda"), 1e-8);
            assertEquals(l.stream().mapToDouble(x -> x).average().orElseThrow(), row.getDouble("mean_lambda"), 1e-8);
        }
        Row all = field.row(2);
        assertEquals(hvps, all.getLong("hvps"));
        assertEquals(results.stream().mapToInt(t -> t.lambda().length - 1).sum(), all.getInt("rows"));
        assertEquals(results.stream().mapToDouble(TableResult::seconds).sum(), all.getDouble("seconds"), 1e-3);
        assertEquals(results.get(0).seconds(), field.row(0).getDouble("seconds"), 1e-3);
        assertEquals(allL.size(), all.getInt("rows_seen"));
        assertTrue(field.column("colours").isMissing(2), "ALL has no colouring of its own");
        assertEquals(pearson(allL, allN), all.getDouble("pearson_lambda_frequency"), 1e-7);
    }

    @Test
    void metadataAndAgreementDescribeTheRun() {
        ObjectNode meta = analyzer.metadata(dir, 2.0);
        assertEquals("deepfm", meta.get("model").asText());
        assertEquals("both", meta.get("mode").asText());
        assertEquals(60, meta.get("analysis_samples").asInt());
        assertEquals(data.fingerprint(), meta.get("data_fingerprint").asText());
        assertEquals(results.stream().mapToLong(AnalysisWriter::hvps).sum(), meta.get("hvps").asLong());
        assertEquals(1, meta.get("gradient_passes").asLong(), "one gradient pass for every table's norms");
        assertTrue(meta.get("loss").asText().contains("no regulariser"));
        assertTrue(meta.has("max_block_asymmetry") && meta.get("max_block_asymmetry").asDouble() < 1e-12);
        ObjectNode agree = Analyzer.agreement(results);
        long seen = results.stream().mapToLong(t -> Arrays.stream(t.analysisFrequency()).skip(1).filter(x -> x > 0).count()).sum();
        assertEquals(seen, agree.get("rows").asLong());
        assertTrue(agree.get("max_relative_difference").asDouble() < 1e-6, agree.toString());
        assertTrue(agree.get("median_relative_difference").asDouble() <= agree.get("max_relative_difference").asDouble());
        JsonNode written = helen.util.Json.read(out.resolve("analysis/analysis.json"), JsonNode.class);
        assertEquals(1.5, written.get("seconds").asDouble());
        assertTrue(Analyzer.agreement(List.of()).isEmpty());
    }

    /**
     * A module left in training mode (dropout draws new masks at every pass) would make every HVP a product
     * with another Hessian: the analysis refuses before spending one, naming the module; in eval mode it says
     * so in analysis.json, with the loss evaluated twice bit for bit.
     */
    @Test
    void anAnalysisRefusesAModelInTrainingModeAndRecordsEvalMode() {
        JsonNode written = helen.util.Json.read(out.resolve("analysis/analysis.json"), JsonNode.class);
        JsonNode evalMode = written.get("eval_mode");
        assertEquals(0, evalMode.get("modules_in_training_mode").asInt(), evalMode.toString());
        assertTrue(evalMode.get("loss_evaluated_twice_bit_identical").asBoolean());
        assertTrue(evalMode.get("modules").asInt() > 1, "every module was looked at: " + evalMode);

        CtrModel withDropout = Models.create(FeatureLayout.of(data), new ModelConfig("deepfm", 3, List.of(4), "tanh", 0.3, false,
                0.0, 0.0, "mean", 0.7, new ModelOptions.None()), 9, ScalarType.Double);
        Analyzer a = new Analyzer(withDropout, data, new AnalysisOptions("power", 0, "train", 1e-6, 20, 3, 7, List.of(), false, false));
        withDropout.train(true); // as a caller that trained it a moment before might leave it
        HelenException e = assertThrows(HelenException.class, () -> a.run(line -> { }));
        assertTrue(e.getMessage().contains("is in training mode"), e.getMessage());
        assertEquals(0, a.hvp().count(), "refused before any HVP");
    }

    @Test
    void fieldsAreChosenByNameAndAnUnknownNameIsAnError() {
        AnalysisOptions o = new AnalysisOptions("power", 0, "train", 1e-11, 5000, 3, 7, List.of("v"), false, true);
        Analyzer only = new Analyzer(model, data, o);
        assertEquals(List.of(1), only.tables());
        List<TableResult> r = only.run(s -> { });
        assertEquals(1, r.size());
        assertTrue(r.get(0).exact() == null && r.get(0).power() != null);
        assertTrue(only.metadata(dir, 0).get("loss").asText().contains("lambda_emb"));
        assertFalse(only.metadata(dir, 0).has("max_block_asymmetry"), "no exact blocks, no asymmetry");
        // with the regulariser each block gains λ_emb·I: the top eigenvalue of a seen row moves by 0.01
        TableResult plain = results.get(1);
        for (int k = 1; k < plain.lambda().length; k++) {
            if (plain.exact().lambda()[k] > 0) {
                assertEquals(plain.exact().lambda()[k] + 0.01, r.get(0).lambda()[k], 1e-3 * (plain.exact().lambda()[k] + 0.01));
            }
        }
        HelenException e = assertThrows(HelenException.class, () -> new Analyzer(model, data,
                new AnalysisOptions("power", 0, "train", 1e-3, 100, 3, 7, List.of("w"), false, false)).tables());
        assertTrue(e.getMessage().contains("no table 'w'") && e.getMessage().contains("u, v"), e.getMessage());
        assertThrows(HelenException.class, () -> new Analyzer(model, data,
                new AnalysisOptions("power", 0, "valid", 1e-3, 100, 3, 7, List.of(), false, false)));
    }

    /** H_h's top eigenvalue (first-order tables count as dense) against the dense Hessian by central differences. */
    @Test
    void denseTopEigenvalueMatchesTheFiniteDifferenceHessian() {
        List<ModelParameter> dense = model.params().stream().filter(p -> !p.isEmbedding()).toList();
        int n = dense.stream().mapToInt(p -> (int) p.tensor().numel()).sum();
        double[][] h = new double[n][n];
        double step = 1e-5;
        int col = 0;
        for (ModelParameter p : dense) {
            for (int j = 0; j < p.tensor().numel(); j++, col++) {
                double[] plus = gradientsWithShift(p, j, step, dense);
                double[] minus = gradientsWithShift(p, j, -step, dense);
                for (int i = 0; i < n; i++) {
                    h[i][col] = (plus[i] - minus[i]) / (2 * step);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double avg = (h[i][j] + h[j][i]) / 2;
                h[i][j] = avg;
                h[j][i] = avg;
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
        double top = Arrays.stream(ev).boxed().max(java.util.Comparator.comparingDouble(Math::abs)).orElseThrow();
        DenseEigen.Result r = new Analyzer(model, data, new AnalysisOptions("power", 0, "train", 1e-12, 5000, 3, 7, List.of(),
                true, false)).denseTop();
        assertTrue(r.converged() && r.iterations() > 1, r.toString());
        assertEquals(top, r.value(), 1e-6 * Math.abs(top), "signed largest |λ| of H_h over " + n + " weights");
        DenseEigen.Result capped = analyzer.hessian().denseTop(1e-12, 3, 11);
        assertEquals(3, capped.iterations());
        assertFalse(capped.converged(), "three steps cannot meet 1e-12");
        DenseEigen.Result loose = analyzer.hessian().denseTop(1e-2, 5000, 11);
        assertTrue(loose.converged() && loose.iterations() < r.iterations(), loose + " vs " + r);
    }

    /** --dense-samples: the dense eigenvalue on the set's first rows, whose mean loss is taken over them alone. */
    @Test
    void theDenseCapTakesTheFirstRowsOfTheSet() {
        Analyzer a = new Analyzer(model, data, new AnalysisOptions("power", 0, "train", 1e-12, 5000, 3, 7, List.of(), true,
                false, true, 30));
        assertEquals(30, a.denseSamples());
        AnalysisSet set = a.hvp().set();
        AnalysisSet head = set.head(30, model.dtype());
        assertEquals(30, head.size());
        assertEquals(30, head.weightTotal());
        int width = set.width();
        int[] ids = new int[30 * width];
        float[] labels = new float[30];
        for (int b = 0, at = 0; at < 30; b++) {
            double[] y = helen.tensor.Tensors.toDoubles(set.labels(b));
            for (int i = 0; i < set.batchSize(b) && at < 30; i++, at++) {
                System.arraycopy(set.rawIds(b), i * width, ids, at * width, width);
                labels[at] = (float) y[i];
            }
        }
        double direct = CtrModel.bce(model.forward(helen.tensor.Tensors.ids(ids, 30, width)),
                helen.tensor.Tensors.labels(labels, 30, model.dtype())).item_double();
        assertEquals(direct, new Hvp(model, head).loss(), 1e-12, "the first 30 rows, in order, their labels with them");
        long tableHvps = a.hvp().count();
        DenseEigen.Result cappedResult = a.denseTop();
        double capped = cappedResult.value();
        assertEquals(tableHvps, a.hvp().count(), "the capped dense part runs on its own HVP of the first rows");
        assertTrue(a.denseHvps() >= cappedResult.iterations() && a.denseHvps() <= cappedResult.iterations() + 1,
                "its HVPs counted apart: " + a.denseHvps() + " for " + cappedResult.iterations() + " steps");
        Analyzer uncapped = new Analyzer(model, data, new AnalysisOptions("power", 0, "train", 1e-12, 5000, 3, 7, List.of(), true,
                false));
        long before = uncapped.hvp().count();
        DenseEigen.Result wholeResult = uncapped.denseTop();
        double whole = wholeResult.value();
        assertEquals(uncapped.hvp().count() - before, uncapped.denseHvps(), "on the set's own HVP: the difference of its count");
        assertTrue(Math.abs(capped - whole) > 1e-9 * Math.abs(whole), "30 of 60 rows give another eigenvalue: " + capped);
    }

    /** Mean BCE over every training row, as one batch (the analysis loss: eval mode, no regulariser). */
    Tensor meanLoss() {
        EncodedSplit s = data.split("train");
        int[] ids = new int[s.rows() * s.width()];
        float[] labels = new float[s.rows()];
        s.readRange(0, s.rows(), ids, labels);
        model.eval();
        return CtrModel.bce(model.forward(Tensors.ids(ids, s.rows(), s.width())), Tensors.labels(labels, s.rows(), ScalarType.Double));
    }

    /** H_kk of every row of every table by central differences of the autograd gradient, h = 1e-5. */
    double[][][][] finiteDifferenceBlocks() {
        double h = 1e-5;
        double[][][][] out = new double[results.size()][][][];
        for (TableResult t : results) {
            ModelParameter p = model.params().stream().filter(q -> q.isEmbedding() && q.table() == t.table()).findFirst()
                    .orElseThrow();
            int rows = t.lambda().length;
            out[t.table()] = new double[rows][][];
            for (int k = 1; k < rows; k++) {
                double[][] block = new double[3][3];
                for (int j = 0; j < 3; j++) {
                    double[] plus = gradientsWithShift(p, 3 * k + j, h, List.of(p));
                    double[] minus = gradientsWithShift(p, 3 * k + j, -h, List.of(p));
                    for (int i = 0; i < 3; i++) {
                        block[i][j] = (plus[3 * k + i] - minus[3 * k + i]) / (2 * h);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < i; j++) {
                        double avg = (block[i][j] + block[j][i]) / 2;
                        block[i][j] = avg;
                        block[j][i] = avg;
                    }
                }
                out[t.table()][k] = block;
            }
        }
        return out;
    }

    /** The gradients of {@code read} (concatenated) with entry {@code index} of p moved by h; p is restored after. */
    private double[] gradientsWithShift(ModelParameter p, int index, double h, List<ModelParameter> read) {
        double[] w = Tensors.toDoubles(p.tensor());
        double[] moved = w.clone();
        moved[index] += h;
        try (NoGradGuard g = new NoGradGuard()) {
            p.tensor().copy_(Tensors.fromDoubles(moved, ScalarType.Double, p.tensor().sizes().vec().get()));
        }
        model.zero_grad(true);
        meanLoss().backward();
        List<double[]> parts = new ArrayList<>();
        for (ModelParameter q : read) {
            parts.add(Tensors.toDoubles(q.grad()));
        }
        try (NoGradGuard g = new NoGradGuard()) {
            p.tensor().copy_(Tensors.fromDoubles(w, ScalarType.Double, p.tensor().sizes().vec().get()));
        }
        return helen.model.TinyReference.concat(parts);
    }

    private static double pearson(List<Double> a, List<Double> b) {
        return new PearsonsCorrelation().correlation(a.stream().mapToDouble(x -> x).toArray(), b.stream().mapToDouble(x -> x).toArray());
    }
}
