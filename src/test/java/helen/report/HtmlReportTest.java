package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.analysis.AnalysisWriterAccess;
import helen.util.Json;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html's structure without a browser: every table and figure of the page model is there with
 * its cells, figures are embedded and decode to the image (scaled down when wide), nothing refers to
 * anything outside the file, and hostile text (a token "&lt;/script&gt;…") stays text.
 */
class HtmlReportTest {
    private static final String HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";

    @TempDir
    Path dir;

    private Path png(String name, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, x * height / width, 0xff0000);
        }
        Path p = dir.resolve(name);
        ImageIO.write(image, "png", p.toFile());
        return p;
    }

    private static BufferedImage decode(String dataUri) throws Exception {
        String base64 = dataUri.substring(dataUri.indexOf(',') + 1);
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    private Document page(List<ReportTable> tables, ObjectNode analysis) throws Exception {
        HtmlReport report = new HtmlReport("t", "stamp " + HOSTILE, "caveat").entry("seed", "2024").settings("Settings: x.")
                .warning("left out " + HOSTILE);
        List<HtmlReport.Table> shown = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            shown.add(HtmlReport.table(tables.get(i), "table" + i, note -> !note.startsWith("Settings")));
        }
        report.section(new HtmlReport.Section("tables", "Tables", "", false, "", shown,
                List.of(HtmlReport.figure(png("small.png", 40, 30), "Small"), HtmlReport.figure(png("wide.png", 3000, 150), "Wide"))));
        report.analysis(analysis);
        Path file = dir.resolve("report.html");
        report.write(file);
        return Jsoup.parse(file.toFile(), "UTF-8");
    }

    private static ReportTable table(String title, int rows) {
        ReportTable t = new ReportTable(title, List.of("model", "AUC", "note"));
        for (int r = 0; r < rows; r++) {
            boolean[] bold = {false, r == 1, false};
            t.add(List.of("m" + r, Double.toString(0.7 + r / 100.0), r == 0 ? HOSTILE : ""), bold);
        }
        t.note("a note");
        t.note("Settings: dropped on the page");
        return t;
    }

    private ObjectNode analysis() {
        Path a = dir.resolve("analysis");
        AnalysisWriterAccess.write(a, List.of(AnalysisWriterAccess.table(0, "f", List.of("<pad>", "<oov>", HOSTILE, "t3"),
                new long[] {0, 5, 2, 7}, new double[] {0, 1, 0.5, 0.25}, 1)));
        return SharpnessExplorer.analysis("d/m/adam", "m + adam on d", a);
    }

    @Test
    void everyTableIsThereWithItsCellsAndHostileTextStaysText() throws Exception {
        List<ReportTable> tables = List.of(table("First", 3), table("Second", 5));
        Document doc = page(tables, analysis());
        for (int i = 0; i < tables.size(); i++) {
            Element t = doc.getElementById("t-table" + i);
            assertTrue(t != null && t.hasClass("sortable"), "table " + i);
            List<String> header = t.select("thead th").eachText();
            assertEquals(tables.get(i).header(), header);
            assertEquals(tables.get(i).rowCount(), t.select("tbody tr").size());
            for (int r = 0; r < tables.get(i).rowCount(); r++) {
                assertEquals(tables.get(i).row(r), t.select("tbody tr").get(r).select("td").stream().map(Element::text).toList());
            }
            assertEquals("0.71", t.select("td.best").text(), "the bold cell is marked");
            assertEquals(List.of("a note"), t.parent().parent().select("p.note").eachText(), "the settings note is stated once, at the top");
        }
        assertEquals(2, doc.select("script").size(), "the data and the page script; the hostile token added none");
        assertEquals(2, doc.select("img").size(), "the two figures; the hostile text added none");
        assertTrue(doc.select("p.stamp").text().contains(HOSTILE));
        assertTrue(doc.select("ul.warnings li").text().contains(HOSTILE));
    }

    @Test
    void figuresAreEmbeddedAndNothingIsFetched() throws Exception {
        Document doc = page(List.of(table("T", 2)), analysis());
        BufferedImage small = decode(doc.getElementById("f-small").selectFirst("img").attr("src"));
        assertEquals(40, small.getWidth());
        assertEquals(0xff0000, small.getRGB(0, 0) & 0xffffff, "the figure's own pixels");
        BufferedImage wide = decode(doc.getElementById("f-wide").selectFirst("img").attr("src"));
        assertEquals(FigureEmbedding.MAX_WIDTH, wide.getWidth(), "wide figures are scaled to the page's width");
        assertEquals(150 * FigureEmbedding.MAX_WIDTH / 3000, wide.getHeight(), 1, "aspect kept");
        assertEquals("Wide", doc.getElementById("f-wide").selectFirst("figcaption").ownText().trim());
        for (Element e : doc.select("[src], [href]")) {
            String ref = e.hasAttr("src") ? e.attr("src") : e.attr("href");
            assertTrue(ref.startsWith("data:") || ref.startsWith("#"), () -> "refers outside the file: " + e.outerHtml());
        }
        assertTrue(doc.select("link, iframe, object, embed").isEmpty());
        assertTrue(doc.select("script[src]").isEmpty());
        String text = doc.html().replace("http://www.w3.org/2000/svg", ""); // the SVG namespace names, fetches nothing
        assertFalse(text.contains("http://") || text.contains("https://"), "no address in the page");
    }

    @Test
    void theExplorerDataRoundTripsThroughTheScriptElement() throws Exception {
        ObjectNode a = analysis();
        Document doc = page(List.of(table("T", 1)), a);
        String raw = doc.getElementById("explorer-data").data();
        assertFalse(raw.contains("</script"), "no token can end the data element early");
        JsonNode back = Json.MAPPER.readTree(raw);
        assertEquals(a.toString(), back.get("analyses").get(0).toString());
        JsonNode f = back.get("analyses").get(0).get("fields").get(0);
        assertEquals("f", f.get("name").asText());
        assertEquals(2, f.get("rows_seen").asInt(), "the OOV bucket and padding are not rows of the field");
        List<String> tokens = new ArrayList<>();
        f.get("points").forEach(p -> tokens.add(p.get(0).asText()));
        assertEquals(List.of(HOSTILE, "t3"), tokens, "in ascending N (2, 7)");
        assertEquals(0.25, f.get("points").get(1).get(2).asDouble(), 1e-12, "λ of t3");
    }
}
