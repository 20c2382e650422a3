package helen;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The package graph, derived from the sources (imports and names written in full, outside comments and
 * strings): it has no cycle, nothing depends on the command line, and every package-info's "Depends on"
 * line names exactly the packages its package uses, so that the next change cannot bring a cycle back or
 * leave a line that lies.
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\bhelen\\.((?:[a-z_][a-z0-9_]*\\.)*[a-z_][a-z0-9_]*)\\.(?:[A-Z]|\\*)");
    private static final Pattern CLAIMED = Pattern.compile("\\{@code (helen(?:\\.[a-z_][a-z0-9_]*)+)\\}");

    @Test
    void thePackagesFormNoCycleAndSayWhatTheyDependOn() throws IOException {
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.size() >= 12, "packages found: " + graph.keySet());
        List<String> cycle = cycle(graph);
        assertTrue(cycle.isEmpty(), "a package cycle: " + String.join(" -> ", cycle));
        graph.forEach((p, deps) -> assertTrue(!deps.contains("helen.cli"), p + " depends on the command line"));

        for (String p : graph.keySet()) {
            Path info = SOURCES.resolve(p.replace('.', '/')).resolve("package-info.java");
            assertTrue(Files.isRegularFile(info), p + " has no package-info.java saying what it depends on");
            String line = Files.readAllLines(info).stream().filter(l -> l.contains("Depends on") || l.contains("May depend on"))
                    .findFirst().orElseThrow(() -> new AssertionError(info + ": no \"Depends on\" line"));
            if (line.contains("May depend on every other package")) {
                continue; // the command line
            }
            Set<String> claimed = new TreeSet<>();
            Matcher m = CLAIMED.matcher(line.substring(line.indexOf("Depends on")));
            while (m.find()) {
                claimed.add(m.group(1));
            }
            if (claimed.isEmpty() && !line.contains("nothing else in helen")) {
                fail(info + ": the \"Depends on\" line names no package as {@code helen.x} (or says \"nothing else in helen\")");
            }
            assertEquals(graph.get(p), claimed, info + " says it depends on " + claimed + ", its sources use " + graph.get(p));
        }
    }

    /** Code names other packages' types through imports: a type written in full hides an arrow of the graph from a reader. */
    @Test
    void noTypeOfHelenIsWrittenInFullInCode() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("helen"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String code = codeOnly(Files.readString(f));
                String[] lines = code.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    String l = lines[i].strip();
                    if (!l.startsWith("import ") && !l.startsWith("package ") && REFERENCE.matcher(l).find()) {
                        found.add(f + ":" + (i + 1));
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "helen types written in full (import them): " + found);
    }

    /** The reference finder itself: imports, static imports, full names and wildcards count; comments and strings do not. */
    @Test
    void referencesOutsideCommentsAndStringsCount() {
        String code = """
                import helen.data.Batch;
                import static helen.util.Json.MAPPER;
                // helen.report.Tables in a comment
                /* helen.grid.GridPlan in a block comment */
                String s = "helen.train.Trainer in a string";
                String t = \"""
                    helen.stats.Auc in a text block
                    \""";
                char c = '"';
                Object o = new helen.hessian.Hvp(x); helen.optim.Optimizers.create(); import helen.model.layer.*;
                """;
        assertEquals(Set.of("helen.data", "helen.util", "helen.hessian", "helen.optim", "helen.model.layer"), references(code));
    }

    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("helen"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                references(Files.readString(f)).stream().filter(r -> !r.equals(pkg)).forEach(deps::add);
            }
        }
        return graph;
    }

    static Set<String> references(String source) {
        Set<String> out = new TreeSet<>();
        Matcher m = REFERENCE.matcher(codeOnly(source));
        while (m.find()) {
            out.add("helen." + m.group(1));
        }
        return out;
    }

    /** The source with comments, string and char literals and text blocks blanked out (their line breaks kept). */
    static String codeOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int from = i;
            if (s.startsWith("//", i)) {
                i = end(s, s.indexOf('\n', i), s.length());
            } else if (s.startsWith("/*", i)) {
                i = end(s, s.indexOf("*/", i + 2), s.length() - 2) + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                i = end(s, s.indexOf("\"\"\"", i + 3), s.length() - 3) + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char q = s.charAt(i++);
                while (i < s.length() && s.charAt(i) != q) {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                b.append(s.charAt(i++));
                continue;
            }
            b.append(' ').append("\n".repeat((int) s.substring(from, Math.min(i, s.length())).chars().filter(c -> c == '\n').count()));
        }
        return b.toString();
    }

    private static int end(String s, int found, int otherwise) {
        return found < 0 ? otherwise : found;
    }

    /** One cycle of the graph as a path (its first package again at the end), or an empty list. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the path, 2: done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            c.add(p);
            return c;
        }
        state.put(p, 1);
        path.add(p);
        for (String q : graph.getOrDefault(p, Set.of())) {
            List<String> c = visit(q, graph, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
        return List.of();
    }
}
