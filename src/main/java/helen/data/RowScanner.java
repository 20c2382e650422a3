package helen.data;

import helen.util.HelenException;
import helen.util.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the rows of a list of files under one spec, counting and reporting bad rows. Both
 * encoding passes use it, so both see exactly the same rows.
 */
final class RowScanner {
    /** Receives one good row; {@code rowIndex} counts data rows over all files, from 0. */
    interface RowVisitor {
        void visit(DelimitedReader reader, RowParser parser, byte label, long rowIndex) throws BadRowException;
    }

    private final DatasetSpec spec;
    private long badRows;
    private final List<String> examples = new ArrayList<>();

    RowScanner(DatasetSpec spec) {
        this.spec = spec;
    }

    long badRows() {
        return badRows;
    }

    List<String> badRowExamples() {
        return examples;
    }

    /** Visits every good row of {@code files}; returns the number of data rows seen (good or bad). */
    long scan(List<Path> files, RowVisitor visitor) {
        return scan(files, Progress.off(), visitor);
    }

    /** The files' total size in MB (at least 1): what {@link #scan(List, Progress, RowVisitor)} steps through. */
    static long megabytes(List<Path> files) {
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += java.nio.file.Files.size(f);
            } catch (java.io.IOException e) {
                // the reader names a missing file when it opens it
            }
        }
        return Math.max(1, (bytes + 999_999) / 1_000_000);
    }

    /** As {@link #scan(List, RowVisitor)}, stepping {@code progress} through the files' megabytes read. */
    long scan(List<Path> files, Progress progress, RowVisitor visitor) {
        long rowIndex = 0;
        long before = 0;
        for (Path file : files) {
            try (DelimitedReader reader = new DelimitedReader(file, spec.delimiter())) {
                List<String> columns = spec.columns();
                if (spec.header()) {
                    if (!reader.next()) {
                        throw new HelenException(file + ": the file is empty (no header line)");
                    }
                    columns = new ArrayList<>();
                    for (int i = 0; i < reader.fieldCount(); i++) {
                        columns.add(reader.field(i).trim());
                    }
                }
                RowParser parser = new RowParser(spec, columns, file);
                while (reader.next()) {
                    try {
                        byte label = parser.label(reader);
                        visitor.visit(reader, parser, label, rowIndex);
                    } catch (BadRowException e) {
                        String where = file + ": line " + reader.lineNumber() + ": " + e.getMessage();
                        if (e.fatal) {
                            throw new HelenException(where);
                        }
                        badRows++;
                        if (examples.size() < 5) {
                            examples.add(where);
                        }
                    }
                    rowIndex++;
                    if ((rowIndex & 8191) == 0) {
                        progress.stepTo((before + reader.bytesRead()) / 1_000_000);
                    }
                }
                before += reader.bytesRead();
            }
        }
        progress.stepTo((before + 999_999) / 1_000_000);
        return rowIndex;
    }
}
