package helen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How helen's help reads at any width. Command descriptions are written as lines wrapped by hand;
 * picocli would print each as a line of its own, wrapped again at the terminal's width into ragged
 * halves, and a command list would show only a command's first line, cut mid-sentence. Here the
 * lines flow into paragraphs (an element ending a sentence ends its paragraph) and command lists show
 * each command's first sentence, whole.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Applies the layout to {@code root} and every command under it; returns {@code root}. */
    static CommandLine apply(CommandLine root) {
        UsageMessageSpec usage = root.getCommandSpec().usageMessage();
        usage.description(paragraphs(usage.description()));
        if (!root.getSubcommands().isEmpty()) {
            root.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
        }
        root.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // an alias would apply it twice
                apply(sub);
            }
        });
        return root;
    }

    /** Lines joined into paragraphs: a line that does not end a sentence (or a list's colon) continues on the next. */
    static String[] paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder p = new StringBuilder();
        for (String line : lines) {
            String l = line.strip();
            if (!p.isEmpty() && !l.isEmpty()) {
                p.append(' ');
            }
            p.append(l);
            if (l.isEmpty() || l.endsWith(".") || l.endsWith(":") || l.endsWith(")")) {
                out.add(p.toString());
                p.setLength(0);
            }
        }
        if (!p.isEmpty()) {
            out.add(p.toString());
        }
        return out.toArray(String[]::new);
    }

    /**
     * The first sentence of a description, up to the first ". " or "? " (or all of its first paragraph), with
     * picocli's format escapes resolved as its own rendering would ("%n" a line break, "%%" a percent sign).
     */
    static String firstSentence(String[] description) {
        if (description.length == 0) {
            return "";
        }
        String p = description[0].replace("%n", " ").replace("%%", "%").strip();
        for (int i = 0; i + 1 < p.length(); i++) {
            char c = p.charAt(i);
            boolean abbreviation = i >= 3 && (p.startsWith("e.g", i - 3) || p.startsWith("i.e", i - 3));
            if ((c == '.' || c == '?') && p.charAt(i + 1) == ' ' && !abbreviation) {
                return p.substring(0, i + 1);
            }
        }
        return p;
    }

    /** The "Commands:" section: each visible sub-command with its header or first sentence, wrapped in its own column. */
    private static String commandList(CommandLine.Help help) {
        Map<String, CommandLine.Help> subs = help.subcommands();
        List<Map.Entry<String, CommandLine.Help>> shown = subs.entrySet().stream()
                .filter(e -> !e.getValue().commandSpec().usageMessage().hidden()).toList();
        if (shown.isEmpty()) {
            return "";
        }
        int names = shown.stream().mapToInt(e -> e.getKey().length()).max().orElse(0) + 2;
        int width = help.commandSpec().usageMessage().width();
        TextTable t = TextTable.forColumns(help.colorScheme(), new Column(names, 2, Column.Overflow.SPAN),
                new Column(Math.max(20, width - names), 2, Column.Overflow.WRAP));
        for (Map.Entry<String, CommandLine.Help> e : shown) {
            UsageMessageSpec u = e.getValue().commandSpec().usageMessage();
            // a header, where a command has one (picocli's own help command), is its summary
            t.addRowValues(e.getKey(), firstSentence(u.header().length > 0 ? u.header() : u.description()));
        }
        return t.toString();
    }
}
