package helen.data.synthetic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.stats.Auc;
import helen.util.AtomicFiles;
import helen.util.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Writes a synthetic dataset's rows to a CSV file and measures the oracle (the hidden model) on them. */
final class SyntheticWriter {
    /** Rows whose oracle probabilities are kept for its AUC and logloss. */
    private static final int ORACLE_ROWS = 1_000_000;

    private SyntheticWriter() {
    }

    /** See {@link SyntheticRows#write}. */
    static ObjectNode write(SyntheticRows source, Path file, long rows, long rowSeed) {
        SplittableRandom rnd = new SplittableRandom(rowSeed);
        int oracleN = (int) Math.min(rows, ORACLE_ROWS);
        double[] probs = new double[oracleN];
        float[] labels = new float[oracleN];
        long positives = 0;
        Path tmp = AtomicFiles.tempSibling(file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            out.write((source.header() + "\n").getBytes(StandardCharsets.US_ASCII));
            LineBuffer line = new LineBuffer();
            for (long n = 0; n < rows; n++) {
                line.clear();
                double prob = source.next(rnd, line);
                boolean click = rnd.nextDouble() < prob;
                line.setLabel(click);
                line.put('\n').writeTo(out);
                positives += click ? 1 : 0;
                if (n < oracleN) {
                    probs[(int) n] = prob;
                    labels[(int) n] = click ? 1 : 0;
                }
            }
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file, e);
        }
        AtomicFiles.commit(tmp, file);
        ObjectNode o = Json.object();
        o.put("file", file.toString());
        o.put("rows", rows);
        o.put("positives", positives);
        o.put("oracle_auc", Auc.of(probs, labels, oracleN));
        o.put("oracle_logloss", Auc.logloss(probs, labels, oracleN));
        o.put("oracle_rows", oracleN);
        return o;
    }

    static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}
