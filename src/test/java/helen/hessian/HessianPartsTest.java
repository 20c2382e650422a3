package helen.hessian;

import helen.data.EncodedField;
import helen.data.FeatureType;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.BlockOperator;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The colouring, power iteration's stopping rule and the per-row records, each against what it must satisfy. */
class HessianPartsTest {
    /** Field a (one-hot) and a multi-hot history of width 6 read table 0; field b (one-hot) reads table 1. */
    static final List<EncodedField> FIELDS = List.of(
            new EncodedField("a", "a", 0, FeatureType.CATEGORICAL, 1, 0),
            new EncodedField("b", "b", 1, FeatureType.CATEGORICAL, 1, 1),
            new EncodedField("hist", "a", 0, FeatureType.SEQUENCE, 6, 2));
    static final int WIDTH = 8;

    static int[] row(int a, int b, int... hist) {
        int[] r = new int[WIDTH];
        r[0] = a;
        r[1] = b;
        System.arraycopy(hist, 0, r, 2, hist.length);
        return r;
    }

    static AnalysisSet set(int[]... rows) {
        int[] ids = new int[rows.length * WIDTH];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, ids, i * WIDTH, WIDTH);
        }
        return AnalysisSet.of(ids, new float[rows.length], WIDTH, ScalarType.Double);
    }

    @Test
    void coOccurringRowsNeverShareAColour() {
        // row 2 meets 3..9 (degree 7: the neighbour list grows past its first 4 slots); 3, 4, 5 meet each other
        AnalysisSet s = set(row(2, 1, 3, 4, 5, 6, 7, 8), row(2, 2, 9, 0, 0, 0, 0, 0), row(3, 1, 4, 5, 5, 0, 0, 0),
                row(10, 1), row(11, 3, 11, 11, 0, 0, 0, 0));
        RowColouring c = RowColouring.of(s, FIELDS, 0, 13);
        long[] expectedN = {0, 0, 2, 2, 2, 3, 1, 1, 1, 1, 1, 3, 0};
        for (int k = 0; k < 13; k++) {
            assertEquals(expectedN[k], c.analysisFrequency[k], "N of row " + k + " (padding in the history not counted)");
            assertEquals(expectedN[k] == 0, c.colourOf[k] < 0, "unseen rows get no colour, row " + k);
        }
        for (int[] r : List.of(row(2, 1, 3, 4, 5, 6, 7, 8), row(2, 2, 9), row(3, 1, 4, 5, 5))) {
            List<Integer> rows = new ArrayList<>();
            rows.add(r[0]);
            for (int k = 2; k < WIDTH; k++) {
                if (r[k] != 0) {
                    rows.add(r[k]);
                }
            }
            for (int x : rows) {
                for (int y : rows) {
                    if (x != y) {
                        assertNotEquals(c.colourOf[x], c.colourOf[y], "rows " + x + " and " + y + " share a sample");
                    }
                }
            }
        }
        assertEquals(7, c.colours, "sample 1 holds seven distinct rows: seven colours, and greedy needs no more");
        assertTrue(c.colourOf[11] >= 0, "a row repeated within one sample does not conflict with itself");
        RowColouring oneHot = RowColouring.of(s, FIELDS, 1, 4);
        assertEquals(1, oneHot.colours, "one one-hot field: rows never co-occur");
        assertEquals(List.of(-1, 0, 0, 0), java.util.Arrays.stream(oneHot.colourOf).boxed().toList());
        assertEquals(List.of(0L, 3L, 1L, 1L), java.util.Arrays.stream(oneHot.analysisFrequency).boxed().toList());
    }

    /** Blocks diag(2, r·2): power iteration's error shrinks like r^k, so the stopping rule decides the count. */
    static BlockOperator diagonal(double... ratios) {
        return new BlockOperator() {
            public int rows() {
                return ratios.length;
            }

            public int dim() {
                return 2;
            }

            public double[] apply(double[] v) {
                double[] out = new double[v.length];
                for (int k = 0; k < ratios.length; k++) {
                    out[2 * k] = 2 * v[2 * k];
                    out[2 * k + 1] = 2 * ratios[k] * v[2 * k + 1];
                }
                return out;
            }
        };
    }

    @Test
    void powerIterationStopsRowByRowAtTheTolerance() {
        BlockOperator h = diagonal(0.0, 0.9, 0.99);
        RowColouring c = RowColouringAccess.single(3, 1, 1, 1);
        RowCurvature tight = PowerIteration.run(h, c, 1e-10, 100000, 3);
        assertTrue(tight.converged()[0] && tight.converged()[1] && tight.converged()[2]);
        assertEquals(2.0, tight.lambda()[0], 1e-12);
        assertTrue(tight.iterations()[0] <= 3, "a rank-one block converges at once: " + tight.iterations()[0]);
        assertTrue(tight.iterations()[0] < tight.iterations()[1] && tight.iterations()[1] < tight.iterations()[2],
                java.util.Arrays.toString(tight.iterations()));
        assertEquals(tight.iterations()[2], tight.hvps(), "one probe per iteration while any row of the colour is active");
        assertEquals(2.0, tight.lambda()[2], 1e-8);
        RowCurvature loose = PowerIteration.run(h, c, 1e-3, 100000, 3);
        assertTrue(loose.iterations()[2] < tight.iterations()[2]);
        assertEquals(2.0, loose.lambda()[2], 0.02, "stopped once the change is below 1e-3 relative");
        RowCurvature capped = PowerIteration.run(h, c, 1e-10, 4, 3);
        assertFalse(capped.converged()[2]);
        assertEquals(4, capped.iterations()[2]);
        assertEquals(4, capped.hvps());
    }

    @Test
    void rowRecordsAndTheSharpestRows() {
        RowResult r = new RowResult("C1", 3, "abc", 4, 2, 0.5, 0.25, 7, false);
        assertEquals(0.125, r.lambdaOverN(), 0.0);
        assertTrue(Double.isNaN(new RowResult("C1", 4, "x", 0, 0, 0.5, 0, 1, true).lambdaOverN()));
        assertEquals("C1 row 3 'abc': N 4, lambda 0.5000, lambda/N 0.125, |g| 0.250 (not converged)", r.toString());
        assertEquals("C1 row 4 'x': N 0, lambda 0.5000, lambda/N NaN, |g| 0.00", new RowResult("C1", 4, "x", 0, 0, 0.5, 0, 1,
                true).toString());
        RowCurvature curv = new RowCurvature(new double[] {0, 3, 9, 5, 1}, new int[] {0, 2, 2, 2, 2},
                new boolean[] {true, true, true, true, true}, null, null, 6);
        TableCurvature t = new TableCurvature("t", List.of("<pad>", "<oov>", "a", "b", "c"), new long[] {0, 1, 2, 3, 4},
                new long[] {0, 1, 0, 3, 4}, new double[5], curv, RowColouringAccess.single(5, 0, 1, 0, 3, 4), 0.1, 0);
        assertEquals(6, t.hvps());
        assertEquals(4, t.rows().size(), "padding left out");
        assertEquals(List.of(3, 1), t.sharpest(2).stream().map(RowResult::row).toList(),
                "row 2 (λ 9) is unseen in the analysis set: not among the sharpest");
        assertEquals(List.of(3, 1, 4), t.sharpest(10).stream().map(RowResult::row).toList());
    }
}
