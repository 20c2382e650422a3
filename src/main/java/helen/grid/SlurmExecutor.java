package helen.grid;

import helen.util.AtomicFiles;
import helen.util.HelenException;
import helen.util.Json;
import helen.util.ParentProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code helen grid slurm}: the grid as a Slurm job array, one task per run ({@code helen grid task
 * SPEC --out DIR --index $SLURM_ARRAY_TASK_ID}), and a job that waits for the whole array
 * ({@code afterany}) and then selects and reports. Tasks write the same {@code DIR} layout as the
 * local executor, so a grid started on a cluster can be finished here, or the reverse.
 */
public final class SlurmExecutor {
    /**
     * sbatch resources; null: the cluster's default. {@code warnSeconds}: how long before its time limit a grid
     * task is signalled to checkpoint and requeue itself.
     */
    public record Resources(String partition, String time, int cpusPerTask, String mem, String gres, Integer maxParallel,
                            int warnSeconds) {
    }

    /**
     * The two scripts, as written under {@code DIR/slurm/}: the job array, and the job submitted to
     * start after it (a grid's selection and reports, or a sharded analysis's merge).
     */
    public record Scripts(Path array, String arrayText, Path after, String afterText) {
        /** Both scripts as --dry-run prints them. */
        public String dryRunText() {
            return "# " + array + "\n" + arrayText + "\n# " + after + " (submitted with --dependency=afterany:<the array's job id>)\n"
                    + afterText;
        }
    }

    /** The submitted job ids: the array's and the job after it (selection, or a sharded analysis's merge). */
    public record Submitted(String arrayJob, String afterJob) {
    }

    /** The environment the {@code helen} launcher sets for libtorch (scripts/runtime-env.sh), carried into the jobs. */
    private static final List<String> RUNTIME_ENV = List.of("OMP_WAIT_POLICY", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_",
            "MALLOC_ARENA_MAX");

    private SlurmExecutor() {
    }

    /**
     * Writes DIR/slurm/grid.sbatch, an array of one task for each of {@code indices} (the plan's runs that
     * have no result yet), and DIR/slurm/select.sbatch.
     */
    public static Scripts write(Path spec, Path dataRoot, Path dir, List<Integer> indices, Resources res, Path cacheRoot) {
        Path abs = dir.toAbsolutePath().normalize();
        Path logs = abs.resolve("logs");
        String name = "helen-" + abs.getFileName();
        StringBuilder a = header(name, res, logs.resolve("slurm-%A_%a.out"));
        a.append("#SBATCH --array=").append(ranges(indices)).append(res.maxParallel() != null ? "%" + res.maxParallel() : "").append('\n');
        a.append("#SBATCH --cpus-per-task=").append(res.cpusPerTask()).append('\n');
        // as clusters behave: before the time limit the task is signalled (helen grid task checkpoints after its
        // current step and requeues itself); a preempted task or a failed node is requeued by Slurm; a requeued
        // task resumes from the checkpoint, and appends to its log instead of overwriting it
        a.append("#SBATCH --signal=B:USR1@").append(res.warnSeconds()).append('\n');
        a.append("#SBATCH --requeue\n");
        a.append("#SBATCH --open-mode=append\n");
        body(a);
        RunLauncher.threadEnv(res.cpusPerTask()).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> a.append("export ").append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        List<String> task = new ArrayList<>(List.of("grid", "task", spec.toAbsolutePath().normalize().toString(), "--out",
                abs.toString(), "--threads", Integer.toString(res.cpusPerTask()), "--cache-dir",
                cacheRoot.toAbsolutePath().normalize().toString()));
        if (dataRoot != null) {
            task.addAll(List.of("--data-root", dataRoot.toAbsolutePath().normalize().toString()));
        }
        task.add("--index");
        // the JVM runs in the background, so that this script can hand it Slurm's signals (B:USR1 reaches only the
        // batch shell) and requeue a task whose JVM a signal ended (the OOM killer, a crash): an infrastructure
        // failure, retried twice in all (SLURM_RESTART_COUNT counts every requeue, the time limit's too)
        a.append(shell(RunLauncher.javaCommand(task.toArray(String[]::new)))).append(" \"$SLURM_ARRAY_TASK_ID\" &\n");
        a.append(TASK_SUPERVISION);

        StringBuilder s = header(name + "-select", res, logs.resolve("slurm-select-%j.out"));
        s.append("#SBATCH --cpus-per-task=").append(res.cpusPerTask()).append('\n');
        body(s);
        s.append("# selection on validation, then the reports; a run without a result makes the job fail, after both\n");
        s.append("status=0\n");
        s.append(shell(RunLauncher.javaCommand("grid", "select", abs.toString()))).append(" || status=$?\n");
        s.append(shell(RunLauncher.javaCommand("report", abs.toString(), "--out", abs.toString()))).append(" || status=$?\n");
        s.append("exit $status\n");

        Path slurm = abs.resolve("slurm");
        try {
            Files.createDirectories(logs); // sbatch writes the tasks' output there and will not create it
        } catch (IOException e) {
            throw new HelenException(logs + ": cannot create: " + e.getMessage());
        }
        Scripts out = new Scripts(slurm.resolve("grid.sbatch"), a.toString(), slurm.resolve("select.sbatch"), s.toString());
        AtomicFiles.writeString(out.array(), out.arrayText());
        AtomicFiles.writeString(out.after(), out.afterText());
        return out;
    }

    /** Indices as sbatch's --array takes them: "0-5", "2,7-9". */
    static String ranges(List<Integer> indices) {
        List<String> out = new ArrayList<>();
        List<Integer> sorted = indices.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            out.add(i == j ? sorted.get(i).toString() : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(",", out);
    }

    /** What follows a grid task's JVM, started in the background, in its batch script (see {@link #write}). */
    static final String TASK_SUPERVISION = """
            pid=$!
            trap 'kill -USR1 "$pid" 2>/dev/null' USR1
            trap 'kill -TERM "$pid" 2>/dev/null' TERM
            while :; do
              wait "$pid"; status=$?
              if [ "$status" -gt 128 ] && kill -0 "$pid" 2>/dev/null; then continue; fi  # a trapped signal ended wait
              if [ "$status" -gt 128 ]; then  # the JVM ended meanwhile, or a signal ended it: its own status, if it is kept
                wait "$pid"; again=$?
                if [ "$again" -ne 127 ]; then status=$again; fi
              fi
              break
            done
            if [ "$status" -gt 128 ] && [ "${SLURM_RESTART_COUNT:-0}" -lt 2 ]; then
              echo "helen: task $SLURM_ARRAY_TASK_ID: its JVM was ended by signal $((status - 128)) (exit $status); requeued (restarts so far: ${SLURM_RESTART_COUNT:-0}, at most 2)" >&2
              for attempt in 1 2 3; do  # slurmctld may be busy for a moment; a failed requeue would lose the run
                scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}" && break
                sleep 2
              done
            fi
            exit "$status"
            """;

    /** Submits the array, then the selection job depending on it; writes DIR/slurm/submitted.json. */
    public static Submitted submit(Path dir, Scripts s) {
        return submit(dir.resolve("slurm"), s.array(), s.after(), "select_job");
    }

    /**
     * Submits {@code array}, then {@code after} once every task of it ended ({@code afterany}); writes
     * {@code slurmDir/submitted.json} with the ids ({@code array_job} and {@code afterKey}).
     */
    static Submitted submit(Path slurmDir, Path array, Path after, String afterKey) {
        String arrayJob = sbatch(List.of(array.toString()));
        String afterJob = sbatch(List.of("--dependency=afterany:" + arrayJob, after.toString()));
        AtomicFiles.writeString(slurmDir.resolve("submitted.json"), Json.object().put("array_job", arrayJob)
                .put(afterKey, afterJob).put("submitted", java.time.OffsetDateTime.now().toString()).toPrettyString());
        return new Submitted(arrayJob, afterJob);
    }

    /** Runs {@code sbatch --parsable ARGS} and returns the job id; a one-line error with sbatch's own message otherwise. */
    private static String sbatch(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(args);
        Process p;
        try {
            ProcessBuilder b = new ProcessBuilder(cmd);
            // sbatch passes its environment on to the tasks: they must not follow a helen process of this node
            b.environment().remove(ParentProcess.ENV);
            p = b.start();
        } catch (IOException e) {
            throw new HelenException("sbatch not found (" + e.getMessage().replaceAll(".*error=\\d+, ", "")
                    + "): run on a Slurm login node, or use --dry-run to write the scripts only");
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new HelenException("sbatch " + String.join(" ", args) + ": no answer in 5 minutes");
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new HelenException("sbatch refused " + String.join(" ", args) + ": "
                        + (err.isEmpty() ? "exit " + p.exitValue() : err.lines().reduce((x, y) -> y).orElse(err)
                        .replaceFirst("^sbatch: error: ", "")));
            }
            // --parsable prints "jobid" or "jobid;cluster"
            return out.lines().reduce((x, y) -> y).orElse(out).split(";")[0];
        } catch (IOException e) {
            throw new HelenException("sbatch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelenException("sbatch: interrupted");
        }
    }

    /**
     * Puts this Slurm task (an array element, or a plain job) back in the queue: {@code scontrol requeue}.
     * Slurm ends the running task and starts it again later; null when it was requeued, else why not.
     */
    public static String requeueThisTask() {
        String array = System.getenv("SLURM_ARRAY_JOB_ID");
        String task = System.getenv("SLURM_ARRAY_TASK_ID");
        String job = array != null && task != null ? array + "_" + task : System.getenv("SLURM_JOB_ID");
        if (job == null) {
            return "not a Slurm job (no SLURM_JOB_ID)";
        }
        try {
            Process p = new ProcessBuilder("scontrol", "requeue", job).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "scontrol requeue " + job + ": no answer in a minute";
            }
            return p.exitValue() == 0 ? null : "scontrol requeue " + job + ": " + (out.isEmpty() ? "exit " + p.exitValue() : out);
        } catch (IOException e) {
            return "scontrol requeue " + job + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "scontrol requeue " + job + ": interrupted";
        }
    }

    static StringBuilder header(String name, Resources res, Path output) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n# written by helen grid slurm\n");
        b.append("#SBATCH --job-name=").append(name).append('\n');
        b.append("#SBATCH --output=").append(output).append('\n');
        option(b, "partition", res.partition());
        option(b, "time", res.time());
        option(b, "mem", res.mem());
        option(b, "gres", res.gres());
        return b;
    }

    private static void option(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append("#SBATCH --").append(name).append('=').append(value).append('\n');
        }
    }

    static void body(StringBuilder b) {
        b.append("set -uo pipefail\n");
        b.append("cd ").append(quote(Path.of("").toAbsolutePath().toString())).append('\n');
        Map<String, String> env = System.getenv();
        for (String k : RUNTIME_ENV) {
            if (env.get(k) != null) {
                b.append("export ").append(k).append('=').append(quote(env.get(k))).append('\n');
            }
        }
    }

    static String shell(List<String> cmd) {
        return String.join(" ", cmd.stream().map(SlurmExecutor::quote).toList());
    }

    /** A word for bash: single-quoted unless it is plainly safe. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_@%+=:,./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
