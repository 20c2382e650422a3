package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.optim.Optimizers;
import helen.results.GridSelection;
import helen.results.SelectionFile;
import helen.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The results cells of grid directories (written by {@code helen grid run|slurm}), as the reports use
 * them: per (dataset, model, optimizer) the setting selected on validation ({@link GridSelection}), its
 * test AUC and logloss as means over its seeds, and its first seed's run for the analyses.
 */
final class GridCells {
    private GridCells() {
    }

    /** The registry's order (the paper's columns first), then Helen with network perturbation. */
    private static final List<String> OPTIMIZER_ORDER = Stream.concat(Optimizers.names().stream(),
            Stream.of(Optimizers.HELEN_WITH_NETWORK)).toList();

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }

    /** The selected cells of every grid, and the runs of the plans without a result. */
    static RunSelection select(List<Path> grids) {
        List<RunRecord> cells = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Path grid : grids) {
            GridSelection.Result r = GridSelection.select(grid);
            r.leftOut().forEach(l -> leftOut.add(grid + ": run " + l));
            for (SelectionFile.Cell c : r.cells()) {
                List<Path> dirs = c.runs().stream().map(grid::resolve).toList();
                JsonNode first = Json.read(dirs.get(0).resolve("metrics.json"), JsonNode.class);
                cells.add(new RunRecord(dirs.get(0), c.dataset(), c.model(), c.optimizer(), c.testAucMean(), c.testLoglossMean(), first,
                        new RunRecord.Seeds(c.seeds(), c.testAucStd(), c.testLoglossStd(), c.setting(), dirs,
                        c.plannedSeeds(), c.runsWithoutResult())));
            }
        }
        // the paper's order (dataset, then model and optimizer as its tables list them), not the ids' hash order:
        // overlaid figures get the same colours for the same optimizers in every report
        cells.sort(Comparator.comparing(RunRecord::dataset).thenComparingInt(r -> rank(Tables.MODELS, r.model()))
                .thenComparingInt(r -> rank(OPTIMIZER_ORDER, r.optimizer())).thenComparing(RunRecord::optimizer));
        return RunSelection.ofGrid(cells, leftOut);
    }
}
