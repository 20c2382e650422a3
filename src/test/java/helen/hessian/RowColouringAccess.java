package helen.hessian;

/** Builds a one-colour {@link RowColouring} directly, for operator-level tests. */
final class RowColouringAccess {
    private RowColouringAccess() {
    }

    /** Rows with frequency 0 get colour −1, the others colour 0. */
    static RowColouring single(int rows, long... freq) {
        int[] colour = new int[rows];
        for (int k = 0; k < rows; k++) {
            colour[k] = freq[k] > 0 ? 0 : -1;
        }
        return new RowColouring(colour, 1, freq);
    }
}
