package helen.results;

import helen.util.AtomicFiles;
import helen.util.Csv;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A grid's {@code selection.csv}: per (dataset, model, optimizer) the setting selected on validation
 * and its test metrics over seeds, one {@link Cell} a line, sorted by dataset, model and optimizer.
 * {@code helen grid select} computes the cells ({@link GridSelection}) and writes them here.
 */
public final class SelectionFile {
    public static final String FILE = "selection.csv";
    public static final String HEADER = "dataset,model,optimizer,rho,xi,l2,seeds,valid_monitor_mean,test_auc_mean,test_auc_std,"
            + "test_logloss_mean,test_logloss_std,planned_seeds,runs_without_result";

    /**
     * One selected cell; {@code runs}: its seeds' run directories, relative to the grid directory, in plan order;
     * {@code plannedSeeds}: the runs the plan has for the selected setting; {@code runsWithoutResult}: the cell's
     * planned runs, of any setting, that failed, diverged or have not run.
     */
    public record Cell(String dataset, String model, String optimizer, double rho, double xi, double l2, int seeds,
                       double validMonitor, double testAucMean, double testAucStd, double testLoglossMean, double testLoglossStd,
                       List<String> runs, int plannedSeeds, int runsWithoutResult) {
        /** Whether the cell rests on fewer runs than the plan gave it. */
        public boolean incomplete() {
            return seeds < plannedSeeds || runsWithoutResult > 0;
        }

        /** "ρ 0.05 ξ 0.5 l2 0.00001": the selected setting as the reports print it (only the axes the optimizer has). */
        public String setting() {
            return (Double.isNaN(rho) ? "" : "ρ " + num(rho) + " ") + (Double.isNaN(xi) ? "" : "ξ " + num(xi) + " ") + "l2 " + num(l2);
        }
    }

    /** Writes {@code cells} to dir/selection.csv, atomically. */
    public static void write(Path dir, List<Cell> cells) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        cells.stream().sorted(Comparator.comparing(Cell::dataset).thenComparing(Cell::model).thenComparing(Cell::optimizer))
                .forEach(c -> b.append(String.join(",", Csv.quote(c.dataset()), Csv.quote(c.model()), c.optimizer(), num(c.rho()),
                        num(c.xi()), num(c.l2()), Integer.toString(c.seeds()), num(c.validMonitor()), num(c.testAucMean()),
                        num(c.testAucStd()), num(c.testLoglossMean()), num(c.testLoglossStd()), Integer.toString(c.plannedSeeds()),
                        Integer.toString(c.runsWithoutResult()))).append('\n'));
        AtomicFiles.writeString(dir.resolve(FILE), b.toString());
    }

    /** A number as selection.csv and the reports print it: empty for NaN, ten significant digits, never in exponent form. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        // ten significant digits, trailing zeros dropped, never in exponent form (1e-05 is written 0.00001)
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.10g", v)).stripTrailingZeros().toPlainString();
    }

    private SelectionFile() {
    }
}
