package helen.cli;

import helen.results.AnalysisTables;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * report.html in a real browser (headless Chromium), on a report of real runs: DeepFM trained with
 * Adam and with SAM on the bundled sample for one epoch, each analysed on three fields. The DOM after
 * the page's scripts ran must hold every table and figure of the file; a sort set through the URL
 * must order the column; the field selector must show the chosen field's sharpest rows, checked
 * against the analysis's per_feature.csv. Screenshots go to target/report-browser/ for a person to
 * look at. Skipped where no Chromium is installed, except on CI (.ci/run installs it).
 */
class ReportBrowserTest {
    @TempDir
    static Path dir;
    static Path runs;
    static String url;
    static Document file;
    static HeadlessChromium chromium;

    @BeforeAll
    static void report() throws Exception {
        chromium = HeadlessChromium.find(dir.resolve("profile")).orElse(null);
        if (chromium == null && "true".equals(System.getenv("CI"))) {
            fail("no chromium on the PATH: .ci/run installs Debian's chromium for this test");
        }
        assumeTrue(chromium != null, "no chromium on the PATH (apt-get install chromium)");
        runs = dir.resolve("runs");
        for (String opt : List.of("adam", "sam")) {
            Path run = runs.resolve("deepfm_" + opt);
            CliContractTest.run("train", "--config", "training/samples/deepfm.yaml", "--out", run.toString(), "--epochs", "1",
                    "--optimizer", opt, "--no-progress", "--cache-dir", dir.resolve("cache").toString());
            CliContractTest.run("analyze", run.toString(), "--out", run.resolve("analysis").toString(), "--samples", "1000",
                    "--fields", "C1,C13,C14");
        }
        CliContractTest.run("report", runs.toString(), "--out", dir.toString());
        Path html = dir.resolve("reports/report.html");
        file = Jsoup.parse(html.toFile(), "UTF-8");
        url = html.toUri().toString();
    }

    private static Document dom(String hash) throws Exception {
        return Jsoup.parse(chromium.dumpDom(url + hash));
    }

    @Test
    void everyTableAndFigureOfTheFileIsInTheBrowsersDom() throws Exception {
        Document dom = dom("");
        List<Element> tables = file.select("table.report-table");
        assertTrue(tables.size() >= 8, "the paper's tables, the comparison, the per-field tables: " + tables.size());
        for (Element t : tables) {
            Element shown = dom.getElementById(t.id());
            assertNotNull(shown, t.id());
            assertEquals(t.select("tbody tr").size(), shown.select("tbody tr").size(), t.id());
        }
        List<Element> figures = file.select("figure");
        assertTrue(figures.size() >= 5, "figures " + figures.size());
        for (Element f : figures) {
            Element img = dom.getElementById(f.id()).selectFirst("img");
            assertTrue(img.attr("src").startsWith("data:image/"), f.id());
        }
        assertEquals(2, dom.select("#analysis-select option").size(), "one choice per analysis");
        assertEquals(3, dom.select("#explorer-fields tbody tr").size(), "the three analysed fields");
        assertFalse(dom.getElementById("t-compare_synthetic_criteo_deepfm").select("tbody tr").isEmpty(),
                "Adam and SAM side by side");
    }

    @Test
    void aColumnSortsThroughTheUrlAsAClickWould() throws Exception {
        for (String direction : List.of("asc", "desc")) {
            Document dom = dom("#sort=t-table_curvature:6:" + direction);
            Element th = dom.select("#t-table_curvature thead th").get(6);
            assertEquals("embedding max λ", th.text());
            assertEquals(direction.equals("asc") ? "ascending" : "descending", th.attr("aria-sort"));
            List<Double> values = dom.select("#t-table_curvature tbody tr").stream()
                    .map(r -> Double.parseDouble(r.select("td").get(6).text())).toList();
            assertEquals(2, values.size());
            assertTrue(values.get(0) != values.get(1).doubleValue(), "two different values, so one direction reorders the file's rows");
            assertTrue(direction.equals("asc") ? values.get(0) < values.get(1) : values.get(0) > values.get(1), direction + " " + values);
        }

        Document byName = dom("#sort=explorer-fields:0:desc");
        assertEquals(List.of("C14", "C13", "C1"), byName.select("#explorer-fields tbody tr").stream()
                .map(r -> r.selectFirst("td").text()).toList(), "a text column sorts as text");
    }

    @Test
    void theFieldSelectorShowsThatFieldsSharpestRows() throws Exception {
        Table seen = AnalysisTables.seenFeatures(AnalysisTables.perFeature(runs.resolve("deepfm_sam/analysis")));
        Table c13 = seen.where(seen.stringColumn("field").isEqualTo("C13"));
        String sharpest = c13.sortDescendingOn("lambda").stringColumn("token").get(0);
        String commonest = c13.sortDescendingOn("frequency").stringColumn("token").get(0);

        Document dom = dom("#analysis=synthetic_criteo/deepfm/sam&field=C13");
        assertTrue(dom.getElementById("explorer-title").text().contains("sam") && dom.getElementById("explorer-title").text()
                .contains("field C13"), dom.getElementById("explorer-title").text());
        assertEquals("C13", dom.selectFirst("#explorer-fields tr.selected").attr("data-field"));
        assertEquals(sharpest, dom.selectFirst("#explorer-rows tbody tr td").text(), "the sharpest C13 row of SAM's analysis");
        assertEquals(Math.min(20, c13.rowCount()), dom.select("#explorer-rows tbody tr").size());
        int plotted = Integer.parseInt(dom.selectFirst("#explorer-plot svg").attr("data-points"));
        assertEquals(Math.min(300, c13.rowCount()), plotted, "every shown row has N > 0 and λ > 0");
        assertEquals(plotted, dom.select("#explorer-plot circle").size());

        Document byN = dom("#analysis=synthetic_criteo/deepfm/sam&field=C13&rank=frequency");
        assertEquals(commonest, byN.selectFirst("#explorer-rows tbody tr td").text(), "ranked by N");
    }

    @Test
    void screenshotsForAPersonToJudge() throws Exception {
        Path shots = Path.of("target/report-browser");
        chromium.screenshot(url, shots.resolve("top.png"), 1400, 2000);
        chromium.screenshot(url + "#section=explorer&analysis=synthetic_criteo/deepfm/adam&field=C13", shots.resolve("explorer.png"),
                1400, 1300);
        chromium.screenshot(url + "#section=compare", shots.resolve("compare.png"), 1400, 1600);
        for (String s : List.of("top.png", "explorer.png", "compare.png")) {
            assertTrue(Files.size(shots.resolve(s)) > 30_000, s + " is more than a blank page: " + Files.size(shots.resolve(s)));
        }
    }
}
