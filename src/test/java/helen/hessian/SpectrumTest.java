package helen.hessian;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.EncodedDataset;
import helen.hessian.linalg.Lanczos;
import helen.hessian.linalg.SpectralDensity;
import helen.hessian.operator.AnalysisSet;
import helen.hessian.operator.Hvp;
import helen.hessian.operator.ModelHessian;
import helen.model.CtrModel;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trace, Lanczos and spectral density against the dense Hessian of a tiny DeepFM (float64, every
 * column one HVP on a unit vector; the HVP itself is checked against finite differences in
 * {@link AnalyzerTest}) and its eigendecomposition by commons-math.
 */
class SpectrumTest {

    @TempDir
    static Path dir;
    static ModelHessian h;
    static double[][] dense;
    static double[] eigen;

    @BeforeAll
    static void build() throws Exception {
        StringBuilder csv = new StringBuilder("label,a,b\n");
        SplittableRandom r = new SplittableRandom(31);
        for (int i = 0; i < 200; i++) {
            csv.append(r.nextInt(3) == 0 ? 1 : 0).append(",a").append(r.nextInt(9)).append(",b").append(r.nextInt(5)).append('\n');
        }
        EncodedDataset data = TinyData.encode(TinyData.TWO_FIELDS_SPEC, csv, dir);
        CtrModel model = TinyData.deepfm(data, 0.0, 4);
        AnalysisSet set = AnalysisSet.sample(data.split("train"), 0, 1, 64, ScalarType.Double);
        h = new ModelHessian(model, data.tables(), new Hvp(model, set));
        int n = h.dim();
        dense = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            dense[i] = h.apply(e);
        }
        double[][] sym = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym[i][j] = 0.5 * (dense[i][j] + dense[j][i]);
                assertEquals(dense[i][j], dense[j][i], 1e-10, "the Hessian is symmetric");
            }
        }
        eigen = new EigenDecomposition(new Array2DRowRealMatrix(sym)).getRealEigenvalues();
        Arrays.sort(eigen);
    }

    private static double trace(ModelHessian.Part p) {
        double t = 0;
        for (int i = p.from(); i < p.to(); i++) {
            t += dense[i][i];
        }
        return t;
    }

    @Test
    void partsTileTheParameterVector() {
        Map<String, ModelHessian.Part> parts = h.parts();
        assertEquals(List.of("a", "b", "dense", "model"), List.copyOf(parts.keySet()));
        assertEquals(0, parts.get("a").from());
        assertEquals(parts.get("a").to(), parts.get("b").from());
        assertEquals(parts.get("b").to(), parts.get("dense").from());
        assertEquals(h.dim(), parts.get("dense").to());
        assertEquals(h.dim(), parts.get("model").dim());
    }

    /** With as many steps as dimensions, full reorthogonalisation makes the Ritz values the eigenvalues. */
    @Test
    void lanczosFindsTheDenseEigenvalues() {
        Lanczos.Ritz r = Lanczos.run(h::apply, h.dim(), h.dim(), 3);
        double scale = Math.max(Math.abs(eigen[0]), Math.abs(eigen[eigen.length - 1]));
        double[] top = r.top(5);
        for (int i = 0; i < 5; i++) {
            assertEquals(eigen[eigen.length - 1 - i], top[i], 1e-6 * scale, "top eigenvalue " + i);
        }
        assertEquals(eigen[0], r.min(), 1e-6 * scale, "λ_min");
        assertTrue(eigen[0] < 0, "an indefinite Hessian, so λ_min is a real check: " + eigen[0]);
        double weights = Arrays.stream(r.weights()).sum();
        assertEquals(1, weights, 1e-9, "quadrature weights sum to 1");
        // the dense part alone, against its own block
        ModelHessian.Part d = h.part("dense");
        double[][] block = new double[d.dim()][d.dim()];
        for (int i = 0; i < d.dim(); i++) {
            for (int j = 0; j < d.dim(); j++) {
                block[i][j] = 0.5 * (dense[d.from() + i][d.from() + j] + dense[d.from() + j][d.from() + i]);
            }
        }
        double[] de = new EigenDecomposition(new Array2DRowRealMatrix(block)).getRealEigenvalues();
        Arrays.sort(de);
        Lanczos.Ritz rd = Lanczos.run(h.restricted(d), d.dim(), d.dim(), 4);
        assertEquals(de[de.length - 1], rd.max(), 1e-6 * scale);
        assertEquals(de[0], rd.min(), 1e-6 * scale);
    }

    /** Hutchinson per part: within 3 standard errors of the exact block traces. */
    @Test
    void hutchinsonTracesAgreeWithTheExactBlockTraces() {
        Map<String, Hutchinson.Estimate> t = Hutchinson.traces(h::apply, h.dim(), h.parts().values(), 300, 11);
        for (ModelHessian.Part p : h.parts().values()) {
            Hutchinson.Estimate e = t.get(p.name());
            assertTrue(e.stderr() > 0, p.name());
            assertEquals(trace(p), e.trace(), 3 * e.stderr(), p.name() + " trace " + e);
        }
        assertEquals(Arrays.stream(eigen).sum(), trace(h.part("model")), 1e-9, "trace = Σ eigenvalues");
    }

    /**
     * The SLQ density integrates to 1, its mean is tr/dim within its standard error, and with as
     * many steps as dimensions its cumulative distribution follows the exact eigenvalues'.
     */
    @Test
    void densityIntegratesToOneAndMatchesTheExactSpectrum() {
        int probes = 30;
        SpectralDensity.Result d = SpectralDensity.of(h::apply, h.dim(), probes, h.dim(), 5);
        double integral = 0;
        for (int i = 1; i < d.grid().length; i++) {
            integral += 0.5 * (d.values()[i] + d.values()[i - 1]) * (d.grid()[i] - d.grid()[i - 1]);
        }
        assertEquals(1, integral, 1e-3);
        double[] perProbe = d.ritz().stream().mapToDouble(r -> {
            double s = 0;
            for (int i = 0; i < r.values().length; i++) {
                s += r.weights()[i] * r.values()[i];
            }
            return s;
        }).toArray();
        double se = Math.sqrt(helen.stats.Moments.sampleVariance(perProbe) / probes);
        assertEquals(trace(h.part("model")) / h.dim(), d.mean(), 3 * se, "first moment = tr/dim");
        // Kolmogorov distance between the SLQ weights' CDF and the eigenvalues' empirical CDF
        double worst = 0;
        for (double x : eigen) {
            double exact = Arrays.stream(eigen).filter(e -> e <= x).count() / (double) eigen.length;
            double slq = 0;
            for (Lanczos.Ritz r : d.ritz()) {
                for (int i = 0; i < r.values().length; i++) {
                    slq += r.values()[i] <= x + 1e-9 ? r.weights()[i] / probes : 0;
                }
            }
            worst = Math.max(worst, Math.abs(exact - slq));
        }
        assertTrue(worst < 0.15, "SLQ follows the exact spectrum: Kolmogorov distance " + worst);
    }

    @Test
    void spectrumJsonHasEveryPart() {
        ObjectNode s = new Spectrum(3, 10, 2, 20, 7, true).compute(h, line -> { });
        for (String p : List.of("a", "b", "dense", "model")) {
            assertTrue(s.get("parts").get(p).has("trace") && s.get("parts").get(p).has("trace_stderr"), p);
        }
        assertEquals(3, s.get("parts").get("model").get("top_eigenvalues").size());
        assertTrue(s.get("parts").get("dense").has("lambda_min"));
        assertEquals(SpectralDensity.GRID, s.get("parts").get("a").get("density").get("values").size());
        // at most: probes + Lanczos of model and dense + 3 densities (Lanczos stops early on an exhausted Krylov space)
        assertTrue(s.get("hvps").asLong() <= 10 + 20 + 20 + 2 * 20 * 3, s.get("hvps").toString());
        ObjectNode lean = new Spectrum(3, 10, 2, 20, 7, false).compute(h, line -> { });
        assertTrue(lean.get("parts").get("a").has("trace") && !lean.get("parts").get("a").has("density"));
        assertEquals(lean.get("parts").get("a").get("trace"), s.get("parts").get("a").get("trace"), "same probes, same traces");
        assertTrue(lean.get("hvps").asLong() <= 10 + 20 + 20 + 2 * 20, "no table densities: " + lean.get("hvps"));
        assertTrue(s.get("hvps").asLong() - lean.get("hvps").asLong() >= 2 * 10, "the tables' densities cost HVPs");
    }
}
