package helen.util;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A log that goes both to the console and, appended, to a file in the run directory, so that a
 * run keeps its own record (a resumed run adds to the same file).
 */
public final class TeeLog {
    private TeeLog() {
    }

    /** A PrintStream writing to {@code console} and appending to {@code file} (flushed per line); close() closes the file. */
    public static PrintStream to(PrintStream console, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            OutputStream fileOut = new FileOutputStream(file.toFile(), true);
            OutputStream both = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    console.write(b);
                    fileOut.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    console.write(b, off, len);
                    fileOut.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    console.flush();
                    fileOut.flush();
                }

                /** Closes the file only: the console stays open for everyone else. */
                @Override
                public void close() throws IOException {
                    flush();
                    fileOut.close();
                }
            };
            return new PrintStream(both, true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + file, e);
        }
    }
}
