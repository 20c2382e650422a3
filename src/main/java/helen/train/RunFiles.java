package helen.train;

import helen.util.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a run directory held before a run started, so that a run that fails before its first
 * epoch can remove exactly what it added (and the directory itself if it created it), and nothing
 * that was there before.
 */
final class RunFiles {
    private final Path dir;
    private final boolean existed;
    private final Set<Path> entries;

    private RunFiles(Path dir, boolean existed, Set<Path> entries) {
        this.dir = dir;
        this.existed = existed;
        this.entries = entries;
    }

    static RunFiles snapshot(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new RunFiles(dir, false, Set.of());
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new RunFiles(dir, true, s.map(p -> p.getFileName()).collect(Collectors.toSet()));
        } catch (IOException e) {
            return new RunFiles(dir, true, null); // unknown: remove nothing
        }
    }

    /** Best effort: a failure here must not hide the error that made the run fail. */
    void removeWhatWasAdded() {
        if (entries == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> !entries.contains(p.getFileName())).toList()) {
                FileTrees.delete(p);
            }
            if (!existed) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // what is left is named in the error the caller rethrows
        }
    }
}
