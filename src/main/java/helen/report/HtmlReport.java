package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import helen.util.AtomicFiles;
import helen.util.Json;
import helen.util.Provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * report.html: the whole report in one self-contained page (styles, script, figures and data inline;
 * nothing is fetched), rendered from a Mustache template that escapes every value. Tables sort by
 * any column; the per-field explorer shows a chosen analysis's fields and, for one field, its λ-vs-N
 * plot and sharpest rows (see {@link SharpnessExplorer}).
 */
public final class HtmlReport {
    /** A table cell: its text and whether the Markdown shows it in bold (a best value). */
    public record Cell(String text, boolean bold) {
    }

    /** A table as the page shows it; {@code file} is its CSV beside the page. */
    public record Table(String id, String title, String file, List<String> header, List<Row> rows, List<String> notes) {
    }

    /** A table row (a record, so the template iterates {@code cells}). */
    public record Row(List<Cell> cells) {
    }

    /** A figure embedded as a data URI, with the file it came from. */
    public record Figure(String id, String caption, String file, String dataUri) {
    }

    /** A part of the page: tables, then figures; {@code collapsed} parts open on a click (long, per-run material). */
    public record Section(String id, String title, String intro, boolean collapsed, String summary, List<Table> tables,
                          List<Figure> figures) {
    }

    /** A provenance line: what and its value. */
    public record Entry(String key, String value) {
    }

    private final String title;
    private final String stamp;
    private final String caveat;
    private final List<Entry> provenance = new ArrayList<>();
    private final List<String> settings = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final ObjectNode explorer = Json.object();

    public HtmlReport(String title, String stamp, String caveat) {
        this.title = title;
        this.stamp = stamp;
        this.caveat = caveat;
        explorer.putArray("analyses");
    }

    /** Every scalar of a provenance record (nested objects flattened as a.b), in its order. */
    public HtmlReport provenance(JsonNode stampJson) {
        flatten("", stampJson);
        return this;
    }

    private void flatten(String prefix, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key, e.getValue());
            } else if (!e.getValue().isNull()) {
                provenance.add(new Entry(key, e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            }
        }
    }

    public HtmlReport entry(String key, String value) {
        provenance.add(new Entry(key, value));
        return this;
    }

    public HtmlReport settings(String line) {
        if (!line.isBlank()) {
            settings.add(line);
        }
        return this;
    }

    public HtmlReport warning(String line) {
        warnings.add(line);
        return this;
    }

    public HtmlReport section(Section s) {
        sections.add(s);
        return this;
    }

    /** One analysis for the explorer ({@link SharpnessExplorer#analysis}). */
    public HtmlReport analysis(ObjectNode analysis) {
        ((ArrayNode) explorer.get("analyses")).add(analysis);
        return this;
    }

    /**
     * A report table under an id made from its file name, with the notes that {@code keepNote} keeps
     * (the page states the settings once at the top, not under every table).
     */
    public static Table table(ReportTable t, String name, java.util.function.Predicate<String> keepNote) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            List<Cell> cells = new ArrayList<>();
            for (int c = 0; c < t.header().size(); c++) {
                cells.add(new Cell(t.row(r).get(c), t.bold(r, c)));
            }
            rows.add(new Row(cells));
        }
        return new Table("t-" + id(name), t.title(), name + ".csv", t.header(), rows,
                t.notes().stream().filter(keepNote).toList());
    }

    /** A figure file embedded under an id made from its name. */
    public static Figure figure(Path png, String caption) {
        String file = png.getFileName().toString();
        return new Figure("f-" + id(file.replaceFirst("\\.png$", "")), caption, file, FigureEmbedding.dataUri(png));
    }

    /** An HTML id from a file name: letters, digits, '-' and '_' kept, anything else '-'. */
    static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public String render() {
        Mustache template = new DefaultMustacheFactory().compile(
                new java.io.StringReader(resource("report.mustache")), "report.mustache");
        Map<String, Object> scope = new java.util.HashMap<>();
        scope.put("title", title);
        scope.put("generator", "helen " + Provenance.helenVersion());
        scope.put("stamp", stamp);
        scope.put("caveat", caveat);
        scope.put("provenance", provenance);
        scope.put("settings", settings);
        scope.put("warnings", warnings);
        scope.put("hasWarnings", !warnings.isEmpty());
        scope.put("sections", sections);
        scope.put("pointsPerField", SharpnessExplorer.POINTS_PER_FIELD);
        scope.put("style", resource("report.css"));
        scope.put("script", resource("report.js"));
        scope.put("explorerJson", scriptSafe(Json.write(explorer)));
        StringWriter out = new StringWriter();
        template.execute(out, scope);
        return out.toString();
    }

    public void write(Path file) {
        AtomicFiles.writeString(file, render());
    }

    /**
     * JSON that can sit inside a script element: '<', '>' and '&' occur in JSON only inside strings,
     * where their \\u escapes mean the same, so a token such as "</script>" cannot end the element.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("helen/report/" + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
