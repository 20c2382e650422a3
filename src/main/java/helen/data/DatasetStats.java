package helen.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.Json;

import java.util.Arrays;
import java.util.List;

/**
 * The paper's Table 5 columns (#instances, #fields, #features, %positives) and, per field, the
 * vocabulary size and how skewed its training frequencies are.
 *
 * <p>#features counts every table's kept tokens plus its OOV row (padding excluded), i.e. the
 * embedding rows a model can actually train. Skew per field: the share of occurrences taken by
 * the top 1% of its rows, the Gini coefficient of N over its rows, and max/median N.
 */
public final class DatasetStats {
    private DatasetStats() {
    }

    public static ObjectNode of(EncodedDataset d) {
        long instances = 0;
        long positives = 0;
        ObjectNode splits = Json.object();
        for (String s : Encoder.SPLITS) {
            instances += d.rows(s);
            positives += d.positives(s);
            splits.put(s, d.rows(s));
        }
        long features = 0;
        for (int t = 0; t < d.tables().size(); t++) {
            features += d.tableRows(t) - 1;
        }
        ObjectNode o = Json.object();
        o.put("dataset", d.name());
        o.put("instances", instances);
        o.put("fields", d.fields().size());
        o.put("features", features);
        o.put("positives", positives);
        o.put("positive_rate", instances == 0 ? 0 : (double) positives / instances);
        o.set("split_rows", splits);
        o.put("bad_rows_skipped", d.meta().path("bad_rows_skipped").asLong());
        ArrayNode perField = o.putArray("per_field");
        List<EncodedField> fields = d.fields();
        for (int j = 0; j < fields.size(); j++) {
            EncodedField f = fields.get(j);
            long[] n = d.fieldFrequencies(j);
            // Skew over the token rows (2..); padding and OOV are not tokens.
            long[] tokenN = Arrays.copyOfRange(n, 2, n.length);
            ObjectNode p = perField.addObject();
            p.put("field", f.name());
            p.put("table", f.table());
            p.put("type", f.type().name().toLowerCase());
            p.put("vocabulary", d.tableRows(f.tableIndex()) - 2);
            p.put("oov_occurrences", n[Vocabulary.OOV]);
            p.put("max_frequency", Arrays.stream(tokenN).max().orElse(0));
            p.put("median_frequency", median(tokenN));
            p.put("top1pct_share", topShare(tokenN, 0.01));
            p.put("gini", gini(tokenN));
        }
        return o;
    }

    static double median(long[] v) {
        if (v.length == 0) {
            return 0;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    }

    /** Share of all occurrences held by the most frequent ceil(fraction·n) rows. */
    static double topShare(long[] v, double fraction) {
        if (v.length == 0) {
            return 0;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        int k = (int) Math.ceil(fraction * s.length);
        long top = 0;
        long all = 0;
        for (int i = 0; i < s.length; i++) {
            all += s[i];
            if (i >= s.length - k) {
                top += s[i];
            }
        }
        return all == 0 ? 0 : (double) top / all;
    }

    /** Gini coefficient G = Σ_i (2i − n − 1)·x_(i) / (n·Σx), x sorted ascending, i from 1. */
    static double gini(long[] v) {
        if (v.length == 0) {
            return 0;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        double num = 0;
        double sum = 0;
        int n = s.length;
        for (int i = 0; i < n; i++) {
            num += (2.0 * (i + 1) - n - 1) * s[i];
            sum += s[i];
        }
        return sum == 0 ? 0 : num / (n * sum);
    }
}
