package helen;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documentation that cannot rot: every relative link in README.md and docs/ resolves (file and heading);
 * no page, comment or script speaks of how the project was developed; the command blocks marked
 * {@code <!-- runnable -->} run on the bundled sample exactly as written (README's first, then docs/ in
 * path order, in one directory, with {@code ./helen} this build's CLI); and every column and top-level key
 * of the files they write is listed in docs/reference/outputs.md.
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern RUNNABLE = Pattern.compile("<!-- runnable -->\\s*\\n```bash\\n(.*?)\\n```", Pattern.DOTALL);

    static List<Path> pages() throws IOException {
        List<Path> out = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.walk(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static TreeSet<String> anchors(Path page) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            code ^= line.startsWith("```");
            if (!code && line.startsWith("#")) {
                out.add(anchor(line.replaceFirst("^#+", "")));
            }
        }
        return out;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: not checked here
                }
                links++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String hash = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(hash)) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(links > 30, "links checked: " + links);
        assertEquals(List.of(), broken);
    }

    /** Words about how or when the project was built belong in git's history, not in the product. */
    @Test
    void theProductSpeaksOfTheProductOnly() throws IOException {
        Pattern development = Pattern.compile("(?i)\\b(session \\d+|sessions? \\d+|round \\d+|development round|this session|"
                + "in this round|issue #\\d+|previous session|next session)\\b");
        List<Path> files = new ArrayList<>(pages());
        for (String root : List.of("src/main", "scripts", "training", "examples")) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(java|md|sh|py|yaml|txt)$")).forEach(files::add);
            }
        }
        files.add(Path.of("reports/README.md"));
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = development.matcher(lines.get(i));
                if (m.find()) {
                    found.add(f + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void runnableBlocksRunAsWrittenAndTheirOutputsAreDocumented(@TempDir Path dir) throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        for (String shared : List.of("training", "data-samples")) {
            Files.createSymbolicLink(dir.resolve(shared), repo.resolve(shared));
        }
        Path helen = dir.resolve("helen");
        Files.writeString(helen, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Xmx2g -Djava.awt.headless=true -cp '" + System.getProperty("java.class.path")
                + "' helen.cli.HelenCommand \"$@\"\n");
        assertTrue(helen.toFile().setExecutable(true));
        int blocks = 0;
        for (Path page : pages()) {
            Matcher m = RUNNABLE.matcher(Files.readString(page));
            while (m.find()) {
                blocks++;
                run(dir, page, m.group(1));
            }
        }
        assertTrue(blocks >= 3, "runnable blocks: " + blocks);
        String reference = Files.readString(Path.of("docs/reference/outputs.md"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir.resolve("runs"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                List<String> names = new ArrayList<>();
                if (name.endsWith(".csv") && !f.toString().contains("/reports/") && !f.toString().contains("/vocab/")) {
                    names.addAll(List.of(Files.readAllLines(f).get(0).split(",")));
                } else if (List.of("metrics.json", "analysis.json", "spectrum.json", "repeats.json").contains(name)) {
                    Json.read(f, JsonNode.class).fieldNames().forEachRemaining(names::add);
                } else {
                    continue;
                }
                for (String n : names) {
                    if (!reference.contains("`" + n + "`")) {
                        missing.add(dir.relativize(f) + ": " + n);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "columns and keys missing from docs/reference/outputs.md");
    }

    private static void run(Path dir, Path page, String block) throws Exception {
        Path log = Files.createTempFile(dir, "block", ".log");
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), page + ":\n" + block + "\n--- output ---\n" + tail(out));
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
