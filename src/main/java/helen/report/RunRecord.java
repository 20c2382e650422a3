package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.optim.Optimizers;
import helen.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One finished training run as the reports see it, read from its metrics.json.
 *
 * @param dir       the run directory
 * @param dataset   dataset id (from the spec)
 * @param model     model name
 * @param optimizer optimizer name
 * @param auc       test AUC
 * @param logloss   test logloss
 * @param metrics   the whole metrics.json
 * @param seeds     for a grid's selected setting, its seeds ({@code auc} and {@code logloss} are then their means
 *                  and {@code dir} the first seed's run); null for a single run
 */
public record RunRecord(Path dir, String dataset, String model, String optimizer, double auc, double logloss,
                        JsonNode metrics, Seeds seeds) {
    /**
     * The seeds behind a grid cell: how many, the sample standard deviations of test AUC and logloss
     * over them (NaN for one seed), the selected setting ("ρ 0.05 ξ 0.5 l2 1e-05"), every seed's run, the
     * seeds the plan gave that setting and the cell's planned runs (any setting) without a result.
     */
    public record Seeds(int count, double aucStd, double loglossStd, String setting, List<Path> dirs, int planned,
                        int runsWithoutResult) {
        /** Whether the cell rests on fewer runs than planned (a run failed, diverged or never ran). */
        public boolean incomplete() {
            return count < planned || runsWithoutResult > 0;
        }
    }

    public RunRecord(Path dir, String dataset, String model, String optimizer, double auc, double logloss, JsonNode metrics) {
        this(dir, dataset, model, optimizer, auc, logloss, metrics, null);
    }

    /** Every finished run (a directory whose metrics.json has a test result) under {@code root}, sorted by path. */
    public static List<RunRecord> scan(Path root) {
        return scanAll(root).stream().filter(RunRecord::finished).toList();
    }

    /**
     * Every run under {@code root} with a metrics.json, finished or diverged, sorted by path. A
     * diverged run has NaN metrics and {@code status} "diverged" (see {@link #diverged()}).
     */
    public static List<RunRecord> scanAll(Path root) {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root, 4)) {
            for (Path m : s.filter(p -> p.getFileName().toString().equals("metrics.json")).sorted().toList()) {
                JsonNode j = Json.read(m, JsonNode.class);
                boolean tested = j.has("test");
                out.add(new RunRecord(m.getParent(), j.path("dataset").asText(), j.path("model").asText(),
                        label(j.path("optimizer")),
                        tested ? j.get("test").get("auc").asDouble() : Double.NaN,
                        tested ? j.get("test").get("logloss").asDouble() : Double.NaN, j));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(r -> r.dir().toString()));
        return out;
    }

    /**
     * The optimizer as the reports name it: its name, except Helen's official variant trained with
     * network perturbation, which is Table 4's Helen and not the results tables' ({@link Optimizers#HELEN_WITH_NETWORK}).
     */
    static String label(JsonNode optimizer) {
        String name = optimizer.path("name").asText();
        boolean official = "official".equals(optimizer.path("variant").asText());
        return name.equals(PaperLayout.HELEN) && official && optimizer.path("network_perturbation").asBoolean()
                ? Optimizers.HELEN_WITH_NETWORK : name;
    }

    /** Whether the run ended with a test result (metrics.json before the status field had one too). */
    public boolean finished() {
        return metrics.has("test") && !diverged();
    }

    public boolean diverged() {
        return "diverged".equals(metrics.path("status").asText());
    }

    /** The results cell this run fills: dataset, model and optimizer. */
    public String cell() {
        return dataset + " / " + model + " / " + optimizer;
    }

    /** The analysis written into this run's {@code analysis/} directory, if any. */
    public Path analysisDir() {
        return dir.resolve("analysis");
    }

    public boolean hasAnalysis() {
        return Files.isRegularFile(analysisDir().resolve("analysis.json"));
    }
}
