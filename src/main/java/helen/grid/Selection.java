package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.Csv;
import helen.util.AtomicFiles;
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
 * Ties go to the setting listed first in the plan. Failed or diverged runs are left out and counted.
 */
public final class Selection {
    public static final String FILE = "selection.csv";
    static final String HEADER = "dataset,model,optimizer,rho,xi,l2,seeds,valid_monitor_mean,test_auc_mean,test_auc_std,"
            + "test_logloss_mean,test_logloss_std";

    /** One selected cell; {@code runs}: its seeds' run directories, relative to the grid directory, in plan order. */
    public record Cell(String dataset, String model, String optimizer, double rho, double xi, double l2, int seeds,
                       double validMonitor, double testAucMean, double testAucStd, double testLoglossMean, double testLoglossStd,
                       List<String> runs) {
        /** "ρ 0.05 ξ 0.5 l2 0.00001": the selected setting as the reports print it (only the axes the optimizer has). */
        public String setting() {
            return (Double.isNaN(rho) ? "" : "ρ " + num(rho) + " ") + (Double.isNaN(xi) ? "" : "ξ " + num(xi) + " ") + "l2 " + num(l2);
        }
    }

    /** The selection and the runs it could not use. */
    public record Result(List<Cell> cells, List<String> leftOut) {
    }

    private Selection() {
    }

    public static Result select(Path dir) {
        Path plan = dir.resolve(GridPlan.FILE);
        if (!Files.isRegularFile(plan)) {
            throw new HelenException(dir + " has no " + GridPlan.FILE + " (helen grid plan or run writes it)");
        }
        Map<String, Map<String, List<JsonNode[]>>> groups = new LinkedHashMap<>(); // cell -> setting -> (plan line, metrics)
        List<String> leftOut = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(plan)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r = Json.MAPPER.readTree(line);
                Path metrics = dir.resolve(r.get("dir").asText()).resolve("metrics.json");
                JsonNode m = Files.isRegularFile(metrics) ? Json.read(metrics, JsonNode.class) : null;
                if (m == null || !m.has("test") || !m.has("valid")) {
                    String recorded = RunOutcome.recorded(dir, r.get("id").asText());
                    leftOut.add(r.get("id").asText() + " (" + (recorded != null ? recorded
                            : m == null ? "not run yet" : m.path("status").asText("no result")) + ")");
                    continue;
                }
                String cell = r.get("dataset").asText() + "\u0000" + r.get("model").asText() + "\u0000" + r.get("optimizer").asText();
                String setting = r.get("rho") + "/" + r.get("xi") + "/" + r.get("l2");
                groups.computeIfAbsent(cell, k -> new LinkedHashMap<>()).computeIfAbsent(setting, k -> new ArrayList<>())
                        .add(new JsonNode[] {r, m});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Cell> cells = new ArrayList<>();
        groups.forEach((cell, settings) -> {
            Cell best = null;
            for (List<JsonNode[]> runs : settings.values()) {
                Cell c = cell(runs);
                if (best == null || c.validMonitor() > best.validMonitor()) {
                    best = c;
                }
            }
            cells.add(best);
        });
        return new Result(cells, leftOut);
    }

    private static Cell cell(List<JsonNode[]> runs) {
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
                helen.stats.Moments.mean(monitor), helen.stats.Moments.mean(auc), std(auc), helen.stats.Moments.mean(logloss),
                std(logloss), runs.stream().map(r -> r[0].get("dir").asText()).toList());
    }

    private static double std(double[] v) {
        return v.length < 2 ? Double.NaN : Math.sqrt(helen.stats.Moments.sampleVariance(v));
    }

    public static void write(Path dir, Result r) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        r.cells().stream().sorted(Comparator.comparing(Cell::dataset).thenComparing(Cell::model).thenComparing(Cell::optimizer))
                .forEach(c -> b.append(String.join(",", Csv.quote(c.dataset()), Csv.quote(c.model()), c.optimizer(), num(c.rho()),
                        num(c.xi()), num(c.l2()), Integer.toString(c.seeds()), num(c.validMonitor()), num(c.testAucMean()),
                        num(c.testAucStd()), num(c.testLoglossMean()), num(c.testLoglossStd()))).append('\n'));
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
