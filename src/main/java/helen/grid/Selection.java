package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.DataContent;
import helen.stats.Moments;
import helen.util.AtomicFiles;
import helen.util.Csv;
import helen.util.HelenException;
import helen.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code helen grid select DIR}: the paper's protocol (§4.1.4). Per (dataset, model, optimizer), the
 * setting (ρ, ξ, L2) with the best mean validation monitor over its seeds (AUC − logloss, as training
 * selects epochs), and that setting's test metrics, mean and sample standard deviation over seeds.
 * Ties go to the setting listed first in the plan. Failed or diverged runs are left out and counted:
 * each cell says how many seeds its setting planned and how many runs of the cell (any setting) have no
 * result, so that a cell resting on fewer seeds than planned is marked wherever it is reported.
 */
public final class Selection {
    public static final String FILE = "selection.csv";
    static final String HEADER = "dataset,model,optimizer,rho,xi,l2,seeds,valid_monitor_mean,test_auc_mean,test_auc_std,"
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

    /** A planned run without a result: its id, why (the recorded outcome, or "not run yet"), and whether it diverged. */
    public record Missing(String id, String reason, boolean diverged) {
        @Override
        public String toString() {
            return id + " (" + reason + ")";
        }
    }

    /** The selection, the runs it could not use, and how many runs the plan has. */
    public record Result(List<Cell> cells, List<Missing> missing, int planned) {
        /** The runs without a result, each as "ID (why)". */
        public List<String> leftOut() {
            return missing.stream().map(Missing::toString).toList();
        }

        /** The runs without a result that did not diverge: they failed (a bug, bad input, a dead worker) or never ran. */
        public List<Missing> failed() {
            return missing.stream().filter(m -> !m.diverged()).toList();
        }

        /**
         * One line for the end of a grid, naming every run without a result (diverged ones counted apart:
         * divergence is a legitimate outcome of a setting); empty when every run has one.
         */
        public java.util.Optional<String> summary() {
            if (missing.isEmpty()) {
                return java.util.Optional.empty();
            }
            List<Missing> diverged = missing.stream().filter(Missing::diverged).toList();
            List<Missing> failed = failed();
            StringBuilder b = new StringBuilder(missing.size() + " of " + planned + " runs have no result:");
            if (!failed.isEmpty()) {
                b.append(" ").append(failed.size()).append(" failed or not run: ")
                        .append(String.join("; ", failed.stream().map(Missing::toString).toList()));
            }
            if (!diverged.isEmpty()) {
                b.append(failed.isEmpty() ? " " : "; and ").append(diverged.size()).append(" diverged: ")
                        .append(String.join("; ", diverged.stream().map(Missing::toString).toList()));
            }
            return java.util.Optional.of(b.toString());
        }
    }

    private Selection() {
    }

    public static Result select(Path dir) {
        Path plan = dir.resolve(GridPlan.FILE);
        if (!Files.isRegularFile(plan)) {
            throw new HelenException(dir + " has no " + GridPlan.FILE + " (helen grid plan or run writes it)");
        }
        // cell -> setting -> (plan line, metrics); metrics null for a planned run without a result
        Map<String, Map<String, List<JsonNode[]>>> groups = new LinkedHashMap<>();
        List<Missing> leftOut = new ArrayList<>();
        // what the plan's data held first, so that a run trained on other data is the one named
        List<DataContent.Trained> trained = new ArrayList<>();
        GridPlan.recordedData(dir).forEach((name, c) -> trained.add(new DataContent.Trained(GridPlan.DATA_FILE, name, c)));
        int plannedRuns = 0;
        try {
            for (String line : Files.readAllLines(plan)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r = Json.MAPPER.readTree(line);
                plannedRuns++;
                Path metrics = dir.resolve(r.get("dir").asText()).resolve("metrics.json");
                JsonNode m = Files.isRegularFile(metrics) ? Json.read(metrics, JsonNode.class) : null;
                if (m == null || !m.has("test") || !m.has("valid")) {
                    String id = r.get("id").asText();
                    RunOutcome.Recorded recorded = RunOutcome.recorded(dir, id);
                    boolean diverged = recorded != null ? recorded.status().equals("diverged")
                            : m != null && m.path("status").asText().equals("diverged");
                    leftOut.add(new Missing(id, recorded != null ? recorded.line()
                            : m == null ? "not run yet" : m.path("status").asText("no result"), diverged));
                    m = null;
                }
                if (m != null) {
                    trained.add(new DataContent.Trained(r.get("dir").asText(), r.get("dataset").asText(), DataContent.from(m.get(DataContent.KEY))));
                }
                String cell = r.get("dataset").asText() + "\u0000" + r.get("model").asText() + "\u0000" + r.get("optimizer").asText();
                String setting = r.get("rho") + "/" + r.get("xi") + "/" + r.get("l2");
                groups.computeIfAbsent(cell, k -> new LinkedHashMap<>()).computeIfAbsent(setting, k -> new ArrayList<>())
                        .add(new JsonNode[] {r, m});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataContent.requireNotMixed(trained, "select " + dir);
        List<Cell> cells = new ArrayList<>();
        groups.forEach((cell, settings) -> {
            int withoutResult = (int) settings.values().stream().flatMap(List::stream).filter(x -> x[1] == null).count();
            Cell best = null;
            for (List<JsonNode[]> setting : settings.values()) {
                List<JsonNode[]> runs = setting.stream().filter(x -> x[1] != null).toList();
                if (runs.isEmpty()) {
                    continue;
                }
                Cell c = cell(runs, setting.size(), withoutResult);
                if (best == null || c.validMonitor() > best.validMonitor()) {
                    best = c;
                }
            }
            if (best != null) {
                cells.add(best);
            }
        });
        return new Result(cells, leftOut, plannedRuns);
    }

    private static Cell cell(List<JsonNode[]> runs, int planned, int withoutResult) {
        JsonNode first = runs.get(0)[0];
        double[] monitor = new double[runs.size()];
        double[] auc = new double[runs.size()];
        double[] logloss = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            JsonNode m = runs.get(i)[1];
            monitor[i] = m.get("valid").get("auc").asDouble() - m.get("valid").get("logloss").asDouble();
            auc[i] = m.get("test").get("auc").asDouble();
            logloss[i] = m.get("test").get("logloss").asDouble();
        }
        return new Cell(first.get("dataset").asText(), first.get("model").asText(), first.get("optimizer").asText(),
                first.get("rho").isNull() ? Double.NaN : first.get("rho").asDouble(),
                first.get("xi").isNull() ? Double.NaN : first.get("xi").asDouble(), first.get("l2").asDouble(), runs.size(),
                Moments.mean(monitor), Moments.mean(auc), std(auc), Moments.mean(logloss),
                std(logloss), runs.stream().map(r -> r[0].get("dir").asText()).toList(), planned, withoutResult);
    }

    private static double std(double[] v) {
        return v.length < 2 ? Double.NaN : Math.sqrt(Moments.sampleVariance(v));
    }

    public static void write(Path dir, Result r) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        r.cells().stream().sorted(Comparator.comparing(Cell::dataset).thenComparing(Cell::model).thenComparing(Cell::optimizer))
                .forEach(c -> b.append(String.join(",", Csv.quote(c.dataset()), Csv.quote(c.model()), c.optimizer(), num(c.rho()),
                        num(c.xi()), num(c.l2()), Integer.toString(c.seeds()), num(c.validMonitor()), num(c.testAucMean()),
                        num(c.testAucStd()), num(c.testLoglossMean()), num(c.testLoglossStd()), Integer.toString(c.plannedSeeds()),
                        Integer.toString(c.runsWithoutResult()))).append('\n'));
        AtomicFiles.writeString(dir.resolve(FILE), b.toString());
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        // ten significant digits, trailing zeros dropped, never in exponent form (1e-05 is written 0.00001)
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.10g", v)).stripTrailingZeros().toPlainString();
    }
}
