package helen.hessian.linalg;

import java.util.List;

/**
 * The vector arithmetic of the iterative eigen-solvers (power iteration of the dense part, Lanczos,
 * Hutchinson's probes), once: plain loops in index order, so that every caller sums in the same order
 * and its numbers do not depend on which helper it used. A vector may be split into parts (one per
 * tensor); the list forms treat the parts as one vector.
 */
public final class Vectors {
    private Vectors() {
    }

    /** a·b over indices [from, to). */
    public static double dot(double[] a, double[] b, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double dot(double[] a, double[] b) {
        return dot(a, b, 0, a.length);
    }

    /** a·b of two vectors in parts, summed in one pass over the parts in order. */
    public static double dot(List<double[]> a, List<double[]> b) {
        double s = 0;
        for (int p = 0; p < a.size(); p++) {
            for (int i = 0; i < a.get(p).length; i++) {
                s += a.get(p)[i] * b.get(p)[i];
            }
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** a ← c·a. */
    public static void scale(double[] a, double c) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
    }

    /** y ← y + c·x. */
    public static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += c * x[i];
        }
    }

    /** Divides a vector in parts by its norm (where it is not zero); returns the norm before. */
    public static double normalize(List<double[]> v) {
        double sq = 0;
        for (double[] a : v) {
            for (double x : a) {
                sq += x * x;
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > 0) {
            for (double[] a : v) {
                for (int i = 0; i < a.length; i++) {
                    a[i] /= norm;
                }
            }
        }
        return norm;
    }
}
