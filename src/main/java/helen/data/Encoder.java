package helen.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.Csv;
import helen.util.ExclusiveLock;
import helen.util.FileTrees;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.Progress;
import helen.util.Provenance;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns delimited text into the encoded cache of {@link EncodedDataset}, in two streaming passes
 * whose memory depends on the number of distinct tokens, not on the number of rows:
 * <ol>
 *   <li>count every token hash of the training split, per table;</li>
 *   <li>build the vocabularies (min count), then map every row of every split to row ids and
 *       write them as little-endian int32, row-major, next to one label byte per row.</li>
 * </ol>
 * Everything is written into a temporary directory that is renamed into place at the end, so an
 * interrupted run leaves no partial cache. A cache whose fingerprint (spec, files' paths, sizes
 * and modification times, format version) matches is reused without reading the data.
 *
 * <p>Bad input: a row with the wrong number of columns or an unparsable number is skipped and
 * counted (the first five are reported with file and line); a label other than 0/1, a missing
 * column, or a field that is empty in the whole training split stops the run.
 */
public final class Encoder {
    /** Bumped whenever ids or hashes of an encoding would change (2: word-at-a-time token hash). */
    public static final int FORMAT_VERSION = 2;
    static final String[] SPLITS = {"train", "valid", "test"};

    private final DatasetSpec spec;
    private final DataSources sources;
    private final PrintStream log;

    public Encoder(DatasetSpec spec, DataSources sources, PrintStream log) {
        this.spec = spec;
        this.sources = sources;
        this.log = log;
    }

    /**
     * Encodes into {@code outDir} unless it already holds this exact encoding; returns the dataset.
     * {@code outDir} must be new, empty, or a helen cache: anything else is refused, never deleted.
     * An old cache is replaced only once the new one is complete, under an exclusive lock
     * ({@code .<name>.lock} beside it) so that two processes never encode into the same place.
     */
    public EncodedDataset encode(Path outDir, boolean force) {
        String fingerprint = fingerprint();
        CacheDirectory.checkReplaceable(outDir);
        Path meta = outDir.resolve(EncodedDataset.META);
        if (!force && Files.isRegularFile(meta)) {
            EncodedDataset existing = EncodedDataset.open(outDir);
            if (fingerprint.equals(existing.fingerprint())) {
                log.println("encoded cache is up to date: " + outDir);
                return existing.content() != null ? existing : withContent(outDir);
            }
        }
        try (ExclusiveLock lock = CacheDirectory.lock(outDir)) {
            CacheDirectory.checkReplaceable(outDir); // again: another process may have written it meanwhile
            Path tmp = CacheDirectory.sibling(outDir, "tmp");
            try {
                FileTrees.delete(tmp);
                Files.createDirectories(tmp.resolve("vocab"));
                long t0 = System.nanoTime();
                Vocabulary[] vocabs = countAndBuildVocabularies();
                long t1 = System.nanoTime();
                ObjectNode metaJson = writeSplits(tmp, vocabs, fingerprint);
                long t2 = System.nanoTime();
                metaJson.put("count_seconds", (t1 - t0) / 1e9);
                metaJson.put("encode_seconds", (t2 - t1) / 1e9);
                long t3 = System.nanoTime();
                metaJson.set(DataContent.KEY, DataContent.of(spec, sources).json());
                metaJson.put("content_hash_seconds", (System.nanoTime() - t3) / 1e9);
                Json.writeAtomically(tmp.resolve(EncodedDataset.META), metaJson);
                CacheDirectory.replace(outDir, tmp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write encoded cache " + outDir + ": " + e.getMessage(), e);
            } finally {
                try {
                    FileTrees.delete(tmp);
                } catch (IOException ignored) {
                    // a stray temp directory is harmless and named as such
                }
            }
        }
        return EncodedDataset.open(outDir);
    }

    /** A cache encoded before its data's content was kept: the files are hashed and meta.json says what they held. */
    private EncodedDataset withContent(Path outDir) {
        try (ExclusiveLock lock = CacheDirectory.lock(outDir)) {
            EncodedDataset d = EncodedDataset.open(outDir);
            if (d.content() == null) {
                ObjectNode meta = d.meta().deepCopy();
                meta.set(DataContent.KEY, DataContent.of(spec, sources).json());
                Json.writeAtomically(outDir.resolve(EncodedDataset.META), meta);
            }
        }
        return EncodedDataset.open(outDir);
    }

    /** SHA-256 over the spec, the format version and each file's path, size and modification time. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Json.write(spec.canonical()).getBytes(StandardCharsets.UTF_8));
            md.update(("format " + FORMAT_VERSION + " nosplit " + !sources.splitsTrainFiles(spec)).getBytes(StandardCharsets.UTF_8));
            for (int s = 0; s < 3; s++) {
                for (Path p : sources.files(s)) {
                    md.update((s + ":" + p.toAbsolutePath() + ":" + Files.size(p) + ":"
                            + Files.getLastModifiedTime(p).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Vocabulary[] countAndBuildVocabularies() {
        List<String> tables = spec.tables();
        LongIntHashMap[] counts = new LongIntHashMap[tables.size()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = new LongIntHashMap(1 << 12);
        }
        List<FeatureSpec> fs = spec.features();
        int[] tableOf = tableIndex(tables);
        long[] present = new long[fs.size()];
        long[] hashes = new long[maxWidth()];
        boolean cut = sources.splitsTrainFiles(spec);
        RowScanner scanner = new RowScanner(spec);
        long rows;
        try (Progress progress = Progress.start("count tokens (pass 1 of 2)",
                RowScanner.megabytes(sources.train()), "MB")) {
            rows = scanner.scan(sources.train(), progress, (r, parser, label, rowIndex) -> {
                if (cut && spec.split().splitOf(rowIndex) != 0) {
                    return;
                }
                for (int j = 0; j < fs.size(); j++) {
                    int n = parser.tokens(r, j, hashes);
                    if (parser.hasValue(r, j)) {
                        present[j]++;
                    }
                    for (int k = 0; k < n; k++) {
                        counts[tableOf[j]].increment(hashes[k]);
                    }
                }
            });
        }
        if (rows - scanner.badRows() == 0) {
            throw new HelenException("no readable data row in " + sources.train());
        }
        for (int j = 0; j < fs.size(); j++) {
            if (present[j] == 0) {
                String what = "field '" + fs.get(j).name() + "' (column '" + fs.get(j).source()
                        + "') is empty: no value in the training split of " + sources.train();
                if (spec.emptyFieldsAllowed()) {
                    log.println("warning: " + what + "; it is kept as a constant field");
                    continue;
                }
                throw new HelenException("field '" + fs.get(j).name() + "' (column '" + fs.get(j).source()
                        + "') is empty: no value in the training split of " + sources.train()
                        + "; remove it from the spec");
            }
        }
        Vocabulary[] vocabs = new Vocabulary[tables.size()];
        for (int t = 0; t < tables.size(); t++) {
            FeatureSpec owner = owner(tables.get(t));
            vocabs[t] = Vocabulary.fromCounts(tables.get(t), counts[t], spec.minCountOf(owner));
            counts[t] = null;
        }
        return vocabs;
    }

    private ObjectNode writeSplits(Path dir, Vocabulary[] vocabs, String fingerprint) throws IOException {
        List<FeatureSpec> fs = spec.features();
        int width = spec.rowWidth();
        int[] tableOf = tableIndex(spec.tables());
        int[] offset = new int[fs.size()];
        for (int j = 1; j < fs.size(); j++) {
            offset[j] = offset[j - 1] + fs.get(j - 1).width();
        }
        long[][] fieldFreq = new long[fs.size()][];
        for (int j = 0; j < fs.size(); j++) {
            fieldFreq[j] = new long[vocabs[tableOf[j]].size()];
        }
        SplitWriter[] writers = new SplitWriter[3];
        for (int s = 0; s < 3; s++) {
            writers[s] = new SplitWriter(dir, SPLITS[s], width);
        }
        boolean cut = sources.splitsTrainFiles(spec);
        long[] hashes = new long[maxWidth()];
        int[] ids = new int[width];
        RowScanner scanner = new RowScanner(spec);
        for (int s = 0; s < 3; s++) {
            final int fileSplit = s;
            if (sources.files(s).isEmpty()) {
                continue;
            }
            try (Progress progress = Progress.start("encode " + SPLITS[s] + " files (pass 2 of 2)",
                    RowScanner.megabytes(sources.files(s)), "MB")) {
                scanner.scan(sources.files(s), progress, (r, parser, label, rowIndex) -> {
                    int split = cut && fileSplit == 0 ? spec.split().splitOf(rowIndex) : fileSplit;
                    java.util.Arrays.fill(ids, Vocabulary.PAD);
                    for (int j = 0; j < fs.size(); j++) {
                        Vocabulary v = vocabs[tableOf[j]];
                        int n = parser.tokens(r, j, hashes);
                        for (int k = 0; k < n; k++) {
                            int row = v.row(hashes[k]);
                            ids[offset[j] + k] = row;
                            if (split == 0) {
                                fieldFreq[j][row]++;
                                if (!v.hasToken(row)) {
                                    v.setToken(row, parser.text(r, j, k));
                                }
                            }
                        }
                    }
                    writers[split].write(ids, label);
                });
            }
        }
        ObjectNode splits = Json.object();
        for (int s = 0; s < 3; s++) {
            writers[s].close();
            ObjectNode o = splits.putObject(SPLITS[s]);
            o.put("rows", writers[s].rows);
            o.put("positives", writers[s].positives);
        }
        writeVocabularies(dir, vocabs, fieldFreq, tableOf);

        ObjectNode meta = Json.object();
        meta.put("format_version", FORMAT_VERSION);
        meta.put("fingerprint", fingerprint);
        meta.put("dataset", spec.name());
        meta.put("label", spec.label());
        meta.put("row_width", width);
        meta.set("spec", Json.MAPPER.valueToTree(spec.canonical()));
        ArrayNode fields = meta.putArray("fields");
        for (int j = 0; j < fs.size(); j++) {
            FeatureSpec f = fs.get(j);
            ObjectNode o = fields.addObject();
            o.put("name", f.name());
            o.put("table", f.table());
            o.put("type", f.type().name().toLowerCase());
            o.put("width", f.width());
            o.put("offset", offset[j]);
        }
        ArrayNode tables = meta.putArray("tables");
        for (Vocabulary v : vocabs) {
            tables.addObject().put("name", v.table()).put("rows", v.size());
        }
        meta.set("splits", splits);
        ObjectNode src = meta.putObject("sources");
        for (int s = 0; s < 3; s++) {
            ArrayNode a = src.putArray(SPLITS[s]);
            sources.files(s).forEach(p -> a.add(p.toAbsolutePath().toString()));
        }
        meta.put("split_rule", cut ? "rows of the training files assigned by seeded hash: " + spec.split() : "one split per file list");
        meta.put("bad_rows_skipped", scanner.badRows());
        ArrayNode ex = meta.putArray("bad_row_examples");
        scanner.badRowExamples().forEach(ex::add);
        meta.set("provenance", Provenance.stamp());
        if (scanner.badRows() > 0) {
            log.println("skipped " + scanner.badRows() + " bad rows; first: " + scanner.badRowExamples().get(0));
        }
        return meta;
    }

    private void writeVocabularies(Path dir, Vocabulary[] vocabs, long[][] fieldFreq, int[] tableOf) throws IOException {
        List<FeatureSpec> fs = spec.features();
        for (int t = 0; t < vocabs.length; t++) {
            Vocabulary v = vocabs[t];
            List<Integer> users = new java.util.ArrayList<>();
            for (int j = 0; j < fs.size(); j++) {
                if (tableOf[j] == t) {
                    users.add(j);
                }
            }
            Path file = dir.resolve("vocab").resolve(v.table() + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("row,token,frequency");
                for (int j : users) {
                    w.write(",frequency_" + fs.get(j).name());
                }
                w.write("\n");
                for (int row = 0; row < v.size(); row++) {
                    long total = 0;
                    for (int j : users) {
                        total += fieldFreq[j][row];
                    }
                    String token = v.hasToken(row) ? v.token(row) : "";
                    w.write(row + "," + Csv.quote(token) + "," + total);
                    for (int j : users) {
                        w.write("," + fieldFreq[j][row]);
                    }
                    w.write("\n");
                }
            }
        }
    }

    private FeatureSpec owner(String table) {
        return spec.features().stream().filter(f -> f.name().equals(table)).findFirst().orElseThrow();
    }

    private int[] tableIndex(List<String> tables) {
        List<FeatureSpec> fs = spec.features();
        int[] tableOf = new int[fs.size()];
        for (int j = 0; j < fs.size(); j++) {
            tableOf[j] = tables.indexOf(fs.get(j).table());
        }
        return tableOf;
    }

    private int maxWidth() {
        return spec.features().stream().mapToInt(FeatureSpec::width).max().orElse(1);
    }

    /** Appends rows of one split: ids as little-endian int32 and labels as bytes. */
    private static final class SplitWriter {
        private final FileChannel idsOut;
        private final FileChannel labelsOut;
        private final ByteBuffer idsBuf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final ByteBuffer labelsBuf = ByteBuffer.allocateDirect(1 << 16);
        long rows;
        long positives;

        SplitWriter(Path dir, String split, int width) throws IOException {
            idsOut = FileChannel.open(dir.resolve(split + ".ids"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            labelsOut = FileChannel.open(dir.resolve(split + ".labels"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        void write(int[] ids, byte label) {
            try {
                if (idsBuf.remaining() < ids.length * 4) {
                    drain(idsBuf, idsOut);
                }
                for (int id : ids) {
                    idsBuf.putInt(id);
                }
                if (!labelsBuf.hasRemaining()) {
                    drain(labelsBuf, labelsOut);
                }
                labelsBuf.put(label);
                rows++;
                positives += label;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void drain(ByteBuffer b, FileChannel c) throws IOException {
            b.flip();
            while (b.hasRemaining()) {
                c.write(b);
            }
            b.clear();
        }

        void close() throws IOException {
            drain(idsBuf, idsOut);
            drain(labelsBuf, labelsOut);
            idsOut.close();
            labelsOut.close();
        }
    }

    /** For tests and stats: where a cache for these inputs would live under {@code root}. */
    public Path defaultCacheDir(Path root) {
        return root.resolve(spec.name() + "-" + fingerprint().substring(0, 12));
    }
}
