package helen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./helen} launcher around a stand-in {@code java} (first on PATH) in a copy of the project with a
 * jar newer than its sources: the JVM's exit status comes back, a JVM killed by SIGKILL is reported in one
 * line naming the command, and a TERM sent to the launcher reaches the JVM.
 */
class LauncherScriptTest {
    @TempDir
    Path dir;

    private Path project(String javaBody) throws Exception {
        Path root = dir.resolve("project");
        Files.createDirectories(root.resolve("scripts"));
        Files.createDirectories(root.resolve("src/main"));
        Files.createDirectories(root.resolve("target"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("helen"), root.resolve("helen"));
        Files.copy(Path.of("scripts/runtime-env.sh"), root.resolve("scripts/runtime-env.sh"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("target/classpath.txt"), "");
        Files.writeString(root.resolve("target/helen.jar"), "");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        for (Path p : new Path[] {root.resolve("pom.xml"), root.resolve("src/main")}) {
            Files.setLastModifiedTime(p, old);
        }
        Path java = root.resolve("bin/java");
        Files.writeString(java, "#!/usr/bin/env bash\n" + javaBody + "\n");
        assertTrue(java.toFile().setExecutable(true) && root.resolve("helen").toFile().setExecutable(true));
        return root;
    }

    private Process start(Path root, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = root.resolve("helen").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        return b.start();
    }

    private static String finish(Process p) throws Exception {
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the launcher ended");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theJvmsExitStatusComesBack() throws Exception {
        Process p = start(project("echo ran; exit 3"), "train");
        String out = finish(p);
        assertEquals(3, p.exitValue(), out);
        assertEquals("ran", out.strip());
    }

    @Test
    void aJvmKilledWithoutAWordIsReportedInOneLine() throws Exception {
        Process p = start(project("kill -9 $$"), "data", "generate", "--rows", "5");
        String out = finish(p);
        assertEquals(137, p.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(out.startsWith("helen data generate: the JVM was killed (SIGKILL) before it could say why"), out);
    }

    @Test
    void aTermToTheLauncherReachesTheJvm() throws Exception {
        Path root = project("trap 'echo got TERM; exit 143' TERM\necho started\nwhile :; do sleep 0.1; done");
        Process p = start(root, "train");
        byte[] buffer = new byte[64];
        int n = p.getInputStream().read(buffer); // "started": the stand-in is up and its trap set
        assertTrue(n > 0 && new String(buffer, 0, n, StandardCharsets.UTF_8).contains("started"));
        p.toHandle().destroy(); // SIGTERM to the launcher only
        String out = finish(p);
        assertEquals(143, p.exitValue(), out);
        assertTrue(out.contains("got TERM"), out);
    }
}
