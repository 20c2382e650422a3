package helen.hessian;

import helen.data.EncodedField;
import helen.data.Vocabulary;
import helen.hessian.operator.AnalysisSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups the rows of one table so that two rows of a group never occur in the same sample of the
 * analysis set. The Hessian then has no block between them, and one probe per group yields every
 * row's diagonal block product at once. A table read by one one-hot field needs one group (its
 * rows never co-occur); multi-hot fields and tables shared by several fields need more, found by
 * greedy colouring of the co-occurrence graph (most-connected rows first). Rows absent from the
 * analysis set get colour −1: their block is exactly zero.
 */
public final class RowColouring {
    public final int[] colourOf;
    public final int colours;
    /** Occurrences of each row in the analysis set (over every field using the table). */
    public final long[] analysisFrequency;

    public RowColouring(int[] colourOf, int colours, long[] analysisFrequency) {
        this.colourOf = colourOf;
        this.colours = colours;
        this.analysisFrequency = analysisFrequency;
    }

    public static RowColouring of(AnalysisSet set, List<EncodedField> fields, int table, int rows) {
        List<EncodedField> users = fields.stream().filter(f -> f.tableIndex() == table).toList();
        long[] n = new long[rows];
        boolean conflicts = users.size() > 1 || users.stream().anyMatch(EncodedField::multiHot);
        int[][] neighbours = new int[rows][];
        int[] degree = new int[rows];
        int[] sampleRows = new int[set.width()];
        for (int batch = 0; batch < set.batches(); batch++) {
            int[] ids = set.rawIds(batch);
            int samples = ids.length / set.width();
            for (int i = 0; i < samples; i++) {
                int m = 0;
                for (EncodedField f : users) {
                    for (int k = 0; k < f.width(); k++) {
                        int id = ids[i * set.width() + f.offset() + k];
                        if (f.multiHot() && id == Vocabulary.PAD) {
                            continue;
                        }
                        n[id]++;
                        sampleRows[m++] = id;
                    }
                }
                if (conflicts && m > 1) {
                    for (int a = 0; a < m; a++) {
                        for (int b = 0; b < m; b++) {
                            if (sampleRows[a] != sampleRows[b]) {
                                add(neighbours, degree, sampleRows[a], sampleRows[b]);
                            }
                        }
                    }
                }
            }
        }
        int[] colour = new int[rows];
        Arrays.fill(colour, -1);
        if (!conflicts) {
            for (int k = 0; k < rows; k++) {
                colour[k] = n[k] > 0 ? 0 : -1;
            }
            return new RowColouring(colour, 1, n);
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < rows; k++) {
            if (n[k] > 0) {
                order.add(k);
                if (neighbours[k] != null) {
                    int[] u = Arrays.stream(Arrays.copyOf(neighbours[k], degree[k])).distinct().toArray();
                    neighbours[k] = u;
                    degree[k] = u.length;
                }
            }
        }
        order.sort((a, b) -> Integer.compare(degree[b], degree[a]));
        int colours = 0;
        boolean[] used = new boolean[rows + 1];
        for (int k : order) {
            int[] nb = neighbours[k] == null ? new int[0] : neighbours[k];
            for (int j = 0; j < degree[k]; j++) {
                if (colour[nb[j]] >= 0) {
                    used[colour[nb[j]]] = true;
                }
            }
            int c = 0;
            while (used[c]) {
                c++;
            }
            colour[k] = c;
            colours = Math.max(colours, c + 1);
            for (int j = 0; j < degree[k]; j++) {
                if (colour[nb[j]] >= 0) {
                    used[colour[nb[j]]] = false;
                }
            }
        }
        return new RowColouring(colour, Math.max(colours, 1), n);
    }

    /** One group holding the rows whose colour is not −1 in {@code colourOf} (e.g. a single row, for naive probing). */
    public static RowColouring single(int[] colourOf, long[] analysisFrequency) {
        return new RowColouring(colourOf.clone(), 1, analysisFrequency);
    }

    private static void add(int[][] nb, int[] degree, int a, int b) {
        if (nb[a] == null) {
            nb[a] = new int[4];
        } else if (degree[a] == nb[a].length) {
            nb[a] = Arrays.copyOf(nb[a], nb[a].length * 2);
        }
        nb[a][degree[a]++] = b;
    }
}
