package helen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which run fills each results cell (dataset, model, optimizer) when a directory holds several:
 * the first finished one by path, a rule that does not depend on file-system order or time
 * stamps. The others are kept as duplicates and diverged runs are set aside, so that a report can
 * say what it used and what it left out.
 */
public final class RunSelection {
    private final List<RunRecord> used = new ArrayList<>();
    private final Map<String, List<RunRecord>> duplicates = new LinkedHashMap<>();
    private final List<RunRecord> diverged = new ArrayList<>();
    /** Grid mode: the planned runs without a result, as lines naming the run and why. */
    private final List<String> gridLeftOut = new ArrayList<>();
    private boolean grid;

    /** The selected cells of grids (see {@link GridCells}): one record per cell, its seeds inside. */
    static RunSelection ofGrid(List<RunRecord> cells, List<String> leftOut) {
        RunSelection s = new RunSelection(List.of());
        s.grid = true;
        s.used.addAll(cells);
        s.gridLeftOut.addAll(leftOut);
        return s;
    }

    /** Grid mode: runs of the plans that have no result (failed, diverged, not run yet), one line each. */
    public List<String> gridLeftOut() {
        return gridLeftOut;
    }

    /** @param runs every run, sorted by path (as {@link RunRecord#scanAll} returns them) */
    public RunSelection(List<RunRecord> runs) {
        Map<String, RunRecord> byCell = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            if (r.diverged()) {
                diverged.add(r);
            } else if (!r.finished()) {
                continue;
            } else if (byCell.putIfAbsent(r.cell(), r) == null) {
                used.add(r);
            } else {
                duplicates.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r);
            }
        }
    }

    /** One finished run per cell: what the tables and figures are made from. */
    public List<RunRecord> used() {
        return used;
    }

    /** Cells with more than one finished run: the runs not used, by cell. */
    public Map<String, List<RunRecord>> duplicates() {
        return duplicates;
    }

    public List<RunRecord> diverged() {
        return diverged;
    }

    /** Table of every cell's run, the duplicates left out and the diverged runs, with their paths. */
    public ReportTable table(java.nio.file.Path root) {
        if (grid) {
            return gridTable(root);
        }
        ReportTable t = new ReportTable("Runs behind the tables", List.of("dataset", "model", "optimizer", "run", "used",
                "why"));
        for (RunRecord r : used) {
            boolean dup = duplicates.containsKey(r.cell());
            t.add(List.of(r.dataset(), r.model(), r.optimizer(), relative(root, r), "yes",
                    dup ? "first by path of " + (1 + duplicates.get(r.cell()).size()) + " runs for this cell" : ""));
            for (RunRecord d : duplicates.getOrDefault(r.cell(), List.of())) {
                t.add(List.of(d.dataset(), d.model(), d.optimizer(), relative(root, d), "no", "duplicate of " + relative(root, r)));
            }
        }
        for (RunRecord r : diverged) {
            t.add(List.of(r.dataset(), r.model(), r.optimizer(), relative(root, r), "no",
                    "diverged: " + r.metrics().path("reason").asText()));
        }
        t.note("Each results cell (dataset, model, optimizer) comes from one run: the first finished one by path. "
                + "Duplicates and diverged runs are listed and left out of every table and figure.");
        return t;
    }

    private ReportTable gridTable(java.nio.file.Path root) {
        ReportTable t = new ReportTable("Runs behind the tables", List.of("dataset", "model", "optimizer", "selected setting", "seeds",
                "runs"));
        for (RunRecord r : used) {
            RunRecord.Seeds s = r.seeds();
            t.add(List.of(r.dataset(), r.model(), r.optimizer(), s.setting(),
                    s.incomplete() ? s.count() + " of " + s.planned() + " " + Tables.INCOMPLETE : Integer.toString(s.count()),
                    String.join(" ", r.seeds().dirs().stream().map(d -> relative(root, d)).toList())));
        }
        t.note("Each results cell is the setting selected on validation (best mean AUC − logloss over its seeds; "
                + "selection.csv of each grid) with its test metrics averaged over those seeds; analyses are of the first "
                + "seed's run." + (used.stream().anyMatch(r -> r.seeds().incomplete())
                ? " " + Tables.INCOMPLETE + " marks a cell with fewer runs than planned." : "") + (gridLeftOut.isEmpty() ? "" : " Left out, without a result: " + String.join("; ", gridLeftOut) + "."));
        return t;
    }

    private static String relative(java.nio.file.Path root, java.nio.file.Path dir) {
        return root.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
    }

    private static String relative(java.nio.file.Path root, RunRecord r) {
        return relative(root, r.dir());
    }
}
