package helen.hessian;

import helen.data.EncodedDataset;
import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.model.ParamRole;
import helen.util.HelenException;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the per-row curvature analysis of a trained model: for each embedding table, its row
 * colouring, λ per row (power iteration and/or exact blocks), ‖g_k‖ and N; optionally the dense
 * part's top eigenvalue.
 */
public final class Analyzer {
    private final CtrModel model;
    private final EncodedDataset data;
    private final AnalysisOptions options;
    private final Hvp hvp;
    private double maxAsymmetry;

    public Analyzer(CtrModel model, EncodedDataset data, AnalysisOptions options) {
        this.model = model;
        this.data = data;
        this.options = options;
        if (!data.hasRows(options.split())) {
            throw new HelenException("the encoded dataset has no rows in split '" + options.split() + "'");
        }
        AnalysisSet set = AnalysisSet.sample(data.split(options.split()), options.samples(), options.seed(),
                options.batchSize(), model.dtype());
        this.hvp = new Hvp(model, set);
    }

    public Hvp hvp() {
        return hvp;
    }

    public double maxAsymmetry() {
        return maxAsymmetry;
    }

    /** Indices of the tables to analyse. */
    public List<Integer> tables() {
        List<String> names = data.tables();
        if (options.tables().isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int t = 0; t < names.size(); t++) {
                all.add(t);
            }
            return all;
        }
        List<Integer> out = new ArrayList<>();
        for (String n : options.tables()) {
            int t = names.indexOf(n);
            if (t < 0) {
                throw new HelenException("--fields: no table '" + n + "' (tables: " + String.join(", ", names) + ")");
            }
            out.add(t);
        }
        return out;
    }

    public List<TableResult> run(Consumer<String> progress) {
        double[] grads = hvp.gradient(List.of(model.embeddingWeight())).get(0);
        double lambdaEmb = options.regularizer() ? model.config().embeddingRegularizer() : 0;
        double[] weights = lambdaEmb == 0 ? null : helen.model.layer.Tensors.toDoubles(model.embeddingWeight());
        int d = model.config().embeddingDim();
        List<TableResult> results = new ArrayList<>();
        for (int t : tables()) {
            long t0 = System.nanoTime();
            int rows = model.layout().tableRows()[t];
            RowColouring colouring = RowColouring.of(hvp.set(), model.layout().fields(), t, rows);
            BlockOperator h = new TableHessian(hvp, model, t);
            if (lambdaEmb != 0) {
                h = withRidge(h, lambdaEmb);
            }
            RowCurvature power = null;
            RowCurvature exact = null;
            if (!options.mode().equals("exact")) {
                power = PowerIteration.run(h, colouring, options.tol(), options.maxIter(), options.seed() * 31 + t);
            }
            if (!options.mode().equals("power")) {
                ExactBlocks eb = new ExactBlocks();
                exact = eb.run(h, colouring);
                maxAsymmetry = Math.max(maxAsymmetry, eb.maxAsymmetry());
            }
            long off = model.tableOffset(t);
            double[] gNorm = new double[rows];
            for (int k = 0; k < rows; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    int idx = (int) ((off + k) * d + i);
                    double g = grads[idx] + (weights == null ? 0 : lambdaEmb * weights[idx]);
                    s += g * g;
                }
                gNorm[k] = Math.sqrt(s);
            }
            TableResult r = new TableResult(t, data.tables().get(t), data.tokens(t), data.tableFrequencies(t),
                    colouring.analysisFrequency, gNorm, colouring, power, exact, (System.nanoTime() - t0) / 1e9);
            results.add(r);
            progress.accept(String.format(java.util.Locale.ROOT, "%s: %d rows, %d colours, %d HVPs, %.1f s", r.name(), rows,
                    colouring.colours, (power == null ? 0 : power.hvps()) + (exact == null ? 0 : exact.hvps()), r.seconds()));
        }
        return results;
    }

    /** H + λI: the regulariser's curvature on every row. */
    private static BlockOperator withRidge(BlockOperator h, double lambda) {
        return new BlockOperator() {
            @Override
            public int rows() {
                return h.rows();
            }

            @Override
            public int dim() {
                return h.dim();
            }

            @Override
            public double[] apply(double[] probe) {
                double[] out = h.apply(probe);
                for (int i = 0; i < out.length; i++) {
                    out[i] += lambda * probe[i];
                }
                return out;
            }
        };
    }

    /** What analysis.json records: the run, data, settings, loss definition, HVP counts and provenance. */
    public com.fasterxml.jackson.databind.node.ObjectNode metadata(java.nio.file.Path runDir, double seconds) {
        com.fasterxml.jackson.databind.node.ObjectNode meta = helen.util.Json.object();
        meta.put("run", runDir.toAbsolutePath().toString());
        meta.put("model", model.config().name());
        meta.put("dataset", data.name());
        meta.put("data_fingerprint", data.fingerprint());
        meta.put("mode", options.mode());
        meta.put("tol", options.tol());
        meta.put("max_iter", options.maxIter());
        meta.put("seed", options.seed());
        meta.put("split", options.split());
        meta.put("analysis_samples", hvp.set().size());
        meta.put("loss", options.regularizer() ? "mean BCE + (lambda_emb/2)||E||^2, eval mode"
                : "mean BCE over the analysis set, eval mode, no regulariser");
        meta.put("threads", org.bytedeco.pytorch.global.torch.get_num_threads());
        meta.put("hvps", hvp.count());
        meta.put("gradient_passes", hvp.gradientCount());
        if (!options.mode().equals("power")) {
            meta.put("max_block_asymmetry", maxAsymmetry);
        }
        meta.put("seconds", seconds);
        meta.set("provenance", helen.util.Provenance.stamp());
        return meta;
    }

    /** The dense part's top eigenvalue (first-order tables count as dense here, as for Helen). */
    public DenseEigen.Result denseTop() {
        List<Tensor> dense = new ArrayList<>();
        for (ModelParameter p : model.params()) {
            if (p.role() != ParamRole.EMBEDDING && !dense.contains(p.leaf())) {
                dense.add(p.leaf());
            }
        }
        return DenseEigen.top(hvp, dense, options.tol(), options.maxIter(), options.seed() + 7);
    }
}
