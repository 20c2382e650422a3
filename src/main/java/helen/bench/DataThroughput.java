package helen.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataSources;
import helen.data.EncodedDataset;
import helen.data.EncodedSplit;
import helen.data.Encoder;
import helen.data.Presets;
import helen.data.synthetic.SyntheticCriteo;
import helen.data.synthetic.SyntheticOptions;
import helen.util.FileTrees;
import helen.util.Json;
import helen.util.Provenance;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code helen bench data}: how fast Criteo_x4-format CSV is generated, encoded (both passes) and read back
 * in batches, and how fast Tablesaw reads the same file; or the batch reading alone of an existing cache.
 */
public final class DataThroughput {
    private DataThroughput() {
    }

    /**
     * @param rows     rows to generate
     * @param batch    rows per batch
     * @param maxVocab largest vocabulary per field of the generated data
     * @param dir      work directory (null: a temporary one, deleted after)
     * @return the rates, as {@code helen bench data} prints them
     * @throws IOException where the work directory cannot be written
     */
    public static ObjectNode measure(int rows, int batch, int maxVocab, Path dir) throws IOException {
        Path work = dir != null ? dir : Files.createTempDirectory("helen-bench-data");
        try {
            Files.createDirectories(work);
            Path csv = work.resolve("criteo_like.csv");
            long t0 = System.nanoTime();
            new SyntheticCriteo(new SyntheticOptions(1.1, maxVocab, 7, -1.6)).write(csv, rows, 8);
            double genS = (System.nanoTime() - t0) / 1e9;
            Encoder enc = new Encoder(Presets.builtIn("criteo_x4"), new DataSources(List.of(csv), null, null, true), System.err);
            long t1 = System.nanoTime();
            EncodedDataset d = enc.encode(work.resolve("cache"), true);
            double encS = (System.nanoTime() - t1) / 1e9;
            EncodedSplit train = d.split("train");
            double seqRate = BatchReading.rowsPerSecond(train, batch, false);
            double shufRate = BatchReading.rowsPerSecond(train, batch, true);
            ObjectNode o = Json.object();
            o.put("rows", rows);
            o.put("csv_megabytes", Files.size(csv) / 1e6);
            o.put("generate_rows_per_second", rows / genS);
            o.put("encode_rows_per_second", rows / encS);
            o.put("encode_count_pass_seconds", d.meta().get("count_seconds").asDouble());
            // Where helen's own reader stops and Tablesaw starts (helen.data.DelimitedReader's note): the
            // count pass reads, splits and hashes every token; Tablesaw only parses the same file into columns.
            o.put("count_pass_rows_per_second", rows / d.meta().get("count_seconds").asDouble());
            o.put("tablesaw_read_rows_per_second", tablesawRate(csv));
            o.put("encode_write_pass_seconds", d.meta().get("encode_seconds").asDouble());
            o.put("read_sequential_rows_per_second", seqRate);
            o.put("read_shuffled_rows_per_second", shufRate);
            o.put("batch", batch);
            o.put("cores", Runtime.getRuntime().availableProcessors());
            o.set("provenance", Provenance.stamp());
            return o;
        } finally {
            if (dir == null) {
                FileTrees.delete(work);
            }
        }
    }

    /**
     * Batch reading of an existing cache's train split, one epoch per pass (a dataset too large to generate here).
     *
     * @param cache an encoded dataset (a directory holding meta.json)
     * @param batch rows per batch
     */
    public static ObjectNode reading(Path cache, int batch) {
        EncodedSplit train = EncodedDataset.open(cache).split("train");
        ObjectNode o = Json.object();
        o.put("cache", cache.toString());
        o.put("rows", train.rows());
        o.put("width", train.width());
        long t = System.nanoTime();
        o.put("read_sequential_rows_per_second", BatchReading.rowsPerSecond(train, batch, false));
        o.put("read_shuffled_rows_per_second", BatchReading.rowsPerSecond(train, batch, true));
        o.put("read_seconds", (System.nanoTime() - t) / 1e9);
        o.put("batch", batch);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.set("provenance", Provenance.stamp());
        return o;
    }

    /** Rows/s of Tablesaw's CSV reader over the same file, every column as text (no type guessing). */
    private static double tablesawRate(Path csv) {
        long t = System.nanoTime();
        Table table = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).header(true)
                .columnTypesToDetect(List.of(ColumnType.STRING)).build());
        return table.rowCount() / ((System.nanoTime() - t) / 1e9);
    }
}
