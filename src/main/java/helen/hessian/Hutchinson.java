package helen.hessian;

import helen.hessian.linalg.Vectors;
import helen.hessian.operator.ModelHessian;
import helen.stats.Moments;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Hutchinson's trace estimator: tr(H) = E[vᵀHv] for Rademacher v. One probe v over the whole
 * parameter vector serves every part at once: E[v_pᵀ(Hv)_p] = tr(H_pp), because the cross terms
 * v_pᵀH_pq v_q have mean zero for independent signs. Each part's estimate is the mean over probes,
 * its standard error the sample standard deviation over √probes.
 */
public final class Hutchinson {
    /** A trace estimate and its standard error (NaN with one probe). */
    public record Estimate(double trace, double stderr, int probes) {
    }

    private Hutchinson() {
    }

    public static Map<String, Estimate> traces(UnaryOperator<double[]> h, int dim, Collection<ModelHessian.Part> parts,
                                               int probes, long seed) {
        if (probes < 1) {
            throw new IllegalArgumentException("probes must be >= 1, got " + probes);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, double[]> samples = new LinkedHashMap<>();
        parts.forEach(p -> samples.put(p.name(), new double[probes]));
        for (int s = 0; s < probes; s++) {
            double[] v = new double[dim];
            for (int i = 0; i < dim; i++) {
                v[i] = rnd.nextBoolean() ? 1 : -1;
            }
            double[] hv = h.apply(v);
            for (ModelHessian.Part p : parts) {
                samples.get(p.name())[s] = Vectors.dot(v, hv, p.from(), p.to());
            }
        }
        Map<String, Estimate> out = new LinkedHashMap<>();
        samples.forEach((name, q) -> {
            double mean = Moments.mean(q);
            double se = probes > 1 ? Math.sqrt(Moments.sampleVariance(q) / probes) : Double.NaN;
            out.put(name, new Estimate(mean, se, probes));
        });
        return out;
    }
}
