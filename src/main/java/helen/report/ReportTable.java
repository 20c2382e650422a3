package helen.report;

import helen.util.AtomicFiles;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small result table written twice: CSV for other tools (plain values) and Markdown for people
 * (best cells in bold). Cells are strings so that each table controls its own number format.
 */
public final class ReportTable {
    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<boolean[]> bold = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public ReportTable(String title, List<String> header) {
        this.title = title;
        this.header = List.copyOf(header);
    }

    public void add(List<String> cells) {
        add(cells, new boolean[cells.size()]);
    }

    public void add(List<String> cells, boolean[] boldCells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        bold.add(boldCells);
    }

    /** A line printed under the Markdown table. */
    public void note(String text) {
        notes.add(text);
    }

    public int rowCount() {
        return rows.size();
    }

    public List<String> row(int i) {
        return rows.get(i);
    }

    public String title() {
        return title;
    }

    public List<String> header() {
        return header;
    }

    /** Whether cell (row, column) is shown in bold (a best value). */
    public boolean bold(int row, int column) {
        return bold.get(row)[column];
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public String markdown() {
        StringBuilder b = new StringBuilder("### ").append(title).append("\n\n| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> b.append("---|"));
        b.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            b.append("| ");
            for (int c = 0; c < header.size(); c++) {
                String v = rows.get(r).get(c);
                b.append(bold.get(r)[c] && !v.isEmpty() ? "**" + v + "**" : v).append(" | ");
            }
            b.setLength(b.length() - 1);
            b.append('\n');
        }
        b.append('\n');
        notes.forEach(n -> b.append(n).append("\n\n"));
        return b.toString();
    }

    /** The cells as a Tablesaw table of text columns (the CSV other tools read; numbers keep the table's own format). */
    public Table table() {
        Table t = Table.create(title);
        for (int c = 0; c < header.size(); c++) {
            StringColumn col = StringColumn.create(header.get(c));
            for (List<String> r : rows) {
                col.append(r.get(c));
            }
            t.addColumns(col);
        }
        return t;
    }

    /** RFC-4180 CSV with a header, written by Tablesaw's CSV writer. */
    public String csv() {
        java.io.StringWriter w = new java.io.StringWriter();
        table().write().usingOptions(CsvWriteOptions.builder(w).header(true).lineEnd("\n")
                .ignoreLeadingWhitespaces(false).ignoreTrailingWhitespaces(false).build());
        return w.toString();
    }

    /** Writes NAME.csv and NAME.md into {@code dir}. */
    public void write(Path dir, String name, String provenanceLine) {
        AtomicFiles.writeString(dir.resolve(name + ".csv"), csv());
        AtomicFiles.writeString(dir.resolve(name + ".md"), markdown() + "_" + provenanceLine + "_\n");
    }
}
