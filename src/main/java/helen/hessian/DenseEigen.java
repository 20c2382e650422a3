package helen.hessian;

import helen.hessian.linalg.Vectors;
import helen.hessian.operator.Hvp;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Top eigenvalue (largest |λ|, signed) of the Hessian restricted to the dense parameters, by plain
 * power iteration over all of them as one vector (PyHessian's eigenvalues(top_n=1)).
 */
public final class DenseEigen {
    /** @param value the eigenvalue @param iterations steps taken @param converged met the tolerance */
    public record Result(double value, int iterations, boolean converged) {
    }

    private DenseEigen() {
    }

    public static Result top(Hvp hvp, List<Tensor> dense, double tol, int maxIter, long seed) {
        return top(hvp, dense, tol, maxIter, seed, null);
    }

    /**
     * As {@link #top(Hvp, List, double, int, long)}, started from {@code start} (one array per dense
     * tensor) when it holds a vector, from a seeded random one when it is empty; on return it holds
     * the last vector (curvature tracking's warm start between measurements).
     */
    public static Result top(Hvp hvp, List<Tensor> dense, double tol, int maxIter, long seed, List<double[]> start) {
        List<double[]> v = new ArrayList<>();
        if (start != null && !start.isEmpty()) {
            start.forEach(x -> v.add(x.clone()));
        } else {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (Tensor t : dense) {
                double[] x = new double[(int) t.numel()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextGaussian();
                }
                v.add(x);
            }
        }
        Result r = iterate(hvp, dense, tol, maxIter, v);
        if (start != null) {
            start.clear();
            start.addAll(v);
        }
        return r;
    }

    /** Power iteration from {@code v}, which holds the last unit vector on return. */
    private static Result iterate(Hvp hvp, List<Tensor> dense, double tol, int maxIter, List<double[]> v) {
        Vectors.normalize(v);
        double lambda = 0;
        for (int it = 1; it <= maxIter; it++) {
            List<double[]> hv = hvp.apply(dense, v);
            double rayleigh = Vectors.dot(v, hv);
            boolean done = it > 1 && Math.abs(rayleigh - lambda) < tol * Math.abs(lambda);
            lambda = rayleigh;
            double norm = Vectors.normalize(hv);
            if (norm > 0) {
                for (int p = 0; p < v.size(); p++) {
                    v.set(p, hv.get(p));
                }
            }
            if (norm == 0 || done) {
                return new Result(lambda, it, true);
            }
        }
        return new Result(lambda, maxIter, false);
    }
}
