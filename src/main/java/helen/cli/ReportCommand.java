package helen.cli;

import helen.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code helen report RUNS_DIR}: the paper's tables and figures from finished runs and their analyses. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The paper's tables and figures from finished runs.",
                "Renders tables (CSV + Markdown) and figures (PNG) from the runs under RUNS_DIR",
                "(directories with metrics.json, optionally analysis/ written by helen analyze),",
                "and OUT/reports/report.html: all of it in one self-contained page."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUNS_DIR")
    Path runs;

    @Option(names = "--out", defaultValue = ".", description = "Writes OUT/reports and OUT/figures (default: the current directory).")
    Path out;

    @Option(names = "--field", defaultValue = "C13", description = "Field of Figure 3 (default ${DEFAULT-VALUE}, as the paper).")
    String field;

    @Override
    public Integer call() {
        new ReportBuilder(runs, out, field, System.err).build();
        System.out.println("reports: " + out.resolve("reports/README.md") + "\nfigures: " + out.resolve("figures")
                + "\nin a browser: " + out.resolve("reports/report.html"));
        return 0;
    }
}
