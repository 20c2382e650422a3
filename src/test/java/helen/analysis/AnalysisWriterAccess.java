package helen.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.AnalysisRepeats;
import helen.analysis.AnalysisWriter;
import helen.hessian.RowColouring;
import helen.hessian.RowCurvature;
import helen.hessian.TableResult;
import helen.util.Json;

import java.nio.file.Path;
import java.util.List;

/** Lets tests of other packages write analyses whose every number they chose (AnalysisWriter is package-private in part). */
public final class AnalysisWriterAccess {
    private AnalysisWriterAccess() {
    }

    /**
     * One table's results: N on the analysis set {@code seen} (the training-split N is 10× it), λ
     * {@code lambda}·{@code scale}, gradient norm 0.1·row, every row converged in 3 iterations.
     */
    public static TableResult table(int index, String name, List<String> tokens, long[] seen, double[] lambda, double scale) {
        int rows = tokens.size();
        long[] train = new long[rows];
        double[] l = new double[rows];
        double[] grad = new double[rows];
        int[] iters = new int[rows];
        boolean[] ok = new boolean[rows];
        int[] colour = new int[rows];
        for (int k = 0; k < rows; k++) {
            train[k] = 10 * seen[k];
            l[k] = lambda[k] * scale;
            grad[k] = 0.1 * k;
            iters[k] = 3;
            ok[k] = true;
            colour[k] = seen[k] > 0 ? 0 : -1;
        }
        return new TableResult(index, name, tokens, train, seen, grad, RowColouring.single(colour, seen),
                new RowCurvature(l, iters, ok, null, null, 3), null, 0.1);
    }

    /** {@code results} written as the analysis with seed {@code seed} (and N samples, split train) of a --repeats run. */
    public static void write(Path out, List<TableResult> results, long seed) {
        ObjectNode meta = Json.object();
        meta.put("seed", seed).put("analysis_samples", 100).put("split", "train");
        AnalysisWriter.write(out, results, meta);
    }

    /** Summarises analyses written by {@link #write(Path, List, long)} as --repeats does (the first is {@code dirs.get(0)}). */
    public static void summarise(List<Path> dirs) {
        AnalysisRepeats.write(dirs.get(0), dirs);
    }

    public static void write(Path out, List<TableResult> results) {
        ObjectNode meta = Json.object();
        AnalysisWriter.write(out, results, meta);
    }
}
