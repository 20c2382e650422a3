package helen.examples;

import helen.results.AnalysisTables;
import tech.tablesaw.api.Table;

import java.nio.file.Path;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;

/**
 * Loads an analysis (per_feature.csv, one row per embedding row) as a Tablesaw table and asks it a
 * question: per field, the mean and max λ of the feature values seen at least MIN_N times in the
 * analysis set (OOV buckets left out), sharpest fields first.
 * <pre>
 * java -cp target/helen.jar:$(cat target/classpath.txt):target/test-classes helen.examples.AnalysisAsTable runs/example/analysis 100
 * </pre>
 */
public final class AnalysisAsTable {
    private AnalysisAsTable() {
    }

    public static void main(String[] args) {
        Path analysis = Path.of(args[0]);
        long minN = args.length > 1 ? Long.parseLong(args[1]) : 100;
        Table rows = AnalysisTables.perFeature(analysis);
        Table seen = AnalysisTables.seenFeatures(rows);
        Table frequent = seen.where(seen.longColumn("frequency").isGreaterThanOrEqualTo(minN));
        Table byField = frequent.summarize("lambda", mean, max, count).by("field")
                .sortDescendingOn("Mean [lambda]");
        System.out.println("lambda by field, feature values with N >= " + minN + " (" + frequent.rowCount() + " of "
                + rows.rowCount() + " rows):");
        System.out.println(byField.printAll());
    }
}
