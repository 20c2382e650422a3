package helen.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One split of an encoded cache, memory-mapped: rows × width int32 ids (row-major, so a batch
 * is a gather of whole rows) and one label byte per row. Files over 2 GB are mapped in chunks
 * that hold whole rows.
 */
public final class EncodedSplit {
    private static final long CHUNK_BYTES = 1L << 30;
    private final String name;
    private final int width;
    private final long rows;
    private final int rowsPerChunk;
    private final IntBuffer[] idChunks;
    private final MappedByteBuffer labels;

    EncodedSplit(Path dir, String name, int width) {
        this.name = name;
        this.width = width;
        Path idsFile = dir.resolve(name + ".ids");
        Path labelsFile = dir.resolve(name + ".labels");
        try (FileChannel ids = FileChannel.open(idsFile, StandardOpenOption.READ);
             FileChannel lab = FileChannel.open(labelsFile, StandardOpenOption.READ)) {
            rows = lab.size();
            if (ids.size() != rows * width * 4L) {
                throw new IllegalStateException("corrupt cache " + idsFile + ": " + ids.size() + " bytes for " + rows
                        + " rows of width " + width);
            }
            if (rows > Integer.MAX_VALUE) {
                throw new IllegalStateException("a split of more than 2^31 rows is not supported: " + idsFile);
            }
            rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / (width * 4L));
            int chunks = (int) ((rows + rowsPerChunk - 1) / rowsPerChunk);
            idChunks = new IntBuffer[chunks];
            for (int c = 0; c < chunks; c++) {
                long first = (long) c * rowsPerChunk;
                long n = Math.min(rowsPerChunk, rows - first);
                idChunks[c] = ids.map(FileChannel.MapMode.READ_ONLY, first * width * 4L, n * width * 4L)
                        .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            }
            labels = lab.map(FileChannel.MapMode.READ_ONLY, 0, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + idsFile, e);
        }
    }

    static boolean exists(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name + ".labels"));
    }

    public String name() {
        return name;
    }

    public int rows() {
        return (int) rows;
    }

    public int width() {
        return width;
    }

    public byte label(int row) {
        return labels.get(row);
    }

    /** Copies row {@code row}'s ids into {@code out} at {@code offset}. */
    public void readRow(int row, int[] out, int offset) {
        IntBuffer chunk = idChunks[row / rowsPerChunk];
        chunk.get((row % rowsPerChunk) * width, out, offset, width);
    }

    /** Copies rows [first, first + n) into {@code out} (bulk copies per chunk). */
    public void readRange(int first, int n, int[] out, float[] labelsOut) {
        int done = 0;
        while (done < n) {
            int row = first + done;
            int c = row / rowsPerChunk;
            int inChunk = row % rowsPerChunk;
            int take = Math.min(n - done, rowsPerChunk - inChunk);
            idChunks[c].get(inChunk * width, out, done * width, take * width);
            done += take;
        }
        for (int i = 0; i < n; i++) {
            labelsOut[i] = labels.get(first + i);
        }
    }
}
