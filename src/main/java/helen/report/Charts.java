package helen.report;

import helen.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** XChart helpers: consistent styling, small multiples in one PNG, atomic PNG writes. */
public final class Charts {
    private Charts() {
    }

    /** A scatter chart with the given axis titles and log scales. */
    public static XYChart scatter(String title, String x, String y, boolean logX, boolean logY, int w, int h) {
        XYChart c = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 200));
        return c;
    }

    /** Adds a line (no markers) to an XY chart. */
    public static void line(XYChart c, String name, double[] x, double[] y, Color color) {
        var s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
    }

    /** Charts laid out in a grid of {@code cols} columns, written as one PNG. */
    public static void grid(List<? extends Chart<?, ?>> charts, int cols, Path png) {
        int w = charts.get(0).getWidth();
        int h = charts.get(0).getHeight();
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(w * Math.min(cols, charts.size()), h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        Path tmp = AtomicFiles.tempSibling(png);
        try {
            ImageIO.write(img, "png", tmp.toFile());
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + png, e);
        }
        AtomicFiles.commit(tmp, png);
    }

    public static void save(Chart<?, ?> chart, Path png) {
        grid(List.of(chart), 1, png);
    }

    /** Least-squares line y = a + b·x. */
    public static double[] fit(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double b = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {my - b * mx, b};
    }
}
