package helen.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.AnalysisWriter;
import helen.hessian.RowColouring;
import helen.hessian.RowCurvature;
import helen.hessian.TableResult;
import helen.report.PerFeature;
import helen.report.ReportTable;
import helen.report.Tables;
import helen.results.AnalysisTables;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens and field names with commas, quotes, newlines and non-ASCII text survive analysis → CSV → report. */
class AnalysisTablesTest {
    @TempDir
    Path dir;

    /** Leading and trailing blanks are the one thing not kept: Tablesaw's CSV reader trims unquoted values (AnalysisTables). */
    static final List<String> TOKENS = List.of("<pad>", "<oov>", "a,b", "say \"hi\"", "line1\nline2", "naïve 日本", "1e5", "x y");

    static List<TableResult> results() {
        int rows = TOKENS.size();
        long[] n = new long[rows];
        long[] seen = new long[rows];
        double[] lambda = new double[rows];
        double[] grad = new double[rows];
        int[] iters = new int[rows];
        boolean[] ok = new boolean[rows];
        int[] colour = new int[rows];
        for (int k = 0; k < rows; k++) {
            n[k] = 10L * (rows - k);
            seen[k] = k == rows - 1 ? 0 : 3 + k;
            lambda[k] = seen[k] == 0 ? 0 : 0.125 * (rows - k) + 1e-7 * k;
            grad[k] = 0.5 / (k + 1);
            iters[k] = seen[k] == 0 ? 0 : 4 + k;
            ok[k] = true;
            colour[k] = seen[k] == 0 ? -1 : 0;
        }
        RowCurvature power = new RowCurvature(lambda, iters, ok, null, null, 17);
        RowColouring c = RowColouring.single(colour, seen);
        return List.of(new TableResult(0, "f,1 \"ü\"", TOKENS, n, seen, grad, c, power, null, 0.5));
    }

    @Test
    void oddTokensRoundTripThroughTheAnalysisFiles() throws Exception {
        ObjectNode meta = Json.object();
        AnalysisWriter.write(dir, results(), meta);
        Table t = AnalysisTables.perFeature(dir);
        assertEquals(TOKENS.subList(1, TOKENS.size()), t.stringColumn("token").asList());
        assertEquals(ColumnType.STRING, t.column("token").type(), "'1e5' stays text");
        assertEquals(List.of("f,1 \"ü\""), t.stringColumn("field").unique().asList());
        assertEquals(0.125 * 7 + 1e-7, t.doubleColumn("lambda").get(0), 1e-15);

        // the report side reads the same names and numbers
        Map<String, Map<String, String>> pf = Tables.perField(dir.resolve(AnalysisTables.PER_FIELD));
        // rows 2..6 seen; the OOV row (row 1) is seen too but is a bucket, not a feature: left out
        assertEquals(5, Integer.parseInt(pf.get("f,1 \"ü\"").get("rows_seen")));
        assertEquals(5, PerFeature.read(dir.resolve(AnalysisTables.PER_FEATURE)).field("f,1 \"ü\"").size());
        assertEquals(4, Integer.parseInt(pf.get("f,1 \"ü\"").get("oov_frequency")), "the OOV row's N in the analysis set");

        // re-saved by another tool with every field quoted: still read, same values
        Path quoted = dir.resolve("requoted.csv");
        t.write().usingOptions(CsvWriteOptions.builder(quoted.toFile()).quoteAllFields(true).build());
        Table again = AnalysisTables.perFeature(quoted);
        assertEquals(t.stringColumn("token").asList(), again.stringColumn("token").asList());
        assertEquals(t.doubleColumn("lambda").asList(), again.doubleColumn("lambda").asList());
        assertEquals(t.longColumn("frequency").asList(), again.longColumn("frequency").asList());
    }

    @Test
    void reportTablesQuoteWhatNeedsIt() {
        ReportTable r = new ReportTable("t", List.of("field", "value"));
        r.add(List.of("a,b", "1"));
        r.add(List.of("line1\nline2", "say \"hi\""));
        Table back = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(r.csv()))
                .columnTypesToDetect(List.of(ColumnType.STRING)).build());
        assertEquals(List.of("a,b", "line1\nline2"), back.stringColumn("field").asList());
        assertEquals(List.of("1", "say \"hi\""), back.stringColumn("value").asList());
    }
}
