package helen.data;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Csv;
import helen.util.HelenException;
import helen.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An encoded cache written by {@link Encoder}: {@code meta.json}, per split {@code <split>.ids}
 * and {@code <split>.labels}, and {@code vocab/<table>.csv} (row, token, training frequency N,
 * and per-field frequencies). Splits are memory-mapped on first use.
 */
public final class EncodedDataset {
    public static final String META = "meta.json";
    private final Path dir;
    private final JsonNode meta;
    private final List<EncodedField> fields = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();
    private final int[] tableRows;
    private final Map<String, EncodedSplit> splits = new HashMap<>();
    private final Map<String, VocabFile> vocabs = new HashMap<>();

    private EncodedDataset(Path dir, JsonNode meta) {
        this.dir = dir;
        this.meta = meta;
        for (JsonNode t : meta.get("tables")) {
            tables.add(t.get("name").asText());
        }
        tableRows = new int[tables.size()];
        for (int t = 0; t < tables.size(); t++) {
            tableRows[t] = meta.get("tables").get(t).get("rows").asInt();
        }
        for (JsonNode f : meta.get("fields")) {
            String table = f.get("table").asText();
            fields.add(new EncodedField(f.get("name").asText(), table, tables.indexOf(table),
                    FeatureType.valueOf(f.get("type").asText().toUpperCase(Locale.ROOT)),
                    f.get("width").asInt(), f.get("offset").asInt()));
        }
    }

    /**
     * An encoded cache directory.
     *
     * @throws HelenException if it holds no meta.json or one of another cache format
     */
    public static EncodedDataset open(Path dir) {
        Path metaFile = dir.resolve(META);
        if (!Files.isRegularFile(metaFile)) {
            throw new HelenException("not an encoded dataset (no " + META + "): " + dir);
        }
        JsonNode meta = Json.read(metaFile, JsonNode.class);
        if (meta.path("format_version").asInt() != Encoder.FORMAT_VERSION) {
            throw new HelenException(metaFile + ": cache format " + meta.path("format_version").asInt()
                    + ", this helen reads " + Encoder.FORMAT_VERSION + "; re-encode with --force");
        }
        return new EncodedDataset(dir, meta);
    }

    public Path dir() {
        return dir;
    }

    public JsonNode meta() {
        return meta;
    }

    public String name() {
        return meta.get("dataset").asText();
    }

    public String fingerprint() {
        return meta.path("fingerprint").asText();
    }

    /** What the source files held when this cache was encoded; null for a cache encoded before that was kept. */
    public DataContent content() {
        return DataContent.from(meta.get(DataContent.KEY));
    }

    public List<EncodedField> fields() {
        return fields;
    }

    public List<String> tables() {
        return tables;
    }

    /** Rows of table t, including padding (row 0) and OOV (row 1). */
    public int tableRows(int t) {
        return tableRows[t];
    }

    public int rowWidth() {
        return meta.get("row_width").asInt();
    }

    public long rows(String split) {
        return meta.get("splits").get(split).get("rows").asLong();
    }

    public long positives(String split) {
        return meta.get("splits").get(split).get("positives").asLong();
    }

    public boolean hasRows(String split) {
        return rows(split) > 0;
    }

    public synchronized EncodedSplit split(String name) {
        return splits.computeIfAbsent(name, n -> {
            if (!EncodedSplit.exists(dir, n)) {
                throw new HelenException("encoded dataset " + dir + " has no split '" + n + "'");
            }
            return new EncodedSplit(dir, n, rowWidth());
        });
    }

    /** N: training-split frequency of every row of table t (all fields using it). */
    public long[] tableFrequencies(int t) {
        return vocab(t).total;
    }

    /** N^j: training-split frequency of every row of field j's table, counting field j only. */
    public long[] fieldFrequencies(int field) {
        EncodedField f = fields.get(field);
        return vocab(f.tableIndex()).perField.get(f.name());
    }

    public List<String> tokens(int t) {
        return vocab(t).tokens;
    }

    private synchronized VocabFile vocab(int t) {
        return vocabs.computeIfAbsent(tables.get(t), name -> VocabFile.read(dir.resolve("vocab").resolve(name + ".csv"),
                tableRows[t]));
    }

    /** The parsed vocab/TABLE.csv. */
    private static final class VocabFile {
        final List<String> tokens = new ArrayList<>();
        final long[] total;
        final Map<String, long[]> perField = new HashMap<>();

        private VocabFile(int rows) {
            total = new long[rows];
        }

        static VocabFile read(Path file, int rows) {
            VocabFile v = new VocabFile(rows);
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<String> header = Csv.split(r.readLine());
                List<long[]> cols = new ArrayList<>();
                for (int c = 3; c < header.size(); c++) {
                    long[] a = new long[rows];
                    cols.add(a);
                    v.perField.put(header.get(c).substring("frequency_".length()), a);
                }
                String line;
                int row = 0;
                while ((line = r.readLine()) != null) {
                    List<String> cells = Csv.split(line);
                    v.tokens.add(cells.get(1));
                    v.total[row] = Long.parseLong(cells.get(2));
                    for (int c = 0; c < cols.size(); c++) {
                        cols.get(c)[row] = Long.parseLong(cells.get(3 + c));
                    }
                    row++;
                }
                if (row != rows) {
                    throw new IllegalStateException("corrupt cache: " + file + " has " + row + " rows, meta says " + rows);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            return v;
        }
    }
}
