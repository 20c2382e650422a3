package helen.hessian;

import helen.hessian.operator.BlockOperator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.Arrays;

/**
 * Every row's full d×d block: for each colour, d operator applications with the unit vector e_i
 * placed in every row of the colour give column i of all their blocks at once. Blocks are
 * symmetrised ((B + Bᵀ)/2; the asymmetry, round-off only, is reported) and decomposed
 * (commons-math3 EigenDecomposition), giving all eigenvalues and the trace.
 */
public final class ExactBlocks {
    /** Largest |B − Bᵀ| / max |B| over all blocks, a check of the HVP's symmetry. */
    private double maxAsymmetry;

    public double maxAsymmetry() {
        return maxAsymmetry;
    }

    /**
     * Every row's block as measured, before symmetrising: {@code blocks[k]} is row k's d×d block
     * (row-major), null for a row no probe reached. Blocks of the same rows over disjoint data
     * shards add up to the whole set's (the loss is a sum over samples), which is what sharded
     * analysis relies on.
     */
    public record Blocks(double[][] blocks, int dim, long hvps) {
    }

    public RowCurvature run(BlockOperator h, RowColouring colouring) {
        return decompose(measure(h, colouring));
    }

    /** d HVPs per colour: column i of every block of the colour's rows from one probe. */
    public static Blocks measure(BlockOperator h, RowColouring colouring) {
        int rows = h.rows();
        int d = h.dim();
        double[][] blocks = new double[rows][];
        long hvps = 0;
        for (int c = 0; c < colouring.colours; c++) {
            boolean active = false;
            for (int k = 0; k < rows && !active; k++) {
                active = colouring.colourOf[k] == c;
            }
            if (!active) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double[] probe = new double[rows * d];
                for (int k = 0; k < rows; k++) {
                    if (colouring.colourOf[k] == c) {
                        probe[k * d + i] = 1;
                    }
                }
                double[] hv = h.apply(probe);
                hvps++;
                for (int k = 0; k < rows; k++) {
                    if (colouring.colourOf[k] != c) {
                        continue;
                    }
                    if (blocks[k] == null) {
                        blocks[k] = new double[d * d];
                    }
                    for (int r = 0; r < d; r++) {
                        blocks[k][r * d + i] = hv[k * d + r]; // column i
                    }
                }
            }
        }
        return new Blocks(blocks, d, hvps);
    }

    /** Symmetrises and decomposes every measured block: all eigenvalues, the dominant one and the trace. */
    public RowCurvature decompose(Blocks measured) {
        double[][] blocks = measured.blocks();
        int rows = blocks.length;
        int d = measured.dim();
        double[] lambda = new double[rows];
        int[] iters = new int[rows];
        boolean[] converged = new boolean[rows];
        double[][] eig = new double[rows][];
        double[] trace = new double[rows];
        Arrays.fill(converged, true);
        for (int k = 0; k < rows; k++) {
            if (blocks[k] == null) {
                eig[k] = new double[d];
                continue;
            }
            iters[k] = d;
            double[][] m = new double[d][d];
            double maxAbs = 0;
            double asym = 0;
            for (int r = 0; r < d; r++) {
                for (int s = 0; s < d; s++) {
                    double a = blocks[k][r * d + s];
                    double b = blocks[k][s * d + r];
                    m[r][s] = 0.5 * (a + b);
                    maxAbs = Math.max(maxAbs, Math.abs(a));
                    asym = Math.max(asym, Math.abs(a - b));
                }
                trace[k] += blocks[k][r * d + r];
            }
            if (maxAbs > 0) {
                maxAsymmetry = Math.max(maxAsymmetry, asym / maxAbs);
            }
            double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(m, false)).getRealEigenvalues();
            Arrays.sort(ev);
            eig[k] = ev;
            lambda[k] = dominant(ev);
        }
        return new RowCurvature(lambda, iters, converged, eig, trace, measured.hvps());
    }

    /** The eigenvalue of largest magnitude, with its sign, of ascending eigenvalues. */
    static double dominant(double[] ascending) {
        double lo = ascending[0];
        double hi = ascending[ascending.length - 1];
        return Math.abs(lo) > Math.abs(hi) ? lo : hi;
    }
}
