package helen.hessian;

import helen.hessian.operator.BlockOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Power iteration and exact blocks on operators whose blocks are known in closed form. */
class PowerIterationTest {
    /** Block-diagonal operator with given symmetric 2×2 blocks. */
    static BlockOperator blocks(double[][] b) {
        return new BlockOperator() {
            @Override
            public int rows() {
                return b.length;
            }

            @Override
            public int dim() {
                return 2;
            }

            @Override
            public double[] apply(double[] v) {
                double[] out = new double[v.length];
                for (int k = 0; k < b.length; k++) {
                    out[2 * k] = b[k][0] * v[2 * k] + b[k][1] * v[2 * k + 1];
                    out[2 * k + 1] = b[k][1] * v[2 * k] + b[k][2] * v[2 * k + 1];
                }
                return out;
            }
        };
    }

    @Test
    void dominantEigenvalueKeepsItsSign() {
        // row 0: eigenvalues -3 and 1 (dominant -3); row 1: diag(2, 0.5); row 2: zero block
        double[][] b = {{-1, 2, -1}, {2, 0, 0.5}, {0, 0, 0}};
        BlockOperator h = blocks(b);
        RowColouring c = RowColouringAccess.single(3, 4, 2, 1);
        RowCurvature p = PowerIteration.run(h, c, 1e-12, 1000, 1);
        assertEquals(-3.0, p.lambda()[0], 1e-9);
        assertEquals(2.0, p.lambda()[1], 1e-9);
        assertEquals(0.0, p.lambda()[2], 0.0);
        assertTrue(p.converged()[0] && p.converged()[1]);
        RowCurvature e = new ExactBlocks().run(h, c);
        assertArrayEquals(new double[] {-3, 1}, e.eigenvalues()[0], 1e-12);
        assertEquals(-3.0, e.lambda()[0], 1e-12);
        assertEquals(-2.0, e.trace()[0], 1e-12);
        assertEquals(2, e.hvps(), "d probes for one colour");
    }

    @Test
    void residualBoundsTheDistanceToAnEigenvalue() {
        // row 0: eigenvalues 3 and 2.7 (slow: ratio 0.9), stopped after 3 iterations; row 1: diag(4, 1), run to convergence
        double c = Math.cos(0.4);
        double sn = Math.sin(0.4);
        double[][] b = {{3 * c * c + 2.7 * sn * sn, (3 - 2.7) * c * sn, 3 * sn * sn + 2.7 * c * c}, {4, 0, 1}};
        RowColouring colouring = RowColouringAccess.single(2, 1, 1);
        RowCurvature early = PowerIteration.run(blocks(b), colouring, 1e-15, 3, 5);
        double lam = early.lambda()[0];
        double distance = Math.min(Math.abs(lam - 3), Math.abs(lam - 2.7));
        assertTrue(early.residual()[0] > 1e-4, "an unconverged row has a visible residual: " + early.residual()[0]);
        assertTrue(distance <= early.residual()[0] + 1e-12, distance + " > residual " + early.residual()[0]);
        assertTrue(early.residual()[0] < 0.3, "bounded by the eigenvalue gap's scale");
        RowCurvature done = PowerIteration.run(blocks(b), colouring, 1e-14, 2000, 5);
        assertEquals(4.0, done.lambda()[1], 1e-12);
        assertTrue(done.residual()[1] < 1e-6, "a converged row's residual vanishes: " + done.residual()[1]);
        assertTrue(Math.abs(done.lambda()[0] - 3) <= done.residual()[0] + 1e-12);
    }

    @Test
    void rowsAbsentFromTheSetCostNothing() {
        double[][] b = {{1, 0, 1}, {5, 0, 1}};
        int[] calls = {0};
        BlockOperator h = blocks(b);
        BlockOperator counting = new BlockOperator() {
            public int rows() {
                return h.rows();
            }

            public int dim() {
                return 2;
            }

            public double[] apply(double[] v) {
                calls[0]++;
                assertEquals(0.0, v[0], 0.0, "unseen row 0 is never probed");
                assertEquals(0.0, v[1], 0.0);
                return h.apply(v);
            }
        };
        RowColouring c = RowColouringAccess.single(2, 0, 3);
        RowCurvature p = PowerIteration.run(counting, c, 1e-10, 50, 1);
        assertEquals(0.0, p.lambda()[0], 0.0);
        assertEquals(0, p.iterations()[0]);
        assertEquals(5.0, p.lambda()[1], 1e-8);
        assertEquals(calls[0], p.hvps());
        assertFalse(calls[0] > 50);
    }
}
