package helen.cli;

import helen.grid.SlurmExecutor;
import helen.util.HelenException;
import picocli.CommandLine.Option;

/** sbatch resources, for {@code helen grid slurm} (a mixin) and {@code helen analyze --shards N --slurm} (a group). */
final class SlurmOptions {
    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's).")
    String partition;

    @Option(names = "--time", paramLabel = "T", description = "Time limit per task, as sbatch takes it (e.g. 12:00:00).")
    String time;

    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "1",
            description = "CPUs per task, and libtorch threads per task (default ${DEFAULT-VALUE}).")
    int cpus = 1;

    @Option(names = "--mem", paramLabel = "M", description = "Memory per task (e.g. 16G).")
    String mem;

    @Option(names = "--gres", paramLabel = "G", description = "Generic resources per task (e.g. gpu:1).")
    String gres;

    @Option(names = "--max-parallel", paramLabel = "K", description = "At most K tasks at once (the array's %%K).")
    Integer maxParallel;

    @Option(names = "--warn-seconds", paramLabel = "S", defaultValue = "120",
            description = "Slurm signals a grid task S seconds before its time limit (--signal=B:USR1@S): the run saves a"
                    + " checkpoint after its current step and the task requeues itself, to resume there (default ${DEFAULT-VALUE}).")
    int warnSeconds = 120;

    @Option(names = "--dry-run", description = "Write the scripts and print them; submit nothing.")
    boolean dryRun;

    SlurmExecutor.Resources resources() {
        if (cpus < 1) {
            throw new HelenException("--cpus-per-task must be at least 1, got " + cpus);
        }
        if (maxParallel != null && maxParallel < 1) {
            throw new HelenException("--max-parallel must be at least 1, got " + maxParallel);
        }
        if (warnSeconds < 1) {
            throw new HelenException("--warn-seconds must be at least 1, got " + warnSeconds);
        }
        return new SlurmExecutor.Resources(partition, time, cpus, mem, gres, maxParallel, warnSeconds);
    }
}
