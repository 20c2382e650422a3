package helen.util;

import java.util.Map;

/**
 * Child helen JVMs (grid workers, analysis shards) end with the helen process that started them. A child
 * started with {@link #childEnvironment()} watches that parent and halts when it ends, however it ended:
 * a SIGKILL or an out-of-memory kill of the parent runs no shutdown hook of its own, so only the child can
 * notice. Slurm tasks are not started this way: they outlive the process that submitted them.
 */
public final class ParentProcess {
    /** The variable naming the parent's pid in a child's environment. */
    public static final String ENV = "HELEN_PARENT_PID";

    private ParentProcess() {
    }

    /** What to add to a child process's environment so that it follows this process. */
    public static Map<String, String> childEnvironment() {
        return Map.of(ENV, Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * Where this JVM was started by another helen process, halts it (exit 137, as a kill would) once that
     * process has ended; does nothing otherwise. A parent that has already gone halts it at once.
     */
    public static void followIfChild() {
        String pid = System.getenv(ENV);
        if (pid == null || !pid.matches("\\d+")) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid));
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(137);
        }
        parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(137));
    }
}
