package helen.report;

import helen.util.Provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lays out report.html from what {@link ReportBuilder} wrote: the run set and provenance first, the
 * paper's tables, the optimizers side by side, the paper's figures, then the per-analysis field
 * tables and figures (collapsed: one per analysed run) and the per-field explorer.
 */
final class HtmlReportPage {
    private final Map<String, ReportTable> tables;
    private final Path figures;
    private final List<String> written;
    private final List<String> settings;
    private final List<String> warnings;

    HtmlReportPage(Map<String, ReportTable> tables, Path figures, List<String> written, List<String> settings,
                   List<String> warnings) {
        this.tables = tables;
        this.figures = figures;
        this.written = written;
        this.settings = settings;
        this.warnings = warnings;
    }

    void write(Path file, String stamp, List<RunRecord> runs, Path runsRoot) {
        HtmlReport page = new HtmlReport("helen report: " + runsRoot.toAbsolutePath().normalize().getFileName(), stamp,
                "Every number here comes from the " + runs.size() + " runs under " + runsRoot + " (listed below), "
                        + "not from the paper; the paper's values stand beside ours where a table has them. The line under "
                        + "each table says which settings and analyses produced it.")
                .provenance(Provenance.stamp()).entry("runs", runs.size() + " under " + runsRoot);
        settings.forEach(page::settings);
        warnings.forEach(page::warning);
        page.section(new HtmlReport.Section("runs", "Run set", "", true, runs.size() + " runs (click to list them)",
                tables(n -> n.equals("runs")), List.of()));
        page.section(new HtmlReport.Section("tables", "Tables", "The paper's tables from these runs; click a column to sort.",
                false, "", tables(n -> n.startsWith("table")), List.of()));
        page.section(new HtmlReport.Section("compare", "Optimizers side by side",
                "Adam, SAM and Helen on the same model and data, wherever two or more of them were analysed.", false, "",
                tables(n -> n.startsWith("compare_")), figures(f -> f.startsWith("spectrum_") || f.startsWith("curvature_training_"))));
        page.section(new HtmlReport.Section("figures", "Figures", "", false, "", List.of(),
                figures(f -> f.startsWith("figure"))));
        List<HtmlReport.Table> fieldTables = tables(n -> n.startsWith("sharpness_"));
        List<HtmlReport.Figure> fieldFigures = figures(f -> f.startsWith("sharpness_"));
        if (!fieldTables.isEmpty() || !fieldFigures.isEmpty()) {
            page.section(new HtmlReport.Section("sharpness", "Per-field sharpness of every analysis", "", true,
                    fieldTables.size() + " analyses: every field's statistics and λ vs N (click to open)", fieldTables,
                    fieldFigures));
        }
        for (RunRecord r : runs) {
            if (r.hasAnalysis()) {
                page.analysis(SharpnessExplorer.analysis(r.dataset() + "/" + r.model() + "/" + r.optimizer(),
                        r.model() + " + " + r.optimizer() + " on " + r.dataset(), r.analysisDir()));
            }
        }
        page.write(file);
    }

    private List<HtmlReport.Table> tables(Predicate<String> name) {
        List<HtmlReport.Table> out = new ArrayList<>();
        tables.forEach((n, t) -> {
            if (name.test(n)) {
                out.add(HtmlReport.table(t, n, note -> !settings.contains(note) && !note.equals(String.join(" ", settings))));
            }
        });
        return out;
    }

    private List<HtmlReport.Figure> figures(Predicate<String> name) {
        List<HtmlReport.Figure> out = new ArrayList<>();
        for (String w : written) {
            String f = w.startsWith("figures/") ? w.substring("figures/".length()) : null;
            if (f != null && name.test(f)) {
                out.add(HtmlReport.figure(figures.resolve(f), ReportBuilder.figureTitle(f)));
            }
        }
        return out;
    }
}
