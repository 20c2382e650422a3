package helen.util;

import org.bytedeco.javacpp.Loader;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Loads libtorch so that several JVMs starting at once on an empty native-library cache cannot crash each
 * other.
 *
 * <p>JavaCPP extracts its libraries into a cache directory ({@code ~/.javacpp/cache}, or the
 * {@code org.bytedeco.javacpp.cachedir} property) on first use and loads them from there, one at a time,
 * each checked against its jar entry (size, time) and extracted under JavaCPP's lock just before it is
 * loaded. But it loads {@code libtorch.so} before {@code libtorch_cpu.so}, and the dynamic loader resolves
 * the former's dependency on the latter from the same directory without asking JavaCPP: it maps whatever
 * {@code libtorch_cpu.so} is there. When another JVM is still writing that file (grid workers, analysis
 * shards or Slurm tasks starting at once on an empty cache), or a JVM was killed while writing it, the
 * mapping is shorter than the library and the JVM dies with SIGBUS or SIGSEGV in the loader (exit 134),
 * and with a truncated file left behind every later start dies the same way.
 *
 * <p>So the first load on a cache happens under an exclusive OS lock on a helen lock file in that cache:
 * every shared library of the native jars is first checked and, where missing or incomplete, extracted
 * again (JavaCPP's own check), and only then loaded. A marker naming the native jars is written after
 * that load succeeds; later JVMs see it and load without the lock, since JavaCPP writes nothing into a
 * complete cache.
 */
public final class NativeLibraries {
    /** The lock file, in the cache directory. */
    static final String LOCK_FILE = ".helen-extract.lock";
    private static final String MARKER_PREFIX = ".helen-complete-";
    /** Shared libraries in a native jar: {@code org/bytedeco/pytorch/linux-x86_64/libtorch_cpu.so}, {@code .../libgomp.so.1}. */
    private static final Pattern SHARED_LIBRARY = Pattern.compile("org/bytedeco/.*/lib[^/]*\\.so(\\.[0-9]+)*");
    private static volatile boolean loaded;

    private NativeLibraries() {
    }

    /**
     * Loads libtorch (and the libraries it needs) into this JVM, extracting them first if the cache lacks
     * them, one JVM at a time. Cheap after the first call.
     *
     * @throws HelenException if the cache directory cannot be created or locked, or the libraries cannot be loaded
     */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (NativeLibraries.class) {
            if (loaded) {
                return;
            }
            Path cache = cacheDirectory();
            Path marker = cache.resolve(MARKER_PREFIX + nativeJarsKey());
            if (Files.isRegularFile(marker)) {
                loadTorch();
            } else {
                loadAlone(cache, marker);
            }
            loaded = true;
        }
    }

    private static void loadAlone(Path cache, Path marker) {
        Path lockFile = cache.resolve(LOCK_FILE);
        if (!Files.isWritable(cache)) {
            loadTorch(); // a cache filled once and shared read-only: nothing can be written into it, by anyone
            return;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            extractAll(); // another JVM may have filled the cache while this one waited: then nothing is written
            loadTorch();
            Files.writeString(marker, "native libraries extracted and loaded by pid " + ProcessHandle.current().pid() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HelenException("cannot lock the native-library cache " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static void loadTorch() {
        try {
            Loader.load(org.bytedeco.pytorch.global.torch.class);
        } catch (UnsatisfiedLinkError e) {
            String missing = missingLibrary(e);
            throw new HelenException(missing != null
                    ? "cannot load libtorch: " + missing + " not found (the CUDA build needs the NVIDIA driver and the CUDA 13.1 "
                            + "and cuDNN 9.19 runtime libraries on the library path: docs/gpu.md)"
                    : "cannot load libtorch from " + cacheDirectory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The shared library the dynamic loader could not find, from the first error in {@code e}'s causes that
     * names one ("libcupti.so.13: cannot open shared object file"), or null. JavaCPP's own message only says
     * that its JNI library did not load; the library behind it is in a cause.
     */
    static String missingLibrary(Throwable e) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(lib[^/\\s:]+\\.so[.0-9]*): cannot open shared object file");
        for (Throwable t = e; t != null; t = t.getCause()) {
            java.util.regex.Matcher m = p.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * Has JavaCPP check every shared library of the native jars on the class path against its jar entry and
     * extract it where the cached copy is missing or differs, before any of them is mapped.
     */
    private static void extractAll() throws IOException {
        for (Path jar : nativeJars()) {
            try (JarFile j = new JarFile(jar.toFile())) {
                for (JarEntry e : java.util.Collections.list(j.entries())) {
                    if (!e.isDirectory() && SHARED_LIBRARY.matcher(e.getName()).matches()) {
                        Loader.cacheResource(new URL("jar:" + jar.toUri() + "!/" + e.getName()));
                    }
                }
            }
        }
    }

    /** JavaCPP's cache directory, created if missing. */
    static Path cacheDirectory() {
        try {
            File dir = Loader.getCacheDir();
            return dir.toPath();
        } catch (IOException e) {
            throw new HelenException("cannot create the native-library cache (set -Dorg.bytedeco.javacpp.cachedir=DIR): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Names the native jars on the class path (their file names, which carry version and platform, e.g.
     * {@code pytorch-2.10.0-1.5.13-linux-x86_64-gpu.jar}), so that a cache completed for the CPU build is not
     * taken as complete for the GPU build or another version.
     */
    static String nativeJarsKey() {
        String[] jars = nativeJars().stream().map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        return FileHash.sha256(String.join("\n", jars).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The jars on the class path that carry this platform's native libraries (their names end in it, e.g. -linux-x86_64.jar). */
    private static List<Path> nativeJars() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(p -> p.endsWith(".jar") && Path.of(p).getFileName().toString().contains("-" + Loader.getPlatform()))
                .map(Path::of).filter(Files::isRegularFile).toList();
    }
}
