package helen.analysis;

import helen.analysis.AnalysisOptions;
import helen.analysis.Analyzer;
import helen.data.EncodedDataset;
import helen.hessian.Spectrum;
import helen.hessian.TableResult;
import helen.hessian.operator.ModelHessian;
import helen.model.CtrModel;
import helen.model.ModelConfig;
import helen.model.Models;
import helen.model.layer.FeatureLayout;
import helen.train.GeneratedData;
import helen.train.RssProbe;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full analysis (39 tables, hundreds of HVPs) keeps resident memory flat: every HVP batch runs in a PointerScope. */
class AnalyzerMemoryTest {
    static final EncodedDataset DATA = GeneratedData.get();

    /** A float32 DeepFM (emb 8, MLP 64-64) on the generated 39-table data, analysed over 2,000 rows. */
    private static Analyzer analyzer(CtrModel m) {
        AnalysisOptions o = new AnalysisOptions("power", 2000, "train", 1e-3, 30, 1, 1000, List.of(), false, false);
        return new Analyzer(m, DATA, o);
    }

    private static CtrModel deepfm() {
        return Models.create(FeatureLayout.of(DATA), ModelConfig.defaults("deepfm").withHidden(List.of(64, 64), "relu")
                .withEmbeddingDim(8), 1, ScalarType.Float);
    }

    @Test
    void residentMemoryStaysFlatOverAFullAnalysis() {
        Analyzer a = analyzer(deepfm());
        long[] rss = new long[2];
        int[] tables = {0};
        List<TableResult> r = a.run(line -> {
            tables[0]++;
            if (tables[0] == 5) {
                rss[0] = RssProbe.nativeKilobytes();
            }
            rss[1] = RssProbe.nativeKilobytes();
        });
        assertEquals(39, r.size());
        long growthMb = (rss[1] - rss[0]) / 1024;
        System.out.println("analysis: " + a.hvp().count() + " HVPs; native RSS after 5 tables " + rss[0] / 1024 + " MB, after 39: "
                + rss[1] / 1024 + " MB");
        assertTrue(a.hvp().count() > 200, "HVPs " + a.hvp().count());
        assertTrue(growthMb < 64, "native resident memory grew by " + growthMb + " MB");
    }

    /** The same over a spectrum: Hutchinson, Lanczos and SLQ on whole-model HVPs (~200 of them) keep native memory flat. */
    @Test
    void residentMemoryStaysFlatOverASpectrum() {
        CtrModel m = deepfm();
        Analyzer a = analyzer(m);
        ModelHessian h = new ModelHessian(m, DATA.tables(), a.hvp());
        long[] rss = new long[2];
        int[] lines = {0};
        new Spectrum(3, 10, 1, 15, 1, true).compute(h, DATA.tables().subList(0, 8), line -> {
            lines[0]++;
            if (lines[0] == 3) {
                rss[0] = RssProbe.nativeKilobytes();
            }
            rss[1] = RssProbe.nativeKilobytes();
        });
        long growthMb = (rss[1] - rss[0]) / 1024;
        System.out.println("spectrum: " + a.hvp().count() + " HVPs; native RSS after 2 parts " + rss[0] / 1024 + " MB, at the end: "
                + rss[1] / 1024 + " MB");
        assertTrue(a.hvp().count() > 150, "HVPs " + a.hvp().count());
        assertTrue(growthMb < 64, "native resident memory grew by " + growthMb + " MB");
    }
}
