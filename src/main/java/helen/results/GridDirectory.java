package helen.results;

import com.fasterxml.jackson.databind.JsonNode;
import helen.data.DataContent;
import helen.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The layout of a grid directory, as {@code helen grid plan|run|slurm} writes it and the selection and
 * reports read it: the plan ({@value #PLAN}, one JSON line per run), what each dataset's files held
 * when the grid was planned ({@value #DATA}), and what became of each run ({@value #OUTCOMES}/ID.json).
 */
public final class GridDirectory {
    /** The plan: one JSON object a line per run (id, index, dir, dataset, model, optimizer, rho, xi, l2, seed, ...). */
    public static final String PLAN = "grid.jsonl";
    /** What each dataset's files held when the grid was planned, by dataset name. */
    public static final String DATA = "data.json";
    /** The directory of outcome files, one ID.json per run that an executor ran. */
    public static final String OUTCOMES = "outcomes";

    private GridDirectory() {
    }

    /** The grid directories at or under {@code root} (three levels at most), sorted; empty when it holds none. */
    public static List<Path> find(Path root) {
        if (Files.isRegularFile(root.resolve(PLAN))) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(p -> p.getFileName().toString().equals(PLAN)).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DIR/data.json as recorded; empty where the grid has none (planned before it was kept). */
    public static Map<String, DataContent> recordedData(Path dir) {
        Path f = dir.resolve(DATA);
        Map<String, DataContent> out = new TreeMap<>();
        if (Files.isRegularFile(f)) {
            Json.read(f, JsonNode.class).fields()
                    .forEachRemaining(e -> out.put(e.getKey(), DataContent.from(e.getValue())));
        }
        return out;
    }

    /** Where the outcome of run {@code id} is written. */
    public static Path outcomeFile(Path dir, String id) {
        return dir.resolve(OUTCOMES).resolve(id + ".json");
    }

    /** A run's recorded outcome: its status and its line ("failed: ... (log: ...)"). */
    public record RecordedOutcome(String status, String line) {
    }

    /** The recorded outcome of run {@code id}, or null where none was recorded. */
    public static RecordedOutcome recordedOutcome(Path dir, String id) {
        Path f = outcomeFile(dir, id);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonNode o = Json.read(f, JsonNode.class);
        return new RecordedOutcome(o.path("status").asText(),
                o.path("message").asText() + (o.has("log") ? " (log: " + o.get("log").asText() + ")" : ""));
    }
}
