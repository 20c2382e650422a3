package helen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for the report's tests: Debian's {@code chromium} (installed by .ci/run), run
 * headless on a file URL. {@code --dump-dom} prints the DOM after the page's scripts ran, so a URL
 * hash that sets a view (sort, analysis, field) is checked as a user would see it.
 */
final class HeadlessChromium {
    private final Path executable;
    private final Path profile;

    private HeadlessChromium(Path executable, Path profile) {
        this.executable = executable;
        this.profile = profile;
    }

    /** The first of chromium, chromium-browser, google-chrome on the PATH. */
    static Optional<HeadlessChromium> find(Path profile) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(new HeadlessChromium(p, profile));
                }
            }
        }
        return Optional.empty();
    }

    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(args);
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException("chromium did not finish in 120 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
