package helen.hessian;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.hessian.linalg.Lanczos;
import helen.hessian.linalg.SpectralDensity;
import helen.hessian.operator.ModelHessian;
import helen.util.HelenException;
import helen.util.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The standard curvature outputs of PyHessian-style tools, on the same HVP as the per-row analysis:
 * Hutchinson traces (every embedding table, the dense part, the whole model, with standard errors,
 * from one set of probes), Lanczos top-k eigenvalues and λ_min of the whole model and of the dense
 * part, and SLQ spectral densities of the whole model and of each table's block.
 *
 * @param topK          eigenvalues reported per part (largest first)
 * @param traceProbes   Rademacher probes of the trace
 * @param densityProbes start vectors of the density
 * @param steps         Lanczos steps (of the top-k runs and of every density probe)
 * @param tableDensities whether each table gets its own density (density probes × steps HVPs per
 *                       table; the tables' traces come from the shared probes at no extra cost)
 */
public record Spectrum(int topK, int traceProbes, int densityProbes, int steps, long seed, boolean tableDensities) {
    public Spectrum {
        if (topK < 1 || traceProbes < 1 || densityProbes < 1 || steps < 1) {
            throw new HelenException("--top-k, --probes, --density-probes and --lanczos-steps must be at least 1, got "
                    + topK + ", " + traceProbes + ", " + densityProbes + ", " + steps);
        }
    }

    /** Computes everything for every table; see {@link #compute(ModelHessian, List, java.util.function.Consumer)}. */
    public ObjectNode compute(ModelHessian h, java.util.function.Consumer<String> progress) {
        return compute(h, List.of(), progress);
    }

    /**
     * Computes everything and returns spectrum.json's content, with the HVPs it took.
     *
     * @param tables the tables whose trace and density are reported (empty: all); each table's
     *               density costs density probes × steps HVPs of the whole model
     */
    public ObjectNode compute(ModelHessian h, List<String> tables, java.util.function.Consumer<String> progress) {
        long before = h.hvp().count();
        long t0 = System.nanoTime();
        ObjectNode out = Json.object();
        out.put("top_k", topK).put("trace_probes", traceProbes).put("density_probes", densityProbes)
                .put("lanczos_steps", steps).put("seed", seed).put("table_densities", tableDensities).put("parameters", h.dim());
        Map<String, Hutchinson.Estimate> traces = Hutchinson.traces(h::apply, h.dim(), h.parts().values(), traceProbes, seed);
        progress.accept(String.format(java.util.Locale.ROOT, "traces: %d probes, model trace %.4g ± %.2g", traceProbes,
                traces.get("model").trace(), traces.get("model").stderr()));
        ObjectNode parts = out.putObject("parts");
        for (ModelHessian.Part p : h.parts().values()) {
            boolean table = !p.name().equals("model") && !p.name().equals("dense");
            if (table && !tables.isEmpty() && !tables.contains(p.name())) {
                continue;
            }
            ObjectNode o = parts.putObject(p.name());
            Hutchinson.Estimate e = traces.get(p.name());
            o.put("dim", p.dim());
            o.put("trace", e.trace());
            o.put("trace_stderr", e.stderr());
            var op = p.name().equals("model") ? (java.util.function.UnaryOperator<double[]>) h::apply : h.restricted(p);
            if (!table) {
                Lanczos.Ritz r = Lanczos.run(op, p.dim(), Math.max(steps, topK), seed + 1);
                ArrayNode top = o.putArray("top_eigenvalues");
                for (double v : r.top(topK)) {
                    top.add(v);
                }
                o.put("lambda_min", r.min());
            }
            if (p.name().equals("model") || table && tableDensities) {
                SpectralDensity.Result d = SpectralDensity.of(op, p.dim(), densityProbes, steps, seed + 2);
                ObjectNode dens = o.putObject("density");
                dens.put("sigma", d.sigma());
                dens.put("mean", d.mean());
                ArrayNode grid = dens.putArray("grid");
                ArrayNode values = dens.putArray("values");
                for (int i = 0; i < d.grid().length; i++) {
                    grid.add(d.grid()[i]);
                    values.add(d.values()[i]);
                }
            }
            progress.accept(p.name() + " done");
        }
        out.put("hvps", h.hvp().count() - before);
        out.put("seconds", (System.nanoTime() - t0) / 1e9);
        return out;
    }
}
