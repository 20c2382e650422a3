package helen.cli;

import helen.report.Inspection;
import helen.util.HelenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code helen inspect ANALYSIS_DIR}: the sharpest fields, a field's sharpest feature values, or two analyses side by side. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Which fields, and which feature values of a field, are the sharpest?",
                "Without --field: every field ranked by its sharpest row (max lambda), with rows seen, mean lambda,",
                "r(lambda,N), r(|g|,N) and the OOV bucket's N. With --field: its top rows (token, N, lambda, lambda/N,",
                "|g|, iterations, converged). --compare OTHER: lambda here and in OTHER and their ratio (here / OTHER),",
                "row by row.",
                "N is counted on the analysis set; OOV buckets are left out of the rows."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ANALYSIS_DIR", description = "A directory written by helen analyze.")
    Path analysis;

    @Option(names = "--field", paramLabel = "F", description = "One field's rows.")
    String field;

    @Option(names = "--top", defaultValue = "20", description = "Rows shown (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--sort", defaultValue = "lambda", description = "lambda, lambda_over_n, grad_norm or frequency (default ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = "--min-frequency", defaultValue = "1", paramLabel = "K", description = "Only rows with N >= K (default ${DEFAULT-VALUE}).")
    long minFrequency;

    @Option(names = "--compare", paramLabel = "OTHER_DIR", description = "Another analysis of the same data (e.g. Helen's vs Adam's).")
    Path compare;

    @Option(names = "--csv", description = "CSV instead of an aligned table.")
    boolean csv;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new HelenException("--top must be at least 1, got " + top);
        }
        Table t = compare != null ? Inspection.compare(analysis, compare, field, sort, minFrequency, top)
                : field != null ? Inspection.rows(analysis, field, sort, minFrequency, top)
                : Inspection.fields(analysis).first(top);
        if (csv) {
            StringWriter w = new StringWriter();
            t.write().csv(w);
            System.out.print(w);
        } else {
            System.out.println(Inspection.forTerminal(t).printAll());
        }
        return 0;
    }
}
