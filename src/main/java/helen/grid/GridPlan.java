package helen.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataContent;
import helen.optim.OptimizerConfig;
import helen.optim.Optimizers;
import helen.results.GridDirectory;
import helen.train.ResolvedConfig;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;
import helen.train.Training;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runs of a {@link GridSpec}: every dataset × model × optimizer setting (the cross product of its
 * axes) × embedding L2 × seed, in that order, each with its resolved config and stable id.
 */
public final class GridPlan {

    private GridPlan() {
    }

    public static List<GridRun> expand(GridSpec spec, int threads) {
        List<GridRun> out = new ArrayList<>();
        for (GridSpec.Dataset d : spec.datasets().values()) {
            for (String model : spec.models()) {
                Path base = d.configDir().resolve(model + ".yaml");
                if (!Files.isRegularFile(base)) {
                    throw new HelenException(spec.file() + ": datasets." + d.name() + ".config_dir: no " + base.getFileName()
                            + " in " + d.configDir() + " (the base config of model '" + model + "')");
                }
                TrainConfig c = TrainConfigLoader.load(base);
                TrainConfig.DataConfig data = new TrainConfig.DataConfig(d.preset(), d.spec(), d.label(), List.of(d.train()),
                        List.of(d.valid()), List.of(d.test()));
                for (Map.Entry<String, Map<String, List<Double>>> o : spec.optimizers().entrySet()) {
                    Map<String, List<Double>> axes = o.getValue();
                    double lr = c.optimizer().lr();
                    for (double rho : axes.getOrDefault("rho", List.of(Double.NaN))) {
                        for (double xi : axes.getOrDefault("xi", List.of(Double.NaN))) {
                            for (double l2 : spec.l2().isEmpty() ? List.of(c.model().embeddingRegularizer()) : spec.l2()) {
                                for (long seed : spec.seeds()) {
                                    boolean withNetwork = o.getKey().equals(Optimizers.HELEN_WITH_NETWORK);
                                    OptimizerConfig opt = c.optimizer().with(withNetwork ? "helen" : o.getKey(), lr,
                                            Double.isNaN(rho) ? null : rho, Double.isNaN(xi) ? null : xi);
                                    if (withNetwork) {
                                        opt = opt.withHelen(opt.helen().withNetwork(true));
                                    }
                                    TrainConfig run = c.with(data, c.model().withEmbeddingRegularizer(l2), opt,
                                            spec.epochs() != null ? spec.epochs() : c.epochs(), seed, threads, c.batchSize());
                                    OptimizerConfig used = run.optimizer();
                                    // the id of the run as the spec writes its data: the same from any checkout or data root
                                    String id = ResolvedConfig.id(run.with(d.written(), run.model(), run.optimizer(), run.epochs(),
                                            run.seed(), run.threads(), run.batchSize()));
                                    out.add(new GridRun(out.size(), id, d.name(), model, o.getKey(),
                                            used.rho() == null ? Double.NaN : used.rho(),
                                            used.isHelen() && used.xi() != null ? used.xi() : Double.NaN, l2, seed, run));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Run {@code index} of the spec's plan, checked against {@code DIR/grid.jsonl}: a task must train
     * the run the plan named, not whatever an edited spec puts at that place now.
     */
    public static GridRun run(GridSpec spec, int threads, Path dir, int index) {
        List<GridRun> runs = expand(spec, threads);
        if (index < 0 || index >= runs.size()) {
            throw new HelenException("--index " + index + ": the plan of " + spec.file() + " has runs 0.." + (runs.size() - 1));
        }
        Path plan = dir.resolve(GridDirectory.PLAN);
        List<String> lines;
        try {
            lines = Files.readAllLines(plan);
        } catch (java.io.IOException e) {
            throw new HelenException(plan + ": " + (Files.exists(plan) ? "unreadable: " + e.getMessage()
                    : "no plan (helen grid plan, run or slurm writes it)"));
        }
        String planned = "";
        if (index < lines.size()) {
            try {
                planned = Json.MAPPER.readTree(lines.get(index)).path("id").asText();
            } catch (java.io.IOException e) {
                throw new HelenException(plan + " line " + (index + 1) + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (!planned.equals(runs.get(index).id())) {
            throw new HelenException(plan + " line " + (index + 1) + ": run " + (planned.isEmpty() ? "(none)" : planned) + " is planned"
                    + " there, but " + spec.file() + " now gives " + runs.get(index).id() + ": the spec changed since the plan"
                    + " (plan again, or restore the spec)");
        }
        return runs.get(index);
    }

    /**
     * Encodes every dataset of the runs once, before anything trains: runs starting together (workers,
     * Slurm tasks) would otherwise queue on the cache's lock, each waiting for the first to encode.
     */
    public static void encodeData(List<GridRun> runs, Path cacheRoot, Path dir, PrintStream log) {
        Map<String, DataContent> content = new TreeMap<>();
        Map<TrainConfig.DataConfig, String> datasets = new LinkedHashMap<>();
        runs.forEach(r -> datasets.putIfAbsent(r.config().data(), r.dataset()));
        datasets.forEach((d, name) -> {
            DataContent c = Training.encode(d, cacheRoot, log).content();
            if (c != null) {
                content.put(name, c);
            }
        });
        recordData(dir, content);
    }

    /**
     * Records in DIR/data.json what each dataset's files hold, checked against what it recorded before:
     * a grid whose data changed under the same file names would otherwise skip its finished runs, trained
     * on the old data, and select among old and new runs alike.
     *
     * @throws HelenException naming the dataset and the files whose content changed
     */
    static void recordData(Path dir, Map<String, DataContent> now) {
        Map<String, DataContent> recorded = GridDirectory.recordedData(dir);
        for (Map.Entry<String, DataContent> e : now.entrySet()) {
            DataContent before = recorded.get(e.getKey());
            if (before != null && !before.fingerprint().equals(e.getValue().fingerprint())) {
                throw new HelenException(dir.resolve(GridDirectory.DATA) + ": dataset " + e.getKey() + " changed since this grid was planned: "
                        + e.getValue().changesSince(before) + "; its finished runs were trained on the old data (restore the data, "
                        + "or run the grid into a new --out)");
            }
        }
        Map<String, DataContent> all = new TreeMap<>(recorded);
        all.putAll(now);
        ObjectNode o = Json.object();
        all.forEach((k, v) -> o.set(k, v.json()));
        AtomicFiles.writeString(dir.resolve(GridDirectory.DATA), o.toPrettyString());
    }

    /** Writes DIR/grid.jsonl (creating DIR): one line per run, in plan order. */
    public static void write(Path dir, List<GridRun> runs) {
        StringBuilder b = new StringBuilder();
        runs.forEach(r -> b.append(r.json().toString()).append('\n'));
        AtomicFiles.writeString(dir.resolve(GridDirectory.PLAN), b.toString());
    }
}
