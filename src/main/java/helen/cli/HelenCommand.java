package helen.cli;

import helen.util.HelenException;
import helen.util.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code helen} entry point: sub-commands for data, and (later) training, analysis and reports. */
@Command(name = "helen", mixinStandardHelpOptions = true, versionProvider = HelenCommand.Version.class,
        description = {"Train CTR models, measure the Hessian of every feature embedding, and regenerate",
                "the tables and figures of the Helen paper (WWW 2024) from your own runs."},
        subcommands = {DataCommand.class, TrainCommand.class, AnalyzeCommand.class, ReportCommand.class, ReproduceCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class HelenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code: 0 ok, 2 bad input (one-line message), 1 a bug. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new HelenCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof HelenException || ex instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("helen: error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** Prints helen's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"helen " + Provenance.helenVersion(), "Java " + System.getProperty("java.version")};
        }
    }
}
