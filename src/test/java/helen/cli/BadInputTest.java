package helen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import helen.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Misuse, as a new user commits it, driven through the CLI in-process. For every case: the exit
 * status, exactly one {@code helen: error:} line naming the culprit (option, key, file or
 * directory), no stack trace, and not one byte changed under the fixture directory.
 */
class BadInputTest {
    @TempDir
    static Path fx;
    static Path run;

    /** What the CLI printed and returned. */
    record Result(int exit, String out, String err) {
        List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("helen: ")).toList();
        }
    }

    static Result cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = HelenCommand.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String p(String relative) {
        return fx.resolve(relative).toString();
    }

    @BeforeAll
    static void fixtures() throws Exception {
        run = fx.resolve("run");
        Result r = cli("train", "--config", "training/samples/deepfm.yaml", "--model", "dnn", "--epochs", "1", "--out",
                run.toString(), "--cache-dir", p("cache"), "--no-progress");
        assertEquals(0, r.exit(), r.err());
        for (String[] broken : new String[][] {{"truncated", "1000"}, {"empty", "0"}}) {
            Path copy = fx.resolve("run_" + broken[0]);
            copyTree(run, copy);
            byte[] ckpt = Files.readAllBytes(run.resolve("checkpoint/best.pt"));
            Files.write(copy.resolve("checkpoint/best.pt"), java.util.Arrays.copyOf(ckpt, Integer.parseInt(broken[1])));
        }
        Files.createDirectories(fx.resolve("userdir"));
        Files.writeString(fx.resolve("userdir/notes.txt"), "precious");
        Files.writeString(fx.resolve("afile"), "precious");
        Files.createDirectories(fx.resolve("userdata"));
        Files.writeString(fx.resolve("userdata/train.csv"), "mine\n");
        Files.createDirectories(fx.resolve("emptydir"));
        GridProcesses.spec(fx, "grid", "  adam: {}", 1);
        Files.createDirectories(fx.resolve("planned"));
        Files.writeString(fx.resolve("planned/grid.jsonl"), "{\"index\":0,\"id\":\"0123456789ab\",\"dir\":\"runs/0123456789ab\"}\n"
                + "{\"index\":1,\"id\":\"ba9876543210\",\"dir\":\"runs/ba9876543210\"}\n");
        // the sample DeepFM config with its base's keys written out, so that each copy stands alone
        String base = Files.readString(Path.of("training/samples/base.yaml"))
                + Files.readString(Path.of("training/samples/deepfm.yaml")).replace("base: base.yaml\n", "");
        Files.writeString(fx.resolve("lr_text.yaml"), base.replace("lr: 1.0e-3", "lr: fast"));
        Files.writeString(fx.resolve("unknown_key.yaml"), base.replace("  lr: 1.0e-3", "  lr: 1.0e-3\n  momentum: 0.9"));
        Files.writeString(fx.resolve("batch_negative.yaml"), base.replace("batch_size: 256", "batch_size: -5"));
        Files.writeString(fx.resolve("dropout.yaml"), base.replace("dropout: 0.1", "dropout: 1.5"));
        Files.writeString(fx.resolve("malformed.yaml"), "model: [unclosed\n  name: x: y\n");
        Files.writeString(fx.resolve("label.csv"), "y,a\n1,x\n0,y\n2,z\n");
        Files.writeString(fx.resolve("noheader.csv"), "");
    }

    /** One misuse: arguments, expected exit status, and a string the error line must contain. */
    record Case(String name, List<String> args, int exit, String culprit) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, int exit, String culprit, String... args) {
        return new Case(name, List.of(args), exit, culprit);
    }

    static Stream<Case> cases() {
        String cfg = "training/samples/deepfm.yaml";
        String cache = p("cache");
        List<Case> l = new ArrayList<>();
        // option values
        l.add(c("batch size 0", 2, "--batch-size", "train", "--config", cfg, "--out", p("new"), "--batch-size", "0"));
        l.add(c("negative lr, adam", 2, "--lr", "train", "--config", cfg, "--out", p("new"), "--lr", "-0.001"));
        l.add(c("negative lr, nadam", 2, "--lr", "train", "--config", cfg, "--out", p("new"), "--lr", "-1", "--optimizer", "nadam"));
        l.add(c("lr NaN", 2, "--lr", "train", "--config", cfg, "--out", p("new"), "--lr", "NaN"));
        l.add(c("lr infinite", 2, "--lr", "train", "--config", cfg, "--out", p("new"), "--lr", "Infinity"));
        l.add(c("threads 0", 2, "--threads", "train", "--config", cfg, "--out", p("new"), "--threads", "0"));
        l.add(c("epochs 0", 2, "--epochs", "train", "--config", cfg, "--out", p("new"), "--epochs", "0"));
        l.add(c("epochs not a number", 2, "--epochs", "train", "--config", cfg, "--out", p("new"), "--epochs", "ten"));
        l.add(c("rho 0 with sam", 2, "--rho", "train", "--config", cfg, "--out", p("new"), "--optimizer", "sam", "--rho", "0"));
        l.add(c("rho negative with helen", 2, "--rho", "train", "--config", cfg, "--out", p("new"), "--optimizer", "helen", "--rho", "-0.05"));
        l.add(c("xi above 1", 2, "--xi", "train", "--config", cfg, "--out", p("new"), "--optimizer", "helen", "--xi", "1.5"));
        l.add(c("unknown helen variant", 2, "--variant", "train", "--config", cfg, "--out", p("new"), "--optimizer", "helen",
                "--variant", "papr"));
        l.add(c("negative max grad norm", 2, "--max-grad-norm", "train", "--config", cfg, "--out", p("new"),
                "--max-grad-norm", "-1"));
        l.add(c("helen-m with a lower bound", 2, "helen-m", "train", "--config", cfg, "--out", p("new"), "--optimizer", "helen-m",
                "--xi", "0.3"));
        l.add(c("negative l2", 2, "--l2", "train", "--config", cfg, "--out", p("new"), "--l2", "-1e-5"));
        l.add(c("unknown model", 2, "xdeep", "train", "--config", cfg, "--out", p("new"), "--model", "xdeep"));
        l.add(c("unknown optimizer", 2, "adagrad", "train", "--config", cfg, "--out", p("new"), "--optimizer", "adagrad"));
        l.add(c("unknown option", 2, "--learning-rate", "train", "--config", cfg, "--out", p("new"), "--learning-rate", "1"));
        // malformed files
        l.add(c("config lr not a number", 2, "optimizer.lr", "train", "--config", p("lr_text.yaml"), "--out", p("new")));
        l.add(c("config unknown key", 2, "optimizer.momentum", "train", "--config", p("unknown_key.yaml"), "--out", p("new")));
        l.add(c("config negative batch", 2, "training.batch_size", "train", "--config", p("batch_negative.yaml"), "--out", p("new")));
        l.add(c("config dropout 1.5", 2, "model.dropout", "train", "--config", p("dropout.yaml"), "--out", p("new")));
        l.add(c("config not YAML", 2, "malformed.yaml", "train", "--config", p("malformed.yaml"), "--out", p("new")));
        l.add(c("config missing", 2, "missing.yaml", "train", "--config", p("missing.yaml"), "--out", p("new")));
        l.add(c("data file missing", 2, "nosuch.csv", "train", "--config", cfg, "--train", p("nosuch.csv"), "--out", p("new"),
                "--cache-dir", cache));
        l.add(c("label not 0/1", 2, "label.csv", "data", "stats", "--preset", "generic", "--label", "y", p("label.csv"),
                "--cache-dir", p("cache")));
        l.add(c("empty data file", 2, "noheader.csv", "data", "stats", "--preset", "generic", "--label", "y", p("noheader.csv"),
                "--cache-dir", p("cache")));
        // corrupt checkpoints
        l.add(c("truncated checkpoint", 2, "run_truncated/checkpoint/best.pt", "analyze", p("run_truncated"), "--samples", "200"));
        l.add(c("empty checkpoint", 2, "run_empty/checkpoint/best.pt", "analyze", p("run_empty"), "--samples", "200"));
        // wrong directories
        l.add(c("analyze a directory that is no run", 2, "userdir", "analyze", p("userdir")));
        l.add(c("analyze an unknown field", 2, "NOSUCH", "analyze", p("run"), "--fields", "NOSUCH", "--samples", "200"));
        l.add(c("analyze tol negative", 2, "--tol", "analyze", p("run"), "--tol", "-1"));
        l.add(c("analyze on CUDA with the CPU build", 2, "device cuda", "analyze", p("run"), "--device", "cuda", "--samples", "200"));
        l.add(c("analyze shards on no such device", 2, "--device", "analyze", p("run"), "--mode", "exact", "--shards", "2",
                "--device", "gpu"));
        l.add(c("train on no such device", 2, "--device", "train", "--config", cfg, "--out", p("new"), "--device", "gpu"));
        l.add(c("train on CUDA with the CPU build", 2, "device cuda", "train", "--config", cfg, "--out", p("new"),
                "--cache-dir", cache, "--device", "cuda"));
        l.add(c("analyze threads 0", 2, "--threads", "analyze", p("run"), "--threads", "0"));
        l.add(c("analyze repeats 0", 2, "--repeats must be at least 1", "analyze", p("run"), "--repeats", "0"));
        l.add(c("analyze repeats of shards", 2, "--repeats K repeats a whole analysis", "analyze", p("run"), "--repeats", "2",
                "--mode", "exact", "--shards", "2"));
        l.add(c("encode into a user directory", 2, "userdir", "data", "encode", "--spec", "data-samples/criteo_synth/spec.yaml",
                "--train", "data-samples/criteo_synth/valid.csv", "--out", p("userdir")));
        l.add(c("encode onto a file", 2, "afile", "data", "encode", "--spec", "data-samples/criteo_synth/spec.yaml",
                "--train", "data-samples/criteo_synth/valid.csv", "--out", p("afile")));
        l.add(c("encode into a run directory", 2, "run", "data", "encode", "--spec", "data-samples/criteo_synth/spec.yaml",
                "--train", "data-samples/criteo_synth/valid.csv", "--out", p("run")));
        l.add(c("generate over a user's data", 2, "train.csv", "data", "generate", "--out", p("userdata"), "--rows", "100"));
        l.add(c("train into a finished run", 2, "state.json", "train", "--config", cfg, "--model", "dnn", "--epochs", "1",
                "--out", p("run"), "--cache-dir", cache, "--no-progress"));
        l.add(c("resume with another seed", 2, "seed: 2024 -> 5", "train", "--out", p("run"), "--resume", "--seed", "5",
                "--cache-dir", cache, "--no-progress"));
        l.add(c("resume with another lr", 2, "optimizer.lr: 0.001 -> 0.01", "train", "--out", p("run"), "--resume", "--lr", "0.01",
                "--cache-dir", cache, "--no-progress"));
        l.add(c("resume with another epochs", 2, "epochs: 1 -> 4", "train", "--config", cfg, "--model", "dnn", "--out", p("run"),
                "--resume", "--epochs", "4", "--cache-dir", cache, "--no-progress"));
        l.add(c("resume nothing", 2, "state.json", "train", "--config", cfg, "--out", p("emptydir"), "--resume",
                "--cache-dir", cache, "--no-progress"));
        l.add(c("report without runs", 2, "no finished runs", "report", p("emptydir"), "--out", p("new")));
        l.add(c("reproduce threads 0", 2, "--threads", "reproduce", "--threads", "0", "--out", p("new")));
        l.add(c("reproduce unknown dataset", 2, "unknown dataset 'kdd'", "reproduce", "--datasets", "kdd", "--out", p("new")));
        l.add(c("spectrum with no probes", 2, "--probes, --density-probes", "analyze", p("run"), "--spectrum", "--probes", "0",
                "--out", p("new")));
        l.add(c("inspect a directory that is no analysis", 2, "is this an analysis directory", "inspect", p("emptydir")));
        l.add(c("inspect top 0", 2, "--top", "inspect", p("emptydir"), "--top", "0"));
        l.add(c("generate an unknown dataset", 2, "--dataset 'kdd'", "data", "generate", "--out", p("new"), "--dataset", "kdd"));
        l.add(c("generate with a preset of other columns", 2, "reads column 'I1'", "data", "generate", "--out", p("new"),
                "--dataset", "avazu", "--preset", "criteo_x4"));
        l.add(c("generate paper vocabularies with a cap", 2, "--max-vocab caps what --paper-vocab", "data", "generate",
                "--out", p("new"), "--paper-vocab", "--max-vocab", "1000"));
        l.add(c("shard spec out of range", 2, "--shard '4/3'", "analyze", p("run"), "--mode", "exact", "--shard", "4/3",
                "--partial", p("new")));
        l.add(c("shard spec not I/N", 2, "--shard 'half'", "analyze", p("run"), "--mode", "exact", "--shard", "half",
                "--partial", p("new")));
        l.add(c("shard in power mode", 2, "--mode exact", "analyze", p("run"), "--shard", "1/2", "--partial", p("new")));
        l.add(c("shard without --partial", 2, "--partial", "analyze", p("run"), "--mode", "exact", "--shard", "1/2"));
        l.add(c("shard of a directory that is no run", 2, "userdir", "analyze", p("userdir"), "--mode", "exact", "--shard", "1/2",
                "--partial", p("new")));
        l.add(c("merge a directory without shards", 2, "no shard-I-of-N directory", "analyze", "merge", p("emptydir"),
                "--out", p("new")));
        l.add(c("track curvature every 0 steps", 2, "--track-curvature '0steps'", "train", "--config", cfg, "--model", "dnn",
                "--epochs", "1", "--out", p("new"), "--cache-dir", cache, "--no-progress", "--track-curvature", "0steps"));
        l.add(c("grid plan of a missing spec", 2, "nogrid.yaml", "grid", "plan", p("nogrid.yaml"), "--out", p("new")));
        l.add(c("grid run with 0 jobs", 2, "--jobs", "grid", "run", p("nogrid.yaml"), "--out", p("new"), "--jobs", "0"));
        l.add(c("grid select of a directory without a plan", 2, "grid.jsonl", "grid", "select", p("emptydir")));
        l.add(c("grid task past the plan's end", 2, "--index 2", "grid", "task", p("grid.yaml"), "--out", p("planned"), "--index", "2"));
        l.add(c("grid task without a plan", 2, "grid.jsonl", "grid", "task", p("grid.yaml"), "--out", p("emptydir"), "--index", "0"));
        l.add(c("grid task of a spec changed since the plan", 2, "grid.jsonl line 1", "grid", "task", p("grid.yaml"), "--out",
                p("planned"), "--index", "0"));
        l.add(c("grid slurm with 0 CPUs per task", 2, "--cpus-per-task", "grid", "slurm", p("grid.yaml"), "--out", p("new"),
                "--cpus-per-task", "0", "--dry-run"));
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void misuseEndsWithOneLineNamingTheCulpritAndChangesNothing(Case c) {
        Map<String, String> before = snapshot(fx);
        Result r = cli(c.args().toArray(String[]::new));
        String shown = "helen " + String.join(" ", c.args()) + "\n" + r.err();
        assertEquals(c.exit(), r.exit(), shown);
        List<String> errors = r.errorLines();
        assertEquals(1, errors.size(), "exactly one error line: " + shown);
        assertTrue(errors.get(0).startsWith("helen: error: "), shown);
        assertTrue(errors.get(0).contains(c.culprit()), "the error names " + c.culprit() + ": " + shown);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + shown);
        Map<String, String> after = snapshot(fx);
        List<String> changed = new ArrayList<>();
        before.forEach((f, h) -> {
            if (!h.equals(after.get(f))) {
                changed.add((after.containsKey(f) ? "changed " : "removed ") + f);
            }
        });
        after.keySet().stream().filter(f -> !before.containsKey(f)).forEach(f -> changed.add("added " + f));
        assertEquals(List.of(), changed, "files changed by: " + shown);
    }

    /** With --debug (anywhere on the line) the stack trace follows the one-line error. */
    @Test
    void debugPrintsTheStackTrace() {
        Result r = cli("analyze", p("run_truncated"), "--debug");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("helen: error: ") && r.err().contains("\tat helen."), r.err());
    }

    /** Every file under {@code root} (lock files aside: taking a lock may create one) with its content hash. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".lock")) {
                    continue;
                }
                m.put(root.relativize(f).toString(), Files.isRegularFile(f) ? sha(f) : "dir");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static String sha(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    static JsonNode json(Path f) {
        return Json.read(f, JsonNode.class);
    }
}
