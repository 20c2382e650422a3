package helen.hessian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.EncodedDataset;
import helen.hessian.operator.Shard;
import helen.util.FileTrees;
import helen.util.HelenException;
import helen.util.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The partial sums of a sharded exact analysis on disk, and their merge. Shard I of N writes
 * {@code DIR/shard-I-of-N/}: {@code partial.json} (what was analysed: run, checkpoint hash, data,
 * set, shard) and per table {@code table-<index>.bin} (every seen row's raw block, count and gradient
 * row, float64). Merging checks that the shards belong together (same run, checkpoint, data and
 * set; all N present), adds them and decomposes the blocks as a single process would.
 */
public final class ShardPartials {
    public static final int FORMAT = 1;
    private static final int MAGIC = 0x48454c53; // "HELS"
    /**
     * partial.json keys on which every shard of one analysis must agree (not the run's path, which may
     * differ between machines: the checkpoint's hash says whether the weights are the same).
     */
    static final List<String> SAME_IN_EVERY_SHARD = List.of("format", "checkpoint_sha256", "data_fingerprint", "split",
            "samples", "seed", "batch_size", "set_size", "shards", "dtype", "embedding_dim", "tables");

    private ShardPartials() {
    }

    /** One table's share of one shard: counts, raw blocks and gradient rows (null for rows it did not reach). */
    public record TablePartial(int table, String name, long[] analysisFrequency, double[][] gradient, ExactBlocks.Blocks blocks,
                               double seconds) {
    }

    /** The merged analysis: the shards' common header and each table summed over them. */
    public record Merged(ObjectNode header, List<TablePartial> tables, List<Path> shards) {
    }

    /** Writes {@code header} and {@code tables} as {@code partialDir/<shard dir>}, replacing an earlier try of the same shard. */
    public static Path write(Path partialDir, Shard shard, ObjectNode header, List<TablePartial> tables) {
        Path target = partialDir.resolve(shard.directoryName());
        Path tmp = partialDir.resolve("." + shard.directoryName() + ".tmp");
        try {
            FileTrees.delete(tmp);
            Files.createDirectories(tmp);
            for (TablePartial t : tables) {
                writeTable(tmp.resolve("table-" + t.table() + ".bin"), t);
            }
            Json.writeAtomically(tmp.resolve("partial.json"), header);
            Path old = partialDir.resolve("." + shard.directoryName() + ".old");
            FileTrees.delete(old);
            if (Files.exists(target)) {
                Files.move(target, old);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            FileTrees.delete(old);
            return target;
        } catch (IOException e) {
            throw new HelenException("cannot write the partial sums " + target + ": " + e.getMessage(), e);
        }
    }

    private static void writeTable(Path file, TablePartial t) throws IOException {
        double[][] blocks = t.blocks().blocks();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(t.table());
            out.writeInt(blocks.length);
            out.writeInt(t.blocks().dim());
            out.writeLong(t.blocks().hvps());
            out.writeDouble(t.seconds());
            for (int k = 0; k < blocks.length; k++) {
                if (t.analysisFrequency()[k] == 0 && t.gradient()[k] == null && blocks[k] == null) {
                    continue;
                }
                out.writeInt(k);
                out.writeLong(t.analysisFrequency()[k]);
                out.writeByte((t.gradient()[k] != null ? 1 : 0) | (blocks[k] != null ? 2 : 0));
                for (double[] values : new double[][] {t.gradient()[k], blocks[k]}) {
                    if (values != null) {
                        for (double v : values) {
                            out.writeDouble(v);
                        }
                    }
                }
            }
            out.writeInt(-1);
        }
    }

    private static TablePartial readTable(Path file, String name, int dim) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new HelenException(file + ": not a helen partial-sum file of format " + FORMAT);
            }
            int table = in.readInt();
            int rows = in.readInt();
            int d = in.readInt();
            if (d != dim) {
                throw new HelenException(file + ": embedding dim " + d + ", partial.json says " + dim);
            }
            long hvps = in.readLong();
            double seconds = in.readDouble();
            long[] n = new long[rows];
            double[][] gradient = new double[rows][];
            double[][] blocks = new double[rows][];
            for (int k = in.readInt(); k != -1; k = in.readInt()) {
                if (k < 0 || k >= rows) {
                    throw new HelenException(file + ": row " + k + " outside the table's " + rows + " rows");
                }
                n[k] = in.readLong();
                int flags = in.readByte();
                if ((flags & 1) != 0) {
                    gradient[k] = readDoubles(in, d);
                }
                if ((flags & 2) != 0) {
                    blocks[k] = readDoubles(in, d * d);
                }
            }
            return new TablePartial(table, name, n, gradient, new ExactBlocks.Blocks(blocks, d, hvps), seconds);
        } catch (EOFException e) {
            throw new HelenException(file + ": truncated (the shard was interrupted while writing? run it again)");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new HelenException(file + ": missing (partial.json lists its table)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] readDoubles(DataInputStream in, int count) throws IOException {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    /** Every shard under {@code partialDir}, checked to belong to one analysis and complete, added up. */
    public static Merged merge(Path partialDir) {
        TreeMap<Integer, Path> shards = new TreeMap<>();
        Integer count = null;
        if (!Files.isDirectory(partialDir)) {
            throw new HelenException("merge: " + partialDir + " is not a directory of partial sums");
        }
        try (Stream<Path> s = Files.list(partialDir)) {
            for (Path p : s.sorted().toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("shard-(\\d+)-of-(\\d+)").matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p)) {
                    continue;
                }
                int n = Integer.parseInt(m.group(2));
                if (count != null && n != count) {
                    throw new HelenException("merge: " + partialDir + " mixes shards of " + count + " and of " + n
                            + " (" + p.getFileName() + "): one analysis's shards share N");
                }
                count = n;
                shards.put(Integer.parseInt(m.group(1)), p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (count == null) {
            throw new HelenException("merge: no shard-I-of-N directory in " + partialDir
                    + " (helen analyze RUN --mode exact --shard I/N --partial " + partialDir + " writes them)");
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!shards.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new HelenException("merge: " + partialDir + " lacks shard " + String.join(", ", missing.stream()
                    .map(String::valueOf).toList()) + " of " + count + "; run " + (missing.size() == 1 ? "it" : "them")
                    + " with --shard I/" + count + " first");
        }
        ObjectNode first = null;
        Path firstPath = null;
        List<TablePartial> sum = null;
        for (Path dir : shards.values()) {
            Path json = dir.resolve("partial.json");
            if (!Files.isRegularFile(json)) {
                throw new HelenException("merge: " + json + " missing (the shard did not finish: run it again)");
            }
            ObjectNode header = (ObjectNode) Json.read(json, JsonNode.class);
            if (first == null) {
                first = header;
                firstPath = json;
            } else {
                for (String key : SAME_IN_EVERY_SHARD) {
                    if (!first.path(key).equals(header.path(key))) {
                        throw new HelenException("merge: " + json + " has " + key + " " + header.path(key) + " but " + firstPath
                                + " has " + first.path(key) + ": partial sums of different runs, checkpoints, data or "
                                + "analysis sets cannot be added");
                    }
                }
            }
            int dim = header.path("embedding_dim").asInt();
            List<TablePartial> shard = new ArrayList<>();
            for (JsonNode t : header.path("table_indices")) {
                shard.add(readTable(dir.resolve("table-" + t.asInt() + ".bin"),
                        header.path("tables").get(shard.size()).asText(), dim));
            }
            sum = sum == null ? shard : add(sum, shard);
        }
        return new Merged(first, sum, List.copyOf(shards.values()));
    }

    /** The merged tables as a single process's exact analysis reports them, and the largest block asymmetry. */
    public record Results(List<TableResult> tables, double maxAsymmetry) {
    }

    /** Decomposes the merged blocks; tokens and training-split N come from {@code data}, the run's encoded dataset. */
    public static Results results(Merged merged, EncodedDataset data) {
        List<TableResult> out = new ArrayList<>();
        double asymmetry = 0;
        for (TablePartial t : merged.tables()) {
            ExactBlocks eb = new ExactBlocks();
            RowCurvature curvature = eb.decompose(t.blocks());
            asymmetry = Math.max(asymmetry, eb.maxAsymmetry());
            int rows = t.analysisFrequency().length;
            int[] colour = new int[rows];
            double[] gradNorm = new double[rows];
            for (int k = 0; k < rows; k++) {
                colour[k] = t.blocks().blocks()[k] != null ? 0 : -1;
                double[] g = t.gradient()[k];
                gradNorm[k] = g == null ? 0 : Math.sqrt(java.util.Arrays.stream(g).map(v -> v * v).sum());
            }
            // each shard coloured its own rows: the merged analysis has no one colouring (colours: −1, left empty)
            RowColouring colouring = new RowColouring(colour, -1, t.analysisFrequency());
            out.add(new TableResult(t.table(), t.name(), data.tokens(t.table()), data.tableFrequencies(t.table()),
                    t.analysisFrequency(), gradNorm, colouring, null, curvature, t.seconds()));
        }
        return new Results(out, asymmetry);
    }

    private static List<TablePartial> add(List<TablePartial> a, List<TablePartial> b) {
        List<TablePartial> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            TablePartial x = a.get(i);
            TablePartial y = b.get(i);
            int rows = x.analysisFrequency().length;
            long[] n = new long[rows];
            double[][] g = new double[rows][];
            double[][] blocks = new double[rows][];
            for (int k = 0; k < rows; k++) {
                n[k] = x.analysisFrequency()[k] + y.analysisFrequency()[k];
                g[k] = plus(x.gradient()[k], y.gradient()[k]);
                blocks[k] = plus(x.blocks().blocks()[k], y.blocks().blocks()[k]);
            }
            out.add(new TablePartial(x.table(), x.name(), n, g, new ExactBlocks.Blocks(blocks, x.blocks().dim(),
                    x.blocks().hvps() + y.blocks().hvps()), x.seconds() + y.seconds()));
        }
        return out;
    }

    private static double[] plus(double[] a, double[] b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }
}
