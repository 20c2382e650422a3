package helen.data.synthetic;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** A synthetic dataset's row source: its header and, row by row, the line and its true click probability. */
public interface SyntheticRows {
    /** The CSV header line, without the line break. */
    String header();

    /**
     * Writes one data line (no line break) into {@code line}, features drawn from {@code rnd} and the
     * label's place reserved with {@link LineBuffer#labelSlot()}; the writer then draws the label from
     * the same stream.
     *
     * @return the row's click probability under the hidden model
     */
    double next(SplittableRandom rnd, LineBuffer line);

    /**
     * Writes the header and {@code rows} rows to {@code file} (atomically), drawn from {@code rowSeed}.
     * Returns the file, row and positive counts and the oracle's AUC and logloss on these rows (the
     * best any model can do).
     */
    default ObjectNode write(Path file, long rows, long rowSeed) {
        return SyntheticWriter.write(this, file, rows, rowSeed);
    }
}
