package helen.hessian;

import helen.data.EncodedDataset;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.BlockOperator;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.ModelHessian;
import helen.hessian.operator.TableHessian;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import helen.util.HelenException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Hessian of a trained CTR model's mean loss over an analysis set, seen per embedding table:
 * the entry point for analysing curvature from Java (what {@code helen analyze} calls too).
 * <pre>{@code
 * EmbeddingHessian h = EmbeddingHessian.of(model, data, AnalysisSet.sample(data.split("train"), 20000, 2024, 5000, model.dtype()));
 * TableCurvature c13 = h.table("C13").power(1e-3, 100);   // λ of every row, with token, N, ‖g‖, iterations
 * c13.sharpest(10).forEach(System.out::println);
 * DenseEigen.Result dense = h.denseTop(1e-3, 100, 7);      // the dense part's top eigenvalue
 * }</pre>
 * λ_k is the top eigenvalue of row k's d×d diagonal block ∂²L/∂e_k² of the mean BCE over the set
 * (model in eval mode). Rows of one colour never co-occur in a sample, so one HVP per colour and
 * iteration serves every row of the table (Zhu et al. 2024, §3; the colouring is {@link RowColouring}).
 */
public final class EmbeddingHessian {
    private final CtrModel model;
    private final EncodedDataset data;
    private final Hvp hvp;
    private final double ridge;
    private final boolean closedForm;
    private double[] gradient;
    /** The closed form's sums over the set ({@link GaussNewtonBlocks#accumulate}), made at the first table that passes its check. */
    private GaussNewtonBlocks.Sums gaussNewton;
    /** The check set (the first batch) and its sums, made at the first check. */
    private AnalysisSet checkSet;
    private GaussNewtonBlocks.Sums checkSums;
    private final Map<String, Double> checks = new LinkedHashMap<>();

    /** See {@link GaussNewtonBlocks#TOLERANCE}. */
    public static final double CLOSED_FORM_TOLERANCE = GaussNewtonBlocks.TOLERANCE;

    private EmbeddingHessian(CtrModel model, EncodedDataset data, Hvp hvp, double ridge, boolean closedForm) {
        this.model = model;
        this.data = data;
        this.hvp = hvp;
        this.ridge = ridge;
        this.closedForm = closedForm;
    }

    /** The Hessian of the mean BCE over {@code set}, without the regulariser. */
    public static EmbeddingHessian of(CtrModel model, EncodedDataset data, AnalysisSet set) {
        return new EmbeddingHessian(model, data, new Hvp(model, set), 0, true);
    }

    /** The same with (λ_emb/2)‖E‖² in the loss: λ_emb·I on every block and λ_emb·e_k in every gradient. */
    public EmbeddingHessian withRegularizer() {
        return new EmbeddingHessian(model, data, hvp, model.config().embeddingRegularizer(), closedForm);
    }

    /** The same with every exact block measured by HVPs, never in closed form (to compare the two, or to time them). */
    public EmbeddingHessian withoutClosedForm() {
        return new EmbeddingHessian(model, data, hvp, ridge, false);
    }

    /** Whether exact blocks may come in closed form (see {@link GaussNewtonBlocks}). */
    public boolean closedForm() {
        return closedForm;
    }

    /**
     * The closed form's check of every table checked so far: ‖Hv − Bv‖/‖Hv‖ on the check set (the
     * closed form is used where it is at most {@link #CLOSED_FORM_TOLERANCE}).
     */
    public Map<String, Double> closedFormChecks() {
        return Collections.unmodifiableMap(checks);
    }

    /** Tables checked so far whose blocks came in closed form. */
    public long closedFormTables() {
        return checks.values().stream().filter(v -> v <= CLOSED_FORM_TOLERANCE).count();
    }

    /**
     * The (sample, row) pairs of the whole set where a row fills two or more of the sample's slots, whose
     * closed form has a second term ({@link RepeatedRows}); 0 before the first table in closed form.
     */
    public long repeatedRows() {
        return gaussNewton == null ? 0 : gaussNewton.repeats().repeats();
    }

    /** The slot-level double-backward products spent on {@link #repeatedRows()}. */
    public long repeatedRowProducts() {
        return gaussNewton == null ? 0 : gaussNewton.repeats().products();
    }

    /** Rows of the closed form's check set (0 before the first check). */
    public int closedFormCheckRows() {
        return checkSet == null ? 0 : checkSet.size();
    }

    /** Whether table t's exact blocks come in closed form: allowed, small enough, and its check passed. */
    private boolean closedFormFor(int t) {
        if (!closedForm || !GaussNewtonBlocks.fits(model, hvp.set())) {
            return false;
        }
        if (checkSet == null) {
            checkSet = hvp.set().firstBatch(model.dtype());
            checkSums = GaussNewtonBlocks.accumulate(model, checkSet);
        }
        // a table is checked once, whether its blocks are then wanted whole (exact) or as a shard's partial sums
        double rel = checks.computeIfAbsent(data.tables().get(t),
                name -> GaussNewtonBlocks.relativeDifference(model, checkSet, checkSums, t, 2024L * 31 + t));
        return rel <= CLOSED_FORM_TOLERANCE;
    }

    private GaussNewtonBlocks.Sums gaussNewtonSums() {
        if (gaussNewton == null) {
            gaussNewton = GaussNewtonBlocks.accumulate(model, hvp.set());
        }
        return gaussNewton;
    }

    public List<String> tables() {
        return data.tables();
    }

    /** @throws HelenException naming the tables if there is none called {@code name} */
    public Table table(String name) {
        int t = data.tables().indexOf(name);
        if (t < 0) {
            throw new HelenException("no table '" + name + "' (tables: " + String.join(", ", data.tables()) + ")");
        }
        return new Table(t);
    }

    public Table table(int index) {
        return new Table(index);
    }

    /** Hessian-vector products and gradient passes spent so far. */
    public Hvp hvp() {
        return hvp;
    }

    /** The top eigenvalue of the dense part (everything but the embedding tables; first-order tables count as dense, as for Helen). */
    public DenseEigen.Result denseTop(double tol, int maxIter, long seed) {
        return DenseEigen.top(hvp, ModelHessian.denseLeaves(model), tol, maxIter, seed);
    }

    private double[] embeddingGradient() {
        if (gradient == null) {
            gradient = hvp.gradient(List.of(model.embeddingWeight())).get(0);
            if (ridge != 0) {
                double[] w = Tensors.toDoubles(model.embeddingWeight());
                for (int i = 0; i < w.length; i++) {
                    gradient[i] += ridge * w[i];
                }
            }
        }
        return gradient;
    }

    /**
     * Rows absent from the analysis set get no HVP (their data block is exactly zero); with the
     * regulariser their block is λ_emb·I, so λ, every eigenvalue and trace/d are λ_emb.
     */
    private void unseenRowsOfTheRidge(RowCurvature r, RowColouring colouring) {
        int d = model.config().embeddingDim();
        for (int k = 0; k < r.lambda().length; k++) {
            if (colouring.colourOf[k] < 0) {
                r.lambda()[k] = ridge;
                if (r.eigenvalues() != null) {
                    java.util.Arrays.fill(r.eigenvalues()[k], ridge);
                    r.trace()[k] = ridge * d;
                }
            }
        }
    }

    /** One embedding table's blocks. */
    public final class Table {
        private final int index;
        private final RowColouring colouring;
        private final BlockOperator operator;

        private Table(int index) {
            this.index = index;
            int rows = model.layout().tableRows()[index];
            this.colouring = RowColouring.of(hvp.set(), model.layout().fields(), index, rows);
            BlockOperator h = new TableHessian(hvp, model, index);
            this.operator = ridge == 0 ? h : BlockOperator.plusIdentity(h, ridge);
        }

        public String name() {
            return data.tables().get(index);
        }

        public int index() {
            return index;
        }

        /** The groups of rows probed together (rows of one colour never co-occur in a sample). */
        public RowColouring colouring() {
            return colouring;
        }

        /** The table's diagonal blocks as an operator on [rows × d] probes. */
        public BlockOperator operator() {
            return operator;
        }

        /** ‖g_k‖ of every row of the table. */
        public double[] gradientNorms() {
            double[] g = embeddingGradient();
            int d = model.config().embeddingDim();
            long off = model.tableOffset(index);
            double[] norms = new double[operator.rows()];
            for (int k = 0; k < norms.length; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    double v = g[(int) ((off + k) * d + i)];
                    s += v * v;
                }
                norms[k] = Math.sqrt(s);
            }
            return norms;
        }

        /** λ of every row by field-batched power iteration (per-row relative tolerance, seeded start). */
        public TableCurvature power(double tol, int maxIter, long seed) {
            long t0 = System.nanoTime();
            RowCurvature r = PowerIteration.run(operator, colouring, tol, maxIter, seed);
            return curvature(r, t0);
        }

        public TableCurvature power(double tol, int maxIter) {
            return power(tol, maxIter, 2024L * 31 + index);
        }

        /**
         * Every block in full, all eigenvalues and the trace of every row: in closed form where the
         * table's check allows it (one check HVP on the first batch), else d HVPs per colour.
         */
        public TableCurvature exact() {
            long t0 = System.nanoTime();
            ExactBlocks eb = new ExactBlocks();
            RowCurvature r = eb.decompose(blocks());
            return curvature(r, t0).withAsymmetry(eb.maxAsymmetry());
        }

        /** Every seen row's block of the table (with the ridge on its diagonal where the loss has one). */
        private ExactBlocks.Blocks blocks() {
            if (!closedFormFor(index)) {
                return ExactBlocks.measure(operator, colouring);
            }
            int d = model.config().embeddingDim();
            ExactBlocks.Blocks b = GaussNewtonBlocks.tableBlocks(gaussNewtonSums(), hvp.set().touchedRows(model),
                    model.tableOffset(index), colouring, d, 1);
            if (ridge != 0) {
                for (double[] block : b.blocks()) {
                    for (int i = 0; block != null && i < d; i++) {
                        block[i * d + i] += ridge;
                    }
                }
            }
            return b;
        }

        /**
         * This set's raw share of the exact analysis, for sharded runs: every seen row's block (not yet
         * symmetrised), its count and its gradient row (every row whose gradient is not zero).
         */
        public ShardPartials.TablePartial partial() {
            if (ridge != 0) {
                throw new HelenException("sharded analysis covers the loss without the regulariser (drop --with-regularizer)");
            }
            long t0 = System.nanoTime();
            ExactBlocks.Blocks blocks = blocks();
            double[] g = embeddingGradient();
            int d = model.config().embeddingDim();
            long off = model.tableOffset(index);
            double[][] rowsOfG = new double[operator.rows()][];
            for (int k = 0; k < rowsOfG.length; k++) {
                double[] row = java.util.Arrays.copyOfRange(g, (int) ((off + k) * d), (int) ((off + k + 1) * d));
                if (java.util.Arrays.stream(row).anyMatch(v -> v != 0)) {
                    rowsOfG[k] = row;
                }
            }
            return new ShardPartials.TablePartial(index, name(), colouring.analysisFrequency, rowsOfG, blocks,
                    (System.nanoTime() - t0) / 1e9);
        }

        /** @param t0 when the eigenvalue work began: its seconds exclude the (once per model, cached) gradient pass */
        private TableCurvature curvature(RowCurvature r, long t0) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (ridge != 0) {
                unseenRowsOfTheRidge(r, colouring);
            }
            return new TableCurvature(name(), data.tokens(index), data.tableFrequencies(index), colouring.analysisFrequency,
                    gradientNorms(), r, colouring, seconds, 0);
        }
    }
}
