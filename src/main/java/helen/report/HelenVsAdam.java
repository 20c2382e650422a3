package helen.report;

import helen.stats.PairedTTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Helen against Adam over results cells (one per dataset and model): the paired t-test of their AUC
 * and the cells where Helen's AUC is the best of all optimizers. Computed the same way for our runs
 * and for the paper's own Tables 2, 3 and 6, whose text quotes p = 8×10⁻³ (the one-sided value;
 * two-sided it is about 0.015) and "20 of 21" cells (its tables give 15 strictly, 16 with ties).
 *
 * @param tTest           Helen − Adam AUC (in the cells' unit) over the cells that have both
 * @param helenBest       cells where Helen's AUC is strictly above every other optimizer's
 * @param helenBestOrTied cells where no optimizer's AUC is above Helen's
 * @param cells           cells with both Helen and Adam
 */
public record HelenVsAdam(PairedTTest tTest, int helenBest, int helenBestOrTied, int cells) {
    /** @param aucByCell cell → optimizer → AUC; cells without Helen or Adam are left out */
    public static HelenVsAdam of(Map<String, Map<String, Double>> aucByCell) {
        List<Double> helen = new ArrayList<>();
        List<Double> adam = new ArrayList<>();
        int best = 0;
        int bestOrTied = 0;
        for (Map<String, Double> cell : aucByCell.values()) {
            if (!cell.containsKey(PaperLayout.HELEN) || !cell.containsKey(PaperLayout.BASELINE)) {
                continue;
            }
            double h = cell.get(PaperLayout.HELEN);
            helen.add(h);
            adam.add(cell.get(PaperLayout.BASELINE));
            double others = cell.entrySet().stream().filter(e -> !e.getKey().equals(PaperLayout.HELEN)).mapToDouble(Map.Entry::getValue)
                    .max().orElse(Double.NaN);
            best += h > others ? 1 : 0;
            bestOrTied += h >= others ? 1 : 0;
        }
        return new HelenVsAdam(PairedTTest.of(helen.stream().mapToDouble(x -> x).toArray(),
                adam.stream().mapToDouble(x -> x).toArray()), best, bestOrTied, helen.size());
    }

    /** Over the paper's 21 model × dataset cells (its averages rows left out), AUC ×100. */
    public static HelenVsAdam ofPaperTables() {
        Map<String, Map<String, Double>> auc = new TreeMap<>();
        for (PaperValues.Result r : PaperValues.results()) {
            if (!r.model().equals("average")) {
                auc.computeIfAbsent(r.dataset() + "/" + r.model(), k -> new TreeMap<>()).put(r.optimizer(), r.aucX100());
            }
        }
        return of(auc);
    }
}
