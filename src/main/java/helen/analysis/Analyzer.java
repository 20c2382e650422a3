package helen.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.EncodedDataset;
import helen.hessian.DenseEigen;
import helen.hessian.EmbeddingHessian;
import helen.hessian.ShardPartials;
import helen.hessian.TableCurvature;
import helen.hessian.TableResult;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.EvalModeGuard;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.ModelHessian;
import helen.hessian.operator.Shard;
import helen.model.CtrModel;
import helen.tensor.Tensors;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.Progress;
import helen.util.Provenance;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code helen analyze} over {@link EmbeddingHessian}: samples the analysis set, picks the tables,
 * measures each one as the options say (power iteration, exact blocks or both) and describes the
 * run for analysis.json.
 */
public final class Analyzer {
    /** analysis.json's description of the loss analysed by default. */
    public static final String LOSS = "mean BCE over the analysis set, eval mode, no regulariser";

    private final CtrModel model;
    private final EncodedDataset data;
    private final AnalysisOptions options;
    private final EmbeddingHessian hessian;
    private double maxAsymmetry;
    private long denseHvps;
    /** HVPs and gradient passes of the tables, counted when the last table is done (-1 before). */
    private long tableHvps = -1;
    private long tableGradientPasses = -1;
    /** What the eval-mode guard found (analysis.json's "eval_mode"), once a measurement has started. */
    private ObjectNode evalMode;

    public Analyzer(CtrModel model, EncodedDataset data, AnalysisOptions options) {
        this(model, data, options, Shard.WHOLE);
    }

    /** An analyzer over one shard of the analysis set (its blocks are partial sums: see {@link #partials}). */
    public Analyzer(CtrModel model, EncodedDataset data, AnalysisOptions options, Shard shard) {
        this.model = model;
        this.data = data;
        this.options = options;
        if (!data.hasRows(options.split())) {
            throw new HelenException("the encoded dataset has no rows in split '" + options.split() + "'");
        }
        AnalysisSet set = AnalysisSet.sample(data.split(options.split()), options.samples(), options.seed(),
                options.batchSize(), model.dtype(), shard);
        EmbeddingHessian h = EmbeddingHessian.of(model, data, set);
        h = options.closedForm() ? h : h.withoutClosedForm();
        this.hessian = options.regularizer() ? h.withRegularizer() : h;
    }

    public Hvp hvp() {
        return hessian.hvp();
    }

    public EmbeddingHessian hessian() {
        return hessian;
    }

    /**
     * The analysis set's loss at the checkpoint (the loss whose Hessian this is): the value the eval-mode guard
     * evaluated twice before the first HVP, or one evaluation where no measurement has run yet.
     */
    public double setLoss() {
        return evalMode != null ? evalMode.get("loss").asDouble() : hvp().loss();
    }

    public double maxAsymmetry() {
        return maxAsymmetry;
    }

    /** Indices of the tables to analyse. */
    public List<Integer> tables() {
        List<Integer> out = new ArrayList<>();
        if (options.tables().isEmpty()) {
            for (int t = 0; t < data.tables().size(); t++) {
                out.add(t);
            }
            return out;
        }
        for (String n : options.tables()) {
            int t = data.tables().indexOf(n);
            if (t < 0) {
                throw new HelenException("--fields: no table '" + n + "' (tables: " + String.join(", ", data.tables()) + ")");
            }
            out.add(t);
        }
        return out;
    }

    /**
     * Analyses every chosen table, telling {@code progress} one line per table; a {@link helen.util.Progress}
     * over the tables shows the rate and time left (on a terminal a bar, which then shows those lines).
     */
    public List<TableResult> run(Consumer<String> progress) {
        return eachTable("analyze", progress, this::table);
    }

    /** This shard's raw share of the exact analysis of every chosen table (see {@link ShardPartials}). */
    public List<ShardPartials.TablePartial> partials(Consumer<String> progress) {
        return eachTable("analyze shard", progress, (t, line) -> {
            ShardPartials.TablePartial p = hessian.table(t).partial();
            line.accept(String.format(Locale.ROOT, "%s: %d HVPs, %.1f s", p.name(), p.blocks().hvps(), p.seconds()));
            return p;
        });
    }

    /**
     * {@code measure} of every chosen table in order, with a progress bar over them; a failure is
     * named by its table (and nothing is written: callers write only after every table is done).
     */
    private <T> List<T> eachTable(String task, Consumer<String> progress,
                                  BiFunction<Integer, Consumer<String>, T> measure) {
        List<T> out = new ArrayList<>();
        evalMode = EvalModeGuard.check(model, hvp()); // before any HVP is spent
        try (Progress bar = Progress.start(task, tables().size(), "tables")) {
            // on a terminal the table's line goes into the bar (a line printed under a live bar garbles it)
            Consumer<String> perTable = Progress.mode() == Progress.Mode.BAR ? bar::extra : progress;
            for (int t : tables()) {
                try {
                    out.add(measure.apply(t, perTable));
                } catch (HelenException e) {
                    throw new HelenException("table '" + data.tables().get(t) + "': " + e.getMessage() + "; nothing written", e);
                }
                bar.step(1);
            }
        }
        tableHvps = hvp().count(); // what analysis.json counts: the tables' work, not the dense part's or the spectrum's
        tableGradientPasses = hvp().gradientCount();
        return out;
    }

    /** One table: power iteration and/or exact blocks as the options say, and its line for {@code progress}. */
    private TableResult table(int t, Consumer<String> progress) {
        EmbeddingHessian.Table table = hessian.table(t);
        TableCurvature power = options.mode().equals("exact") ? null
                : table.power(options.tol(), options.maxIter(), options.seed() * 31 + t);
        TableCurvature exact = options.mode().equals("power") ? null : table.exact();
        if (exact != null) {
            maxAsymmetry = Math.max(maxAsymmetry, exact.maxAsymmetry());
        }
        TableCurvature any = power != null ? power : exact;
        double seconds = (power == null ? 0 : power.seconds()) + (exact == null ? 0 : exact.seconds());
        TableResult r = new TableResult(t, any.table(), any.tokens(), any.frequency(), any.analysisFrequency(),
                any.gradNorm(), any.colouring(), power == null ? null : power.curvature(),
                exact == null ? null : exact.curvature(), seconds);
        progress.accept(String.format(Locale.ROOT, "%s: %d rows, %d colours, %d HVPs, %.1f s", r.name(),
                any.lambda().length, any.colouring().colours, AnalysisWriter.hvps(r), r.seconds()));
        return r;
    }

    /** What analysis.json records: the run, data, settings, loss definition, HVP counts and provenance. */
    public ObjectNode metadata(Path runDir, double seconds) {
        ObjectNode meta = Json.object();
        meta.put("run", runDir.toAbsolutePath().toString());
        meta.put("model", model.config().name());
        meta.put("dataset", data.name());
        meta.put("data_fingerprint", data.fingerprint());
        meta.put("mode", options.mode());
        meta.put("tol", options.tol());
        meta.put("max_iter", options.maxIter());
        meta.put("seed", options.seed());
        meta.put("device", Tensors.deviceName());
        meta.put("split", options.split());
        meta.put("analysis_samples", hvp().set().size());
        meta.put("loss", options.regularizer() ? "mean BCE + (lambda_emb/2)||E||^2, eval mode" : LOSS);
        meta.put("threads", torch.get_num_threads());
        meta.put("hvps", tableHvps >= 0 ? tableHvps : hvp().count());
        meta.put("gradient_passes", tableGradientPasses >= 0 ? tableGradientPasses : hvp().gradientCount());
        if (!options.mode().equals("power")) {
            meta.put("max_block_asymmetry", maxAsymmetry);
            meta.set("closed_form", closedForm());
        }
        if (evalMode != null) {
            meta.set("eval_mode", evalMode);
        }
        meta.put("seconds", seconds);
        meta.set("provenance", Provenance.stamp());
        return meta;
    }

    /** Which tables' exact blocks came in closed form, and each table's check (see {@link EmbeddingHessian#closedFormChecks()}). */
    private ObjectNode closedForm() {
        ObjectNode o = Json.object();
        o.put("allowed", hessian.closedForm());
        if (!hessian.closedForm()) {
            return o;
        }
        o.put("tolerance", EmbeddingHessian.CLOSED_FORM_TOLERANCE);
        o.put("check_rows", hessian.closedFormCheckRows());
        ObjectNode tables = o.putObject("relative_difference");
        hessian.closedFormChecks().forEach(tables::put);
        o.put("tables_in_closed_form", hessian.closedFormTables());
        o.put("repeated_rows", hessian.repeatedRows());
        o.put("repeated_row_products", hessian.repeatedRowProducts());
        return o;
    }

    /**
     * The dense part's top eigenvalue (first-order tables count as dense here, as for Helen). Its HVPs are
     * not the tables' ({@code hvps} of analysis.json): {@link #denseHvps()} counts them.
     */
    public DenseEigen.Result denseTop() {
        AnalysisSet set = hvp().set();
        if (set.size() <= options.denseSamples()) {
            long before = hvp().count();
            DenseEigen.Result r = hessian.denseTop(options.tol(), options.maxIter(), options.seed() + 7);
            denseHvps = hvp().count() - before;
            return r;
        }
        Hvp first = new Hvp(model, set.head(options.denseSamples(), model.dtype()));
        DenseEigen.Result r = DenseEigen.top(first, ModelHessian.denseLeaves(model), options.tol(), options.maxIter(),
                options.seed() + 7);
        denseHvps = first.count();
        return r;
    }

    /** The HVPs of the whole model the last {@link #denseTop()} took. */
    public long denseHvps() {
        return denseHvps;
    }

    /** Rows the dense part's eigenvalue is taken on. */
    public int denseSamples() {
        return Math.min(hvp().set().size(), options.denseSamples());
    }

    /** Agreement of power iteration with the exact blocks over seen rows: max and median relative difference. */
    public static ObjectNode agreement(List<TableResult> results) {
        List<Double> rel = new ArrayList<>();
        for (TableResult r : results) {
            if (r.power() == null || r.exact() == null) {
                continue;
            }
            for (int k = 1; k < r.power().lambda().length; k++) {
                if (r.analysisFrequency()[k] == 0) {
                    continue;
                }
                double e = r.exact().lambda()[k];
                rel.add(Math.abs(r.power().lambda()[k] - e) / Math.max(Math.abs(e), 1e-30));
            }
        }
        ObjectNode o = Json.object();
        if (rel.isEmpty()) {
            return o;
        }
        double[] a = rel.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        o.put("rows", a.length);
        o.put("max_relative_difference", a[a.length - 1]);
        o.put("median_relative_difference", a[a.length / 2]);
        o.put("note", "power iteration stops at a relative change below tol, so differences of order tol are expected");
        return o;
    }
}
