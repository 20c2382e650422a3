package helen.data;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.ExclusiveLock;
import helen.util.FileTrees;
import helen.util.HelenException;
import helen.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The rules for where {@link Encoder} may write: helen only ever replaces what it created. A cache
 * directory is new, empty, or an earlier helen cache (a {@code meta.json} with a format version
 * and a fingerprint); anything else, a regular file or a directory holding other files, is refused
 * with its path named and left untouched.
 */
final class CacheDirectory {
    private CacheDirectory() {
    }

    /** @throws HelenException if {@code dir} is something helen did not create */
    static void checkReplaceable(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getFileName() == null || abs.getParent() == null) {
            throw new HelenException("cannot use " + dir + " as a cache directory: give a new or empty directory");
        }
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new HelenException(dir + " exists and is not a directory; a cache goes into a new, empty or "
                    + "helen cache directory (nothing was changed)");
        }
        Path meta = dir.resolve(EncodedDataset.META);
        if (Files.isRegularFile(meta)) {
            JsonNode m;
            try {
                m = Json.MAPPER.readTree(meta.toFile());
            } catch (IOException e) {
                throw new HelenException(meta + " is not readable JSON; if " + dir
                        + " is a damaged helen cache, delete it by hand (nothing was changed)");
            }
            if (m != null && m.has("format_version") && m.has("fingerprint")) {
                return;
            }
        } else if (isEmpty(dir)) {
            return;
        }
        throw new HelenException(dir + " is not empty and is not a helen encoded cache (no helen " + EncodedDataset.META
                + "); refusing to overwrite it: give a new or empty directory (nothing was changed)");
    }

    /** The lock of {@code dir}: a hidden file beside it, since the directory itself is replaced whole. */
    static ExclusiveLock lock(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return ExclusiveLock.acquire(abs.resolveSibling("." + abs.getFileName() + ".lock"), dir, "encoding " + abs);
    }

    /** A hidden sibling of {@code dir} private to this process. */
    static Path sibling(Path dir, String kind) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + "." + kind + "-" + ProcessHandle.current().pid());
    }

    /**
     * Puts the complete cache {@code fresh} at {@code dir}. An existing cache is first renamed aside
     * and deleted only after the new one is in place; if that fails, the old one is put back.
     */
    static void replace(Path dir, Path fresh) throws IOException {
        Files.createDirectories(dir.toAbsolutePath().normalize().getParent());
        if (!Files.exists(dir)) {
            Files.move(fresh, dir);
            return;
        }
        Path old = sibling(dir, "old");
        FileTrees.delete(old);
        Files.move(dir, old);
        try {
            Files.move(fresh, dir);
        } catch (IOException e) {
            Files.move(old, dir);
            throw e;
        }
        FileTrees.delete(old);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
