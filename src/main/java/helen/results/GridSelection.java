package helen.results;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.DataContent;
import helen.results.SelectionFile.Cell;
import helen.stats.Moments;
import helen.util.HelenException;
import helen.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code helen grid select DIR}: the paper's protocol (§4.1.4). Per (dataset, model, optimizer), the
 * setting (ρ, ξ, L2) with the best mean validation monitor over its seeds (AUC − logloss, as training
 * selects epochs), and that setting's test metrics, mean and sample standard deviation over seeds.
 * Ties go to the setting listed first in the plan. Failed or diverged runs are left out and counted:
 * each cell says how many seeds its setting planned and how many runs of the cell (any setting) have no
 * result, so that a cell resting on fewer seeds than planned is marked wherever it is reported.
 */
public final class GridSelection {

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
        public Optional<String> summary() {
            if (missing.isEmpty()) {
                return Optional.empty();
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
            return Optional.of(b.toString());
        }
    }

    private GridSelection() {
    }

    public static Result select(Path dir) {
        Path plan = dir.resolve(GridDirectory.PLAN);
        if (!Files.isRegularFile(plan)) {
            throw new HelenException(dir + " has no " + GridDirectory.PLAN + " (helen grid plan or run writes it)");
        }
        // cell -> setting -> (plan line, metrics); metrics null for a planned run without a result
        Map<String, Map<String, List<JsonNode[]>>> groups = new LinkedHashMap<>();
        List<Missing> leftOut = new ArrayList<>();
        // what the plan's data held first, so that a run trained on other data is the one named
        List<DataContent.Trained> trained = new ArrayList<>();
        GridDirectory.recordedData(dir).forEach((name, c) -> trained.add(new DataContent.Trained(GridDirectory.DATA, name, c)));
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
                    GridDirectory.RecordedOutcome recorded = GridDirectory.recordedOutcome(dir, id);
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

    /** Writes the cells of {@code r} to dir/selection.csv ({@link SelectionFile}). */
    public static void write(Path dir, Result r) {
        SelectionFile.write(dir, r.cells());
    }
}
