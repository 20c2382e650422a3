package helen.cli;

import helen.util.HelenException;
import helen.util.NativeLibraries;
import helen.util.ParentProcess;
import helen.util.Provenance;
import helen.util.StopSignals;
import helen.util.StoppedBySignal;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code helen} entry point: sub-commands for data, and (later) training, analysis and reports. */
@Command(name = "helen", mixinStandardHelpOptions = true, versionProvider = HelenCommand.Version.class,
        description = {"Train CTR models, measure the Hessian of every feature embedding, and regenerate",
                "the tables and figures of the Helen paper (WWW 2024) from your own runs."},
        subcommands = {DataCommand.class, TrainCommand.class, AnalyzeCommand.class, ReportCommand.class, ReproduceCommand.class, InspectCommand.class, BenchCommand.class, GridCommand.class, CommandLine.HelpCommand.class})
public final class HelenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited by every sub-command, so that it may be written anywhere on the line. */
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace too.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        ParentProcess.followIfChild(); // a grid worker or analysis shard: no orphan computing on after its parent
        System.exit(execute(args));
    }

    /**
     * Runs the CLI and returns the exit code: 0 ok, 2 bad input or a file helen cannot read or write
     * (one line naming it), 3 a training run that diverged, 1 a bug (one line; the stack trace with
     * {@code --debug}) or a stage that ran out of memory (one line naming it and the memory; {@link OutOfMemory}).
     */
    public static int execute(String... args) {
        HelenCommand root = new HelenCommand();
        CommandLine cl = HelpLayout.apply(new CommandLine(root));
        String[] stage = {"helen"}; // the command running, for a line about running out of memory
        cl.setParameterExceptionHandler((ex, a) -> {
            // picocli's default prints the whole usage after the error: one line and where to look instead
            CommandLine c = ex.getCommandLine();
            c.getErr().println("helen: error: " + ex.getMessage().lines().findFirst().orElse("")
                    + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            java.io.PrintWriter err = commandLine.getErr();
            java.util.Optional<String> outOfMemory = OutOfMemory.describe(ex, commandLine.getCommandSpec().qualifiedName());
            if (outOfMemory.isPresent()) {
                err.println(outOfMemory.get());
                if (root.debug) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return 1;
            }
            if (ex instanceof StoppedBySignal stop) {
                err.println(commandLine.getCommandSpec().qualifiedName() + ": " + stop.getMessage() + stop.advice());
                err.flush();
                return stop.exitStatus();
            }
            boolean userError = ex instanceof HelenException || ex instanceof java.io.UncheckedIOException;
            String message = ex.getMessage() == null ? "" : ex.getMessage().lines().findFirst().orElse("");
            err.println(userError ? "helen: error: " + message
                    : "helen: internal error: " + ex.getClass().getSimpleName() + ": " + message
                            + (root.debug ? "" : " (rerun with --debug for the stack trace)"));
            if (root.debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return userError ? 2 : 1;
        });
        cl.setExecutionStrategy(parseResult -> {
            Object leaf = leaf(parseResult).commandSpec().userObject();
            if (leaf instanceof UsesLibtorch) {
                try {
                    NativeLibraries.load();
                } catch (HelenException e) {
                    throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), e.getMessage(), e);
                }
            }
            stage[0] = leaf(parseResult).commandSpec().qualifiedName();
            if (!(leaf instanceof StopsAtSafePoints)) {
                return new CommandLine.RunLast().execute(parseResult);
            }
            try (StopSignals.Installed signals = StopSignals.installForCommand(stage[0])) {
                return new CommandLine.RunLast().execute(parseResult);
            }
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // an Error: picocli hands only Exceptions to the handler above
            System.err.println(OutOfMemory.describe(e, stage[0]).orElseThrow());
            if (root.debug) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    private static CommandLine.ParseResult leaf(CommandLine.ParseResult r) {
        return r.hasSubcommand() ? leaf(r.subcommand()) : r;
    }

    /** Prints helen's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"helen " + Provenance.helenVersion(), "Java " + System.getProperty("java.version")};
        }
    }
}
