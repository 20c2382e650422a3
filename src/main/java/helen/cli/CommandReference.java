package helen.cli;

import helen.util.AtomicFiles;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/reference/commands.md, generated from the commands' own picocli model: every command's usage
 * text as {@code helen <command> --help} prints it, one section each, so the page cannot say other than
 * the program. {@code CommandReferenceTest} fails when the committed page is stale; regenerate it with
 * {@code scripts/generate-reference.sh}.
 */
public final class CommandReference {
    /** Wide enough for the option columns, fixed so that the page does not depend on the terminal that made it. */
    private static final int WIDTH = 110;

    private CommandReference() {
    }

    /** The whole page. */
    public static String markdown() {
        CommandLine root = HelpLayout.apply(new CommandLine(new HelenCommand()));
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        StringBuilder b = new StringBuilder("# Every command and option\n\n");
        b.append("Generated from the commands themselves (`scripts/generate-reference.sh`; a test fails when this page and\n")
                .append("the program differ). The same text is `./helen <command> --help`. Exit status: 0 done, 1 a bug or a\n")
                .append("failed run in a grid, 2 bad input (one line naming the file, line, option or key), 3 a diverged run,\n")
                .append("75 a grid task stopped by a signal (it resumes when requeued), 143 a train, analyze, grid run or\n")
                .append("reproduce stopped by SIGTERM or Ctrl-C at a safe point (one line says where).\n\n");
        for (CommandLine c : commands) {
            String name = c.getCommandSpec().qualifiedName();
            b.append("- [`").append(name).append("`](#").append(name.replace(' ', '-')).append(")\n");
        }
        for (CommandLine c : commands) {
            String name = c.getCommandSpec().qualifiedName();
            b.append("\n## ").append(name).append("\n\n```text\n").append(usage(c).stripTrailing()).append("\n```\n");
        }
        return b.toString();
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name) && !sub.getCommandSpec().usageMessage().hidden()) {
                // aliases would repeat a command; hidden ones (a grid's worker JVM) are not for users
                collect(sub, out);
            }
        });
    }

    private static String usage(CommandLine c) {
        c.setUsageHelpWidth(WIDTH);
        c.setUsageHelpLongOptionsMaxWidth(40);
        java.io.StringWriter text = new java.io.StringWriter();
        c.usage(new java.io.PrintWriter(text), CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return text.toString().lines().map(String::stripTrailing).reduce((a, x) -> a + "\n" + x).orElse("");
    }

    /** Writes the page to {@code args[0]} (default docs/reference/commands.md). */
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/reference/commands.md");
        AtomicFiles.writeString(out, markdown());
        System.err.println("wrote " + out);
    }
}
