package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.grid.GridPlan;
import helen.grid.Selection;
import helen.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The results cells of grid directories (written by {@code helen grid run|slurm}), as the reports use
 * them: per (dataset, model, optimizer) the setting selected on validation ({@link Selection}), its
 * test AUC and logloss as means over its seeds, and its first seed's run for the analyses.
 */
final class GridCells {
    private GridCells() {
    }

    /** The grid directories at or under {@code root} (three levels at most), sorted; empty when it holds none. */
    static List<Path> find(Path root) {
        if (Files.isRegularFile(root.resolve(GridPlan.FILE))) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(p -> p.getFileName().toString().equals(GridPlan.FILE)).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The selected cells of every grid, and the runs of the plans without a result. */
    static RunSelection select(List<Path> grids) {
        List<RunRecord> cells = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Path grid : grids) {
            Selection.Result r = Selection.select(grid);
            r.leftOut().forEach(l -> leftOut.add(grid + ": run " + l));
            for (Selection.Cell c : r.cells()) {
                List<Path> dirs = c.runs().stream().map(grid::resolve).toList();
                JsonNode first = Json.read(dirs.get(0).resolve("metrics.json"), JsonNode.class);
                cells.add(new RunRecord(dirs.get(0), c.dataset(), c.model(), c.optimizer(), c.testAucMean(), c.testLoglossMean(), first,
                        new RunRecord.Seeds(c.seeds(), c.testAucStd(), c.testLoglossStd(), c.setting(), dirs)));
            }
        }
        cells.sort(java.util.Comparator.comparing(r -> r.dir().toString()));
        return RunSelection.ofGrid(cells, leftOut);
    }
}
