package helen.report;

import helen.data.EncodedDataset;
import helen.results.CurvatureFile;
import helen.results.SpectrumFile;
import helen.stats.Correlation;
import helen.stats.Moments;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The paper's figures, regenerated as PNG from run records, analyses and encoded datasets. */
public final class Figures {
    static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189)};

    private Figures() {
    }

    /** Figure 2: rank-frequency of every feature (all tables pooled), log-log, one series per dataset. */
    public static void frequencyDistribution(List<EncodedDataset> datasets, Path png) {
        XYChart c = Charts.scatter("Feature frequency distribution (training split)", "feature rank",
                "frequency N", true, true, 800, 560);
        int i = 0;
        for (EncodedDataset d : datasets) {
            List<Long> all = new ArrayList<>();
            for (int t = 0; t < d.tables().size(); t++) {
                long[] n = d.tableFrequencies(t);
                for (int k = 1; k < n.length; k++) {
                    if (n[k] > 0) {
                        all.add(n[k]);
                    }
                }
            }
            double[] y = all.stream().mapToDouble(Long::doubleValue).sorted().toArray();
            reverse(y);
            double[] x = new double[y.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = k + 1;
            }
            Charts.line(c, d.name() + " (" + y.length + " features)", x, y, COLORS[i++ % COLORS.length]);
        }
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        Charts.save(c, png);
    }

    /** λ (or ‖g‖) vs N for rows, with the least-squares line and Pearson r in the legend. */
    static XYChart versusFrequency(String title, List<PerFeature.Row> rows, boolean lambda, Color color) {
        double[] n = rows.stream().mapToDouble(PerFeature.Row::frequency).toArray();
        double[] y = rows.stream().mapToDouble(r -> lambda ? r.lambda() : r.gradNorm()).toArray();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            if (n[i] > 0 && y[i] > 0) {
                keep.add(i); // log axes show the positive values
            }
        }
        double r = Correlation.pearson(n, y);
        XYChart c = Charts.scatter(title, "N (occurrences in the analysis set)", lambda ? "top eigenvalue λ" : "gradient norm ‖g‖",
                true, true, 520, 400);
        double[] xs = keep.stream().mapToDouble(i -> n[i]).toArray();
        double[] ys = keep.stream().mapToDouble(i -> y[i]).toArray();
        if (xs.length == 0) {
            xs = new double[] {1};
            ys = new double[] {1};
        }
        XYSeries s = c.addSeries(String.format(Locale.ROOT, "%d rows, Pearson r = %.3f", xs.length, r), xs, ys);
        s.setMarkerColor(color);
        double[] ab = Charts.fit(n, y);
        double lo = Arrays.stream(xs).min().orElse(1);
        double hi = Arrays.stream(xs).max().orElse(1);
        double[] lx = new double[40];
        double[] ly = new double[40];
        int m = 0;
        for (int i = 0; i < 40; i++) {
            double x = lo * Math.pow(hi / lo, i / 39.0);
            double v = ab[0] + ab[1] * x;
            if (v > 0) {
                lx[m] = x;
                ly[m++] = v;
            }
        }
        if (m > 1) {
            Charts.line(c, String.format(Locale.ROOT, "fit y = %.2e + %.2e·N", ab[0], ab[1]), Arrays.copyOf(lx, m),
                    Arrays.copyOf(ly, m), Color.DARK_GRAY);
        }
        return c;
    }

    /** Figure 3: λ vs N and ‖g‖ vs N for one field, one row of panels per model whose data has that field. */
    public static void fieldScatter(List<RunRecord> adamRuns, String field, Path png) {
        List<XYChart> charts = new ArrayList<>();
        for (RunRecord r : adamRuns) {
            List<PerFeature.Row> rows = PerFeature.read(r.analysisDir().resolve("per_feature.csv")).field(field);
            if (rows.isEmpty()) {
                continue; // another dataset's runs (Figure 3's C13 is a Criteo field)
            }
            String name = r.model() + ", " + r.dataset() + ", field " + field;
            charts.add(versusFrequency("λ vs N: " + name, rows, true, COLORS[0]));
            charts.add(versusFrequency("‖g‖ vs N: " + name, rows, false, COLORS[1]));
        }
        if (!charts.isEmpty()) {
            Charts.grid(charts, 2, png);
        }
    }

    /**
     * Figure 4: distribution of top eigenvalues (histogram of log10 λ, positive λ) under several
     * optimizers, one panel per model; mean and standard deviation of λ in the legend.
     */
    public static void eigenvalueDistribution(List<RunRecord> runs, String dataset, List<String> models,
                                              List<String> optimizers, Path png) {
        List<CategoryChart> charts = new ArrayList<>();
        for (String model : models) {
            CategoryChart c = new CategoryChartBuilder().width(640).height(440)
                    .title("Top eigenvalues, " + model + ", " + dataset).xAxisTitle("log10 λ").yAxisTitle("rows").build();
            c.getStyler().setOverlapped(true);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            c.getStyler().setPlotBackgroundColor(Color.WHITE);
            c.getStyler().setXAxisLabelRotation(45);
            c.getStyler().setXAxisDecimalPattern("0.0");
            int bins = 30;
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            java.util.Map<String, double[]> lambdas = new java.util.LinkedHashMap<>();
            for (String o : optimizers) {
                Optional<RunRecord> r = Tables.find(runs, dataset, model, o);
                if (r.isPresent() && r.get().hasAnalysis()) {
                    double[] lam = PerFeature.read(r.get().analysisDir().resolve("per_feature.csv")).all().stream()
                            .mapToDouble(PerFeature.Row::lambda).toArray();
                    lambdas.put(o, lam);
                    for (double v : lam) {
                        if (v > 0) {
                            lo = Math.min(lo, Math.floor(Math.log10(v)));
                            hi = Math.max(hi, Math.ceil(Math.log10(v)));
                        }
                    }
                }
            }
            if (lo >= hi) {
                continue;
            }
            boolean any = false;
            int ci = 0;
            for (String o : optimizers) {
                double[] lam = lambdas.get(o);
                if (lam == null) {
                    ci++;
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                double[] counts = new double[bins];
                for (double v : lam) {
                    if (v > 0) {
                        int b = (int) Math.floor((Math.log10(v) - lo) / (hi - lo) * bins);
                        counts[Math.min(bins - 1, Math.max(0, b))]++;
                    }
                }
                for (int b = 0; b < bins; b++) {
                    x.add(lo + (b + 0.5) * (hi - lo) / bins);
                    y.add(counts[b]);
                }
                var s = c.addSeries(eigenvalueLegend(o, lam) + spreadOfMean(Tables.find(runs, dataset, model, o).get()), x, y);
                s.setFillColor(new Color(COLORS[ci].getRed(), COLORS[ci].getGreen(), COLORS[ci].getBlue(), 110));
                ci++;
                any = true;
            }
            if (any) {
                charts.add(c);
            }
        }
        if (!charts.isEmpty()) {
            Charts.grid(charts, charts.size(), png);
        }
    }

    /**
     * Figure 4's legend entry: mean and std of exactly the values drawn. A log axis cannot show λ ≤ 0
     * (rows unseen in the analysis set, negative curvature), so those are left out and counted.
     */
    static String eigenvalueLegend(String optimizer, double[] lambdas) {
        double[] plotted = java.util.Arrays.stream(lambdas).filter(v -> v > 0).toArray();
        int left = lambdas.length - plotted.length;
        return String.format(Locale.ROOT, "%s: mean %.2e, std %.2e, n %d", optimizer, Moments.mean(plotted),
                Math.sqrt(Moments.sampleVariance(plotted)), plotted.length)
                + (left > 0 ? " (" + left + " with λ ≤ 0 not drawn)" : "");
    }

    /**
     * For a run analysed with --repeats: its seen rows' mean λ, averaged over the analysis sets, with the 95 %
     * interval's half-width, for a legend ("" otherwise), so that two optimizers' means can be told from noise.
     */
    static String spreadOfMean(RunRecord run) {
        return AnalysisSpread.of(run.analysisDir()).flatMap(s -> s.interval("ALL", "mean_lambda").map(ci -> String.format(
                Locale.ROOT, "\n  mean over %d sets %.2e ± %.1e", s.repeats(), ci.mean(), ci.halfWidth()))).orElse("");
    }

    /** Figure 5: test AUC of every model under Adam and Helen, with the variance across models in the legend. */
    public static void aucSpread(List<RunRecord> runs, String dataset, Path png) {
        CategoryChart c = new CategoryChartBuilder().width(800).height(480)
                .title("Test AUC across models, " + dataset).xAxisTitle("model").yAxisTitle("AUC ×100").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setYAxisDecimalPattern("0.00");
        double min = Double.MAX_VALUE;
        int ci = 0;
        boolean seeds = runs.stream().anyMatch(r -> r.dataset().equals(dataset) && r.seeds() != null && r.seeds().count() > 1);
        if (seeds) {
            c.setTitle("Test AUC across models, " + dataset + " (mean over seeds, bars: ± std)");
        }
        for (String o : PaperLayout.BASELINE_AND_HELEN) {
            List<String> models = new ArrayList<>();
            List<Double> auc = new ArrayList<>();
            List<Double> std = new ArrayList<>();
            for (String m : Tables.MODELS) {
                Tables.find(runs, dataset, m, o).ifPresent(r -> {
                    models.add(m);
                    auc.add(100 * r.auc());
                    std.add(r.seeds() == null || Double.isNaN(r.seeds().aucStd()) ? 0.0 : 100 * r.seeds().aucStd());
                });
            }
            if (models.isEmpty()) {
                continue;
            }
            double var = Moments.sampleVariance(auc.stream().mapToDouble(x -> x).toArray());
            for (int i = 0; i < auc.size(); i++) {
                min = Math.min(min, auc.get(i) - std.get(i));
            }
            String name = String.format(Locale.ROOT, "%s (variance across models %.3e)", o, var);
            (seeds ? c.addSeries(name, models, auc, std) : c.addSeries(name, models, auc)).setFillColor(COLORS[ci++]);
        }
        if (ci > 0) {
            c.getStyler().setYAxisMin(Math.floor(min - 1));
            Charts.save(c, png);
        }
    }

    /** Figure 6: λ vs N under Adam and Helen, one panel per (dataset, model). */
    public static void lambdaAdamVsHelen(List<RunRecord> runs, List<String> models, Path png) {
        List<XYChart> charts = new ArrayList<>();
        for (String d : Tables.datasets(runs)) {
            for (String m : models) {
                XYChart c = Charts.scatter("λ vs N, " + m + ", " + d, "N (occurrences in the analysis set)", "top eigenvalue λ", true, true, 560, 420);
                int ci = 0;
                boolean any = false;
                for (String o : PaperLayout.BASELINE_AND_HELEN) {
                    Optional<RunRecord> r = Tables.find(runs, d, m, o);
                    if (r.isPresent() && r.get().hasAnalysis()) {
                        List<PerFeature.Row> rows = PerFeature.read(r.get().analysisDir().resolve("per_feature.csv")).all();
                        double[] x = rows.stream().filter(q -> q.frequency() > 0 && q.lambda() > 0).mapToDouble(PerFeature.Row::frequency).toArray();
                        double[] y = rows.stream().filter(q -> q.frequency() > 0 && q.lambda() > 0).mapToDouble(PerFeature.Row::lambda).toArray();
                        if (x.length > 0) {
                            double mean = rows.stream().mapToDouble(PerFeature.Row::lambda).average().orElse(Double.NaN);
                            Color col = COLORS[ci];
                            // translucent markers: the two clouds overlap
                            c.addSeries(String.format(Locale.ROOT, "%s (mean λ %.2e)", o, mean) + spreadOfMean(r.get()), x, y)
                                    .setMarkerColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 70));
                            any = true;
                        }
                    }
                    ci++;
                }
                if (any) {
                    charts.add(c);
                }
            }
        }
        if (!charts.isEmpty()) {
            Charts.grid(charts, Math.min(2, charts.size()), png);
        }
    }

    /** Small multiples of λ vs N, one panel per field of one analysis. */
    public static void perFieldSmallMultiples(PerFeature pf, String title, Path png) {
        List<XYChart> charts = new ArrayList<>();
        for (String f : pf.fields()) {
            XYChart c = versusFrequency(title + " " + f, pf.field(f), true, COLORS[0]);
            c.getStyler().setLegendVisible(true);
            charts.add(c);
        }
        if (!charts.isEmpty()) {
            Charts.grid(charts, 5, png);
        }
    }

    /**
     * The whole model's Hessian spectral density (SLQ, spectrum.json) of one or more runs, overlaid:
     * log density against eigenvalue, as PyHessian draws it. A log axis cannot show the zeros between
     * the Gaussian bumps, so values below 1e-8 of the highest peak are drawn at that floor (the axis
     * starts there): a curve lying on the floor means "no eigenvalues here", not a straight segment.
     */
    public static void spectralDensity(List<? extends com.fasterxml.jackson.databind.JsonNode> spectra, List<String> labels,
                                       Path png) {
        XYChart c = Charts.scatter("Hessian spectral density (whole model, SLQ)", "eigenvalue",
                "density (floor: 1e-8 of the peak)", false, true, 800, 520);
        List<List<double[]>> curves = new ArrayList<>();
        double peak = 0;
        for (var s : spectra) {
            List<double[]> d = SpectrumFile.density(s, "model");
            curves.add(d);
            if (!d.isEmpty()) {
                peak = Math.max(peak, java.util.Arrays.stream(d.get(1)).max().orElse(0));
            }
        }
        double floor = 1e-8 * peak;
        int drawn = 0;
        for (int k = 0; k < curves.size(); k++) {
            List<double[]> d = curves.get(k);
            if (d.isEmpty() || !(peak > 0)) {
                continue;
            }
            double[] y = java.util.Arrays.stream(d.get(1)).map(v -> Math.max(v, floor)).toArray();
            Charts.line(c, labels.get(k), d.get(0), y, COLORS[k % COLORS.length]);
            drawn++;
        }
        if (drawn > 0) {
            c.getStyler().setYAxisMin(floor);
            Charts.save(c, png);
        }
    }

    /**
     * Curvature over training (curvature.csv of runs trained with --track-curvature), one line per
     * run of the same model and data: the fields' mean λ over the probed rows (averaged over fields),
     * the sharpest probed row's λ, the dense top eigenvalue and the whole model's trace, against the
     * optimizer step.
     */
    public static void curvatureOverTraining(List<RunRecord> runs, Path png) {
        String[][] panels = {{"fields", "mean_lambda", "mean λ of the probed rows (mean over fields)"},
            {"fields", "max_lambda", "λ of the sharpest probed row (max over fields)"},
            {"dense", "top_lambda", "dense part: top eigenvalue"}, {"model", "trace", "whole model: trace (Hutchinson)"}};
        List<XYChart> charts = new ArrayList<>();
        for (String[] p : panels) {
            XYChart c = Charts.scatter(p[2], "optimizer step", p[1].replace("_", " "), false, p[0].equals("fields"), 640, 420);
            int k = 0;
            int drawn = 0;
            for (RunRecord r : runs) {
                java.util.TreeMap<Long, Double> curve = CurvatureCurves.read(r.dir().resolve(CurvatureFile.FILE))
                        .curve(p[0], p[1]);
                if (curve.size() > 1) {
                    var series = c.addSeries(r.optimizer(), curve.keySet().stream().mapToDouble(Long::doubleValue).toArray(),
                            curve.values().stream().mapToDouble(Double::doubleValue).toArray());
                    series.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
                    series.setLineColor(COLORS[k % COLORS.length]);
                    series.setMarkerColor(COLORS[k % COLORS.length]);
                    drawn++;
                }
                k++;
            }
            if (drawn > 0) {
                charts.add(c);
            }
        }
        if (!charts.isEmpty()) {
            Charts.grid(charts, 2, png);
        }
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
