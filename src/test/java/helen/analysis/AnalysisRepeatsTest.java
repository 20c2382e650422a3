package helen.analysis;

import helen.analysis.AnalysisOptions;
import helen.analysis.AnalysisRepeats;
import helen.analysis.AnalysisWriter;
import helen.analysis.Analyzer;
import helen.data.Batch;
import helen.data.BatchIterator;
import helen.data.EncodedDataset;
import helen.data.EncodedSplit;
import helen.hessian.EmbeddingHessian;
import helen.hessian.ExactBlocks;
import helen.hessian.TableResult;
import helen.hessian.TinyData;
import helen.hessian.operator.AnalysisSet;
import helen.model.CtrModel;
import helen.results.AnalysisTables;
import helen.results.RepeatFiles;
import helen.stats.ConfidenceInterval;
import helen.util.HelenException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spread of {@code --repeats} against a case whose true distribution is known exactly. Without
 * dropout the mean loss over a set S of n rows has, for every embedding row k, the block
 * H_k(S) = (1/n) Σ_{i∈S} B_{i,k}, where B_{i,k} is row i's own block (zero where row i does not look k up).
 * With each training row's blocks measured once (one-row sets), λ_k(S) is known on every one of the
 * C(12, 6) = 924 subsets an analysis set of 6 of 12 rows can be, so the exact mean and variance of λ_k
 * over the sampling (conditional on k being seen, as per_feature_repeats.csv reports) and of the
 * per-field mean λ follow by enumeration. K repeated analyses (fresh HVPs on sampled sets) must match
 * them within their sampling error.
 */
class AnalysisRepeatsTest {
    @TempDir
    static Path dir;
    static EncodedDataset data;
    static CtrModel model;
    static final int ROWS = 12;
    static final int SET = 6;

    @BeforeAll
    static void encode() throws Exception {
        StringBuilder csv = new StringBuilder("label,u,v,hist\n");
        SplittableRandom r = new SplittableRandom(31);
        for (int i = 0; i < ROWS; i++) {
            List<String> hist = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                hist.add("u" + r.nextInt(4));
            }
            csv.append(r.nextInt(2)).append(",u").append(r.nextInt(4)).append(",v").append(r.nextInt(3)).append(',')
                    .append(String.join("^", hist)).append('\n');
        }
        data = TinyData.encode(TinyData.SHARED_HISTORY_SPEC, csv, dir);
        model = TinyData.deepfm(data, 0, 4);
    }

    /** Per training row i, per table t, per embedding row k: B_{i,k} (d×d, row-major), null where i does not look k up. */
    static double[][][][] perRowBlocks() {
        EncodedSplit split = data.split("train");
        int[] all = new int[split.rows()];
        Arrays.setAll(all, i -> i);
        BatchIterator it = new BatchIterator(split, 1, all);
        int tables = data.tables().size();
        double[][][][] out = new double[ROWS][tables][][];
        for (int i = 0; it.hasNext(); i++) {
            Batch b = it.next();
            AnalysisSet one = AnalysisSet.of(Arrays.copyOf(b.ids, b.width), Arrays.copyOf(b.labels, 1), b.width, ScalarType.Double);
            EmbeddingHessian h = EmbeddingHessian.of(model, data, one);
            for (int t = 0; t < tables; t++) {
                EmbeddingHessian.Table table = h.table(t);
                out[i][t] = ExactBlocks.measure(table.operator(), table.colouring()).blocks();
            }
        }
        return out;
    }

    /** The dominant (largest |λ|, signed) eigenvalue of the symmetrised mean block, by commons-math. */
    static double dominant(double[] sum, int d, int n) {
        double[][] m = new double[d][d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                m[r][c] = (sum[r * d + c] + sum[c * d + r]) / (2.0 * n);
            }
        }
        double best = 0;
        for (double v : new EigenDecomposition(new Array2DRowRealMatrix(m)).getRealEigenvalues()) {
            best = Math.abs(v) > Math.abs(best) ? v : best;
        }
        return best;
    }

    /** Exact moments over all C(ROWS, SET) subsets: per (table, row) conditional mean/variance of λ, and of ALL's mean λ. */
    record Truth(double[][] mean, double[][] variance, double[][] seenProbability, double allMean, double allVariance) {
    }

    static Truth enumerate(double[][][][] blocks) {
        int tables = blocks[0].length;
        int d = model.config().embeddingDim();
        int[] rowsOf = new int[tables];
        for (int t = 0; t < tables; t++) {
            for (double[][][] b : blocks) {
                rowsOf[t] = Math.max(rowsOf[t], b[t].length);
            }
        }
        double[][] s1 = new double[tables][];
        double[][] s2 = new double[tables][];
        double[][] seen = new double[tables][];
        for (int t = 0; t < tables; t++) {
            s1[t] = new double[rowsOf[t]];
            s2[t] = new double[rowsOf[t]];
            seen[t] = new double[rowsOf[t]];
        }
        double a1 = 0;
        double a2 = 0;
        int subsets = 0;
        for (int mask = 0; mask < 1 << ROWS; mask++) {
            if (Integer.bitCount(mask) != SET) {
                continue;
            }
            subsets++;
            double lambdaSum = 0;
            int seenRows = 0;
            for (int t = 0; t < tables; t++) {
                for (int k = 2; k < rowsOf[t]; k++) { // 0 padding, 1 OOV (the statistics leave it out)
                    double[] sum = new double[d * d];
                    boolean any = false;
                    for (int i = 0; i < ROWS; i++) {
                        if ((mask >> i & 1) == 1 && k < blocks[i][t].length && blocks[i][t][k] != null) {
                            any = true;
                            for (int j = 0; j < d * d; j++) {
                                sum[j] += blocks[i][t][k][j];
                            }
                        }
                    }
                    if (!any) {
                        continue;
                    }
                    double l = dominant(sum, d, SET);
                    s1[t][k] += l;
                    s2[t][k] += l * l;
                    seen[t][k]++;
                    lambdaSum += l;
                    seenRows++;
                }
            }
            double allMean = lambdaSum / seenRows;
            a1 += allMean;
            a2 += allMean * allMean;
        }
        double[][] mean = new double[tables][];
        double[][] var = new double[tables][];
        for (int t = 0; t < tables; t++) {
            mean[t] = new double[rowsOf[t]];
            var[t] = new double[rowsOf[t]];
            for (int k = 0; k < rowsOf[t]; k++) {
                mean[t][k] = seen[t][k] == 0 ? Double.NaN : s1[t][k] / seen[t][k];
                var[t][k] = seen[t][k] == 0 ? Double.NaN : s2[t][k] / seen[t][k] - mean[t][k] * mean[t][k];
                seen[t][k] /= subsets;
            }
        }
        return new Truth(mean, var, seen, a1 / subsets, a2 / subsets - (a1 / subsets) * (a1 / subsets));
    }

    /** K analyses of the checkpoint, exact blocks on sets of SET rows drawn with seeds 100..100+K−1, written as --repeats does. */
    static List<Path> repeats(int k, Path root) {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            AnalysisOptions o = new AnalysisOptions("exact", SET, "train", 1e-3, 100, 100 + i, 4, List.of(), false, false);
            Analyzer a = new Analyzer(model, data, o);
            List<TableResult> results = a.run(line -> { });
            var meta = a.metadata(dir, 0);
            meta.put("set_loss", a.setLoss());
            Path d = i == 0 ? root : RepeatFiles.repeatDir(root, 100 + i);
            AnalysisWriter.write(mkdirs(d), results, meta);
            dirs.add(d);
        }
        AnalysisRepeats.write(root, dirs);
        return dirs;
    }

    @Test
    void spreadOverAnalysisSetsMatchesTheExactSamplingDistribution(@TempDir Path out) {
        Truth truth = enumerate(perRowBlocks());
        int k = 120;
        repeats(k, out);
        Table rows = tech.tablesaw.api.Table.read().csv(out.resolve(RepeatFiles.PER_FEATURE).toFile());
        int checked = 0;
        for (int i = 0; i < rows.rowCount(); i++) {
            int t = data.tables().indexOf(rows.stringColumn("field").get(i));
            int row = rows.intColumn("row").get(i);
            int seen = rows.intColumn("repeats_seen").get(i);
            if (row < 2 || seen < 30 || truth.variance()[t][row] <= 0) {
                continue;
            }
            double sigma = Math.sqrt(truth.variance()[t][row]);
            double mean = rows.doubleColumn("lambda_mean").get(i);
            double std = rows.doubleColumn("lambda_std").get(i);
            String what = data.tables().get(t) + " row " + row + " (seen in " + seen + " of " + k + ")";
            assertTrue(Math.abs(mean - truth.mean()[t][row]) <= 4.5 * sigma / Math.sqrt(seen),
                    what + ": mean λ " + mean + " vs exact " + truth.mean()[t][row] + " (σ " + sigma + ")");
            double ratio = std * std / truth.variance()[t][row];
            assertTrue(ratio > 0.65 && ratio < 1.5, what + ": variance ratio " + ratio + " (sample/exact)");
            // the seen count follows the exact probability of the row being drawn
            double p = truth.seenProbability()[t][row];
            assertTrue(Math.abs(seen - k * p) <= 4.5 * Math.sqrt(k * p * (1 - p)) + 1, what + ": P(seen) " + p);
            double half = (rows.doubleColumn("lambda_ci_high").get(i) - rows.doubleColumn("lambda_ci_low").get(i)) / 2;
            assertEquals(std / Math.sqrt(seen) * new org.apache.commons.math3.distribution.TDistribution(null, seen - 1, 1e-14)
                    .inverseCumulativeProbability(0.975), half, 1e-7 * half, what + ": interval = t·s/√K (9 digits written)");
            checked++;
        }
        assertTrue(checked >= 6, "rows with a known spread checked: " + checked);
        Table fields = tech.tablesaw.api.Table.read().csv(out.resolve(RepeatFiles.PER_FIELD).toFile());
        Table all = fields.where(fields.stringColumn("field").isEqualTo("ALL")
                .and(fields.stringColumn("statistic").isEqualTo("mean_lambda")));
        double mean = all.doubleColumn("mean").get(0);
        double std = all.doubleColumn("std").get(0);
        double sigma = Math.sqrt(truth.allVariance());
        assertTrue(Math.abs(mean - truth.allMean()) <= 4.5 * sigma / Math.sqrt(k), "ALL mean λ " + mean + " vs " + truth.allMean());
        assertTrue(std * std / truth.allVariance() > 0.6 && std * std / truth.allVariance() < 1.5,
                "ALL mean λ variance ratio " + std * std / truth.allVariance());
    }

    @Test
    void theFirstRepeatIsTheSingleAnalysisAndTheValuesKeepSeedOrder(@TempDir Path out) throws Exception {
        List<Path> dirs = repeats(3, out);
        Table fields = tech.tablesaw.api.Table.read().csv(out.resolve(RepeatFiles.PER_FIELD).toFile());
        for (int i = 0; i < fields.rowCount(); i++) {
            if (!fields.stringColumn("statistic").get(i).equals("mean_lambda")) {
                continue;
            }
            String field = fields.stringColumn("field").get(i);
            String[] values = fields.stringColumn("values").get(i).split(";");
            for (int r = 0; r < dirs.size(); r++) {
                Table pf = AnalysisTables.perField(dirs.get(r));
                double expected = pf.where(pf.stringColumn("field").isEqualTo(field)).doubleColumn("mean_lambda").get(0);
                assertEquals(expected, Double.parseDouble(values[r]), 1e-8 * Math.abs(expected), field + " repeat " + r);
            }
        }
        var json = helen.util.Json.read(out.resolve("analysis.json"), com.fasterxml.jackson.databind.JsonNode.class);
        assertEquals("[100,101,102]", json.path("repeats").path("seeds").toString());
        assertTrue(Files.isRegularFile(out.resolve("repeats/seed-102/per_feature.csv")));
        var scalars = helen.util.Json.read(out.resolve(RepeatFiles.SCALARS), com.fasterxml.jackson.databind.JsonNode.class);
        double[] loss = new double[3];
        for (int r = 0; r < 3; r++) {
            loss[r] = helen.util.Json.read(dirs.get(r).resolve("analysis.json"), com.fasterxml.jackson.databind.JsonNode.class)
                    .path("set_loss").asDouble();
        }
        ConfidenceInterval ci = ConfidenceInterval.ofMean(loss);
        assertEquals(ci.low(), scalars.path("statistics").path("set_loss").path("ci_low").asDouble(), 1e-15);
    }

    @Test
    void analysesOfDifferentRowsAreNotRepeats(@TempDir Path out) {
        List<Path> dirs = repeats(2, out);
        Table pf = AnalysisTables.perFeature(dirs.get(1));
        AnalysisWriter.writeCsv(pf.dropRows(0), dirs.get(1).resolve(AnalysisTables.PER_FEATURE));
        HelenException e = assertThrows(HelenException.class, () -> AnalysisRepeats.write(out, dirs));
        assertTrue(e.getMessage().contains("not a repeat"), e.getMessage());
    }

    private static Path mkdirs(Path d) {
        try {
            return Files.createDirectories(d);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
