package helen.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;

/**
 * An exclusive, non-blocking lock on an output (a run directory, an encoded cache, an analysis
 * directory), so that two helen processes never write into the same place at once.
 *
 * <p>It is an OS file lock ({@code flock}-style, via {@link FileChannel#tryLock()}) on a small lock
 * file whose content names the holder (pid, host, start time, what it does). The OS releases the
 * lock when the holder dies, so a killed run never leaves a stale lock behind: the file may stay,
 * but a later process takes the lock at once. The file is not deleted on release, because deleting
 * a lock file races with a process that has just opened it.
 */
public final class ExclusiveLock implements AutoCloseable {
    /** Name of the lock file inside a locked directory. */
    public static final String FILE = ".helen.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (creating it) through {@code dir/.helen.lock}. */
    public static ExclusiveLock directory(Path dir, String purpose) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new HelenException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return acquire(dir.resolve(FILE), dir, purpose);
    }

    /**
     * Takes the lock file {@code lockFile} for {@code what}; fails at once, naming the holder, when
     * another process (or another part of this one) holds it.
     *
     * @throws HelenException if the lock is held or the lock file cannot be created
     */
    public static ExclusiveLock acquire(Path lockFile, Path what, String purpose) {
        FileChannel ch;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new HelenException("cannot create lock file " + lockFile + ": " + e.getMessage(), e);
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this JVM
        } catch (IOException e) {
            closeQuietly(ch);
            throw new HelenException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
        if (l == null) {
            String holder = holder(lockFile);
            closeQuietly(ch);
            throw new HelenException(what + " is in use by another helen process (" + holder
                    + "); wait for it to finish or use another directory");
        }
        try {
            String me = "pid " + ProcessHandle.current().pid() + " on " + host() + ", " + purpose + ", since "
                    + OffsetDateTime.now().withNano(0);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
        } catch (IOException e) {
            // the lock is held; the holder description is only a courtesy to the next process
        }
        return new ExclusiveLock(ch, l);
    }

    private static String holder(Path lockFile) {
        try {
            String s = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "holder unknown, lock file " + lockFile : s;
        } catch (IOException e) {
            return "holder unknown, lock file " + lockFile;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
