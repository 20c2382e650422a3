package helen.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.FileHash;
import helen.util.HelenException;
import helen.util.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dataset's files hold, whatever their paths: each file's SHA-256, and one fingerprint over the
 * spec and those hashes in split order. Paths say nothing about content (a {@code train.csv} edited in
 * place keeps its name) and content says nothing about paths (a copy on another machine is the same
 * data), so runs and grids are matched on this, not on where the files lie. Computed where the data is,
 * when it is encoded, and kept in the encoded cache's meta.json.
 *
 * @param fingerprint SHA-256 over the spec and the files' hashes, split by split
 * @param files       each file's name as given (its path) and SHA-256, in split order
 */
public record DataContent(String fingerprint, Map<String, String> files) {
    /** The key of this record in meta.json and metrics.json. */
    public static final String KEY = "data_content";

    /** Hashes the files of {@code sources} (one pass over each) under {@code spec}. */
    static DataContent of(DatasetSpec spec, DataSources sources) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>(List.of(Json.write(spec.canonical())));
        for (int s = 0; s < 3; s++) {
            for (Path p : sources.files(s)) {
                String sha = FileHash.sha256(p);
                files.put(p.toString(), sha);
                parts.add(s + ":" + sha);
            }
        }
        return new DataContent(FileHash.sha256(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)), files);
    }

    public ObjectNode json() {
        ObjectNode o = Json.object().put("fingerprint", fingerprint);
        ObjectNode f = o.putObject("files");
        files.forEach(f::put);
        return o;
    }

    /** The record as {@link #json()} wrote it, or null where {@code o} has none (a cache or run from before it was kept). */
    public static DataContent from(JsonNode o) {
        if (o == null || !o.hasNonNull("fingerprint")) {
            return null;
        }
        Map<String, String> files = new LinkedHashMap<>();
        o.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        return new DataContent(o.get("fingerprint").asText(), files);
    }

    /**
     * What differs from {@code before}, for a one-line error: the files whose content changed (by name, or
     * by position where the paths differ), e.g. "train.csv (sha256 1a2b3c4d… then, 5e6f7a8b… now)".
     */
    public String changesSince(DataContent before) {
        List<String> out = new ArrayList<>();
        List<Map.Entry<String, String>> now = new ArrayList<>(files.entrySet());
        List<Map.Entry<String, String>> then = new ArrayList<>(before.files.entrySet());
        for (int i = 0; i < Math.max(now.size(), then.size()); i++) {
            if (i >= now.size() || i >= then.size()) {
                out.add("the list of files (" + then.size() + " then, " + now.size() + " now)");
                break;
            }
            if (!now.get(i).getValue().equals(then.get(i).getValue())) {
                out.add(now.get(i).getKey() + " (sha256 " + shortSha(then.get(i).getValue()) + " then, "
                        + shortSha(now.get(i).getValue()) + " now)");
            }
        }
        return out.isEmpty() ? "the dataset spec" : String.join(", ", out);
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    /** A run's dataset and what its data held, for {@link #requireNotMixed}. */
    public record Trained(String run, String dataset, DataContent content) {
    }

    /**
     * Refuses runs of one dataset trained on different data (a file edited between them): a table or a
     * selection would mix them. Runs that do not say what their data held (older runs) are not compared.
     *
     * @throws helen.util.HelenException naming the dataset, two runs and the files that differ
     */
    public static void requireNotMixed(List<Trained> runs, String what) {
        Map<String, Trained> first = new LinkedHashMap<>();
        for (Trained t : runs) {
            if (t.content() == null) {
                continue;
            }
            Trained f = first.putIfAbsent(t.dataset(), t);
            if (f != null && !f.content().fingerprint().equals(t.content().fingerprint())) {
                throw new HelenException(what + ": runs of dataset " + t.dataset() + " were trained on different data ("
                        + f.run() + " then " + t.run() + ": " + t.content().changesSince(f.content())
                        + "); keep the runs of one version of the data together, the others elsewhere");
            }
        }
    }
}
