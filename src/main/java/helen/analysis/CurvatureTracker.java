package helen.analysis;

import helen.data.EncodedDataset;
import helen.hessian.DenseEigen;
import helen.hessian.Hutchinson;
import helen.hessian.PowerIteration;
import helen.hessian.RowColouring;
import helen.hessian.RowCurvature;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.ModelHessian;
import helen.hessian.operator.TableHessian;
import helen.model.CtrModel;
import helen.results.CurvatureMeasurement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Curvature while a model trains, on a probe set fixed for the whole run: a seeded sample of the
 * training split and, per table, its most frequent rows in that sample plus as many random seen
 * ones. Each measurement gives every table's mean and max λ over those rows (field-batched power
 * iteration, as {@code helen analyze}, started from the previous measurement's vectors: a resumed
 * run's first measurement starts from random ones, within the tolerance of the same values), the
 * dense part's top eigenvalue (also warm-started), the whole model's Hutchinson
 * trace and the probe set's loss. The model is measured in eval mode and handed back in the mode it
 * was in; no torch random number and no optimizer state is touched, so training goes on exactly as
 * it would have without the measurement.
 */
public final class CurvatureTracker {
    /**
     * @param probeRows   samples of the training split in the probe set
     * @param topRows     per table, its most frequent rows in the probe set
     * @param randomRows  per table, that many more seen rows drawn at random (seeded)
     * @param tol         power iteration's per-row relative tolerance
     * @param maxIter     power iteration's cap
     * @param traceProbes Hutchinson probes of the whole-model trace
     * @param seed        seeds the sample, the random rows, the start vectors and the probes
     */
    public record Settings(int probeRows, int topRows, int randomRows, double tol, int maxIter, int traceProbes, long seed) {
        public static Settings defaults() {
            return new Settings(2000, 50, 50, 1e-2, 30, 10, 2024);
        }
    }

    private final CtrModel model;
    private final EncodedDataset data;
    private final Settings settings;
    private final AnalysisSet set;
    /** Per table, the probe rows' colouring (every other row −1: no probe reaches it). */
    private final List<RowColouring> probeRows = new ArrayList<>();
    /** Per table, the probed rows' last eigenvector estimates ([probed × d]; empty before the first measurement). */
    private final List<double[]> rowVectors = new ArrayList<>();
    /** The dense part's last eigenvector estimate (empty before the first measurement). */
    private final List<double[]> denseVector = new ArrayList<>();

    public CurvatureTracker(CtrModel model, EncodedDataset data, Settings settings) {
        this.model = model;
        this.data = data;
        this.settings = settings;
        this.set = AnalysisSet.sample(data.split("train"), settings.probeRows(), settings.seed(), 5000, model.dtype());
        SplittableRandom random = new SplittableRandom(settings.seed());
        for (int t = 0; t < data.tables().size(); t++) {
            RowColouring all = RowColouring.of(set, model.layout().fields(), t, model.layout().tableRows()[t]);
            probeRows.add(restricted(all, chosen(all, random)));
            rowVectors.add(new double[probedRows(t).length * model.config().embeddingDim()]);
        }
    }

    /** The table's rows probed: its most frequent seen rows in the set, then random seen ones (OOV and padding never). */
    private List<Integer> chosen(RowColouring all, SplittableRandom random) {
        List<Integer> seen = new ArrayList<>();
        for (int k = 2; k < all.colourOf.length; k++) { // 0 padding, 1 OOV: buckets, not features
            if (all.colourOf[k] >= 0) {
                seen.add(k);
            }
        }
        seen.sort((a, b) -> a.equals(b) ? 0 : all.analysisFrequency[b] != all.analysisFrequency[a]
                ? Long.compare(all.analysisFrequency[b], all.analysisFrequency[a]) : Integer.compare(a, b));
        List<Integer> out = new ArrayList<>(seen.subList(0, Math.min(settings.topRows(), seen.size())));
        List<Integer> rest = new ArrayList<>(seen.subList(out.size(), seen.size()));
        for (int i = 0; i < settings.randomRows() && !rest.isEmpty(); i++) {
            out.add(rest.remove(random.nextInt(rest.size())));
        }
        return out;
    }

    private static RowColouring restricted(RowColouring all, List<Integer> rows) {
        int[] colour = new int[all.colourOf.length];
        Arrays.fill(colour, -1);
        rows.forEach(k -> colour[k] = all.colourOf[k]);
        return new RowColouring(colour, all.colours, all.analysisFrequency);
    }

    /** The rows probed in table {@code t}, ascending. */
    public int[] probedRows(int t) {
        int[] colour = probeRows.get(t).colourOf;
        return java.util.stream.IntStream.range(0, colour.length).filter(k -> colour[k] >= 0).toArray();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Table t's field-batched power iteration, started from the last measurement's vectors (random
     * the first time): the weights moved little since, so rows converge in fewer HVPs, the bulk of
     * a measurement's cost. The vectors are kept for the probed rows only, not the whole table.
     */
    private RowCurvature warmPowerIteration(TableHessian h, int t) {
        int d = h.dim();
        int[] probed = probedRows(t);
        double[] kept = rowVectors.get(t);
        double[] start = new double[h.rows() * d];
        for (int i = 0; i < probed.length; i++) {
            System.arraycopy(kept, i * d, start, probed[i] * d, d);
        }
        RowCurvature r = PowerIteration.run(h, probeRows.get(t), settings.tol(), settings.maxIter(), settings.seed() * 31 + t, start);
        for (int i = 0; i < probed.length; i++) {
            System.arraycopy(start, probed[i] * d, kept, i * d, d);
        }
        return r;
    }

    /** Measures the model as it is now; {@code step} and {@code epoch} label the rows. */
    public List<CurvatureMeasurement> measure(long step, int epoch) {
        boolean training = model.is_training();
        List<CurvatureMeasurement> out = new ArrayList<>();
        try {
            Hvp hvp = new Hvp(model, set);
            for (int t = 0; t < data.tables().size(); t++) {
                RowColouring rows = probeRows.get(t);
                if (Arrays.stream(rows.colourOf).allMatch(c -> c < 0)) {
                    continue;
                }
                RowCurvature r = warmPowerIteration(new TableHessian(hvp, model, t), t);
                double sum = 0;
                double max = Double.NEGATIVE_INFINITY;
                int n = 0;
                for (int k = 0; k < rows.colourOf.length; k++) {
                    if (rows.colourOf[k] >= 0) {
                        sum += r.lambda()[k];
                        max = Math.max(max, r.lambda()[k]);
                        n++;
                    }
                }
                out.add(new CurvatureMeasurement(step, epoch, data.tables().get(t), "mean_lambda", sum / n));
                out.add(new CurvatureMeasurement(step, epoch, data.tables().get(t), "max_lambda", max));
            }
            List<org.bytedeco.pytorch.Tensor> dense = ModelHessian.denseLeaves(model);
            if (!dense.isEmpty()) {
                out.add(new CurvatureMeasurement(step, epoch, "dense", "top_lambda",
                        DenseEigen.top(hvp, dense, settings.tol(), settings.maxIter(), settings.seed() + 7, denseVector).value()));
            }
            ModelHessian whole = new ModelHessian(model, data.tables(), hvp);
            Hutchinson.Estimate trace = Hutchinson.traces(whole::apply, whole.dim(), List.of(whole.part("model")),
                    settings.traceProbes(), settings.seed() + 11).get("model");
            out.add(new CurvatureMeasurement(step, epoch, "model", "trace", trace.trace()));
            out.add(new CurvatureMeasurement(step, epoch, "model", "trace_stderr", trace.stderr()));
            out.add(new CurvatureMeasurement(step, epoch, "model", "loss", hvp.loss()));
            out.add(new CurvatureMeasurement(step, epoch, "model", "hvps", hvp.count()));
        } finally {
            model.train(training);
        }
        return out;
    }
}
