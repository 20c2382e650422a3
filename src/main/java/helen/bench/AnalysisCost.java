package helen.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.EncodedDataset;
import helen.hessian.EmbeddingHessian;
import helen.hessian.Hutchinson;
import helen.hessian.PowerIteration;
import helen.hessian.RowColouring;
import helen.hessian.RowCurvature;
import helen.hessian.linalg.Lanczos;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.BlockOperator;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.ModelHessian;
import helen.model.CtrModel;
import helen.train.RunDirectory;
import helen.util.Json;
import helen.util.Provenance;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static helen.bench.TrainingThroughput.median;

/**
 * {@code helen bench analyze}: what the Hessian analysis of a trained run costs, with the analysis's own
 * per-table operators: HVPs and seconds of (a) field-batched power iteration, (b) exact blocks, (c) naive
 * per-row power iteration (a few rows, extrapolated to every seen row); one HVP against one gradient over
 * the same rows; a Hutchinson probe and a Lanczos step of {@code --spectrum}.
 *
 * @param runDir    a directory written by helen train
 * @param samples   analysis-set size (&lt;= 0: the whole split)
 * @param split     the split sampled
 * @param naiveRows rows probed one by one for (c)
 * @param tol       power-iteration tolerance
 * @param threads   libtorch threads
 * @param skipExact leave (b) out
 */
public record AnalysisCost(Path runDir, int samples, String split, int naiveRows, double tol, int threads, boolean skipExact) {
    /** @return the figures, as {@code helen bench analyze} prints them */
    public ObjectNode measure() {
        torch.set_num_threads(threads);
        RunDirectory run = RunDirectory.open(runDir);
        EncodedDataset d = run.data();
        CtrModel model = run.loadBest(d);
        EmbeddingHessian hessian = EmbeddingHessian.of(model, d,
                AnalysisSet.sample(d.split(split), samples, 1, 5000, model.dtype()));
        Hvp hvp = hessian.hvp();
        List<Tensor> emb = List.of(model.embeddingWeight());
        List<Tensor> all = model.leaves();
        // one table's HVP, as the analysis runs them (its first table, a unit probe on every row)
        BlockOperator first = hessian.table(0).operator();
        double[] probe = new double[first.rows() * first.dim()];
        Arrays.fill(probe, 1.0);
        // medians of alternating repetitions after one warm-up of each: a single timing swung 2-5x here
        double[][] times = new double[3][5];
        hvp.gradient(all);
        hvp.gradient(emb);
        first.apply(probe);
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            hvp.gradient(all);
            times[0][i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            first.apply(probe);
            times[1][i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            hvp.gradient(emb);
            times[2][i] = (System.nanoTime() - t0) / 1e9;
        }
        double gradS = median(times[0]);
        double hvpS = median(times[1]);
        ObjectNode out = Json.object();
        out.put("run", runDir.toString());
        out.put("model", model.config().name());
        out.put("analysis_samples", hvp.set().size());
        out.put("tables", d.tables().size());
        out.put("threads", threads);
        out.put("gradient_seconds", gradS); // the full gradient: every parameter
        out.put("embedding_gradient_seconds", median(times[2]));
        out.put("hvp_seconds", hvpS); // one table's HVP, as the analysis runs it
        out.put("hvp_over_gradient", hvpS / gradS);
        long seenRows = 0;
        long powerHvps = 0;
        long exactHvps = 0;
        double powerS = 0;
        double exactS = 0;
        double naiveIters = 0;
        int naiveDone = 0;
        long naiveHvps = 0;
        double naiveS = 0;
        for (int t = 0; t < d.tables().size(); t++) {
            EmbeddingHessian.Table table = hessian.table(t);
            BlockOperator h = table.operator();
            RowColouring c = table.colouring();
            for (long f : c.analysisFrequency) {
                seenRows += f > 0 ? 1 : 0;
            }
            long s0 = System.nanoTime();
            powerHvps += table.power(tol, 100, 7 + t).hvps();
            powerS += (System.nanoTime() - s0) / 1e9;
            if (!skipExact) {
                s0 = System.nanoTime();
                exactHvps += table.exact().hvps();
                exactS += (System.nanoTime() - s0) / 1e9;
            }
            if (t == 0) {
                // (c): probe rows one at a time, as a tool unaware of the block structure must
                for (int k = 0, probed = 0; k < h.rows() && probed < naiveRows; k++) {
                    if (c.colourOf[k] < 0) {
                        continue;
                    }
                    int[] only = new int[h.rows()];
                    Arrays.fill(only, -1);
                    only[k] = 0;
                    s0 = System.nanoTime();
                    RowCurvature r = PowerIteration.run(h,
                            RowColouring.single(only, c.analysisFrequency), tol, 100, 3 + k);
                    naiveS += (System.nanoTime() - s0) / 1e9;
                    naiveHvps += r.hvps();
                    naiveIters += r.iterations()[k];
                    naiveDone++;
                    probed++;
                }
            }
            System.err.printf(Locale.ROOT, "table %d/%d: power %d HVPs, exact %d HVPs%n", t + 1,
                    d.tables().size(), powerHvps, exactHvps);
        }
        double perRowIters = naiveIters / naiveDone;
        double perRowSeconds = naiveS / naiveDone;
        out.put("rows_seen", seenRows);
        out.putObject("field_batched_power").put("hvps", powerHvps).put("seconds", powerS);
        if (!skipExact) {
            out.putObject("exact").put("hvps", exactHvps).put("seconds", exactS);
        }
        out.putObject("naive_per_row_power").put("rows_measured", naiveDone).put("hvps_measured", naiveHvps)
                .put("mean_iterations_per_row", perRowIters)
                .put("hvps_extrapolated", perRowIters * seenRows)
                .put("seconds_extrapolated", perRowSeconds * seenRows);
        out.put("power_hvp_fraction_of_naive", powerHvps / (perRowIters * seenRows));
        // the whole-model estimators of --spectrum: seconds per Hutchinson probe and per Lanczos step
        ModelHessian whole = new ModelHessian(model, d.tables(), hvp);
        long s1 = System.nanoTime();
        Hutchinson.traces(whole::apply, whole.dim(), List.of(whole.part("model")), 3, 1);
        double perProbe = (System.nanoTime() - s1) / 1e9 / 3;
        s1 = System.nanoTime();
        Lanczos.run(whole::apply, whole.dim(), 5, 1);
        double perStep = (System.nanoTime() - s1) / 1e9 / 5;
        out.putObject("hutchinson").put("seconds_per_probe", perProbe).put("hvps_per_probe", 1);
        out.putObject("lanczos").put("seconds_per_step", perStep).put("hvps_per_step", 1);
        if (!skipExact) {
            out.put("exact_hvp_fraction_of_naive", exactHvps / (perRowIters * seenRows));
        }
        out.set("provenance", Provenance.stamp());
        return out;
    }
}
