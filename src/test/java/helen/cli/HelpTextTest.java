package helen.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help renders cleanly: picocli warns on stderr when a description has a stray '%'. */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int commands;
        try {
            commands = render(new CommandLine(new HelenCommand()));
        } finally {
            System.setErr(oldErr);
        }
        assertTrue(commands >= 12, "only " + commands + " commands found");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    private static int render(CommandLine cmd) {
        String usage = cmd.getUsageMessage();
        assertTrue(usage.contains("Usage: " + cmd.getCommandSpec().qualifiedName()), usage);
        int n = 1;
        for (CommandLine sub : cmd.getSubcommands().values()) {
            n += render(sub);
        }
        return n;
    }

    /**
     * A command list shows each command's first sentence whole, at picocli's default width of 80 columns: before,
     * it showed the first hand-wrapped line of the description ("... analyses, every").
     */
    @Test
    void commandListsShowEachCommandsFirstSentenceWhole() {
        checkCommandLists(HelpLayout.apply(new CommandLine(new HelenCommand())));
    }

    /** An option's description is one string, which picocli wraps: lines wrapped by hand come out ragged in its column. */
    @Test
    void everyOptionsDescriptionIsOneString() {
        checkOptions(new CommandLine(new HelenCommand()));
    }

    private static void checkOptions(CommandLine cmd) {
        cmd.getCommandSpec().options().forEach(o -> assertTrue(o.description().length <= 1,
                cmd.getCommandSpec().qualifiedName() + " " + o.longestName() + ": " + o.description().length + " lines"));
        cmd.getSubcommands().values().forEach(HelpTextTest::checkOptions);
    }

    private static void checkCommandLists(CommandLine cmd) {
        String usage = cmd.getUsageMessage();
        int list = usage.indexOf("\nCommands:\n");
        String commands = list < 0 ? "" : usage.substring(list).replaceAll("\\s+", " ");
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().usageMessage().hidden() || name.equals("help")) {
                return;
            }
            String description = String.join(" ", sub.getCommandSpec().usageMessage().description()).replace("%%", "%")
                    .replaceAll("\\s+", " ");
            Matcher end = Pattern.compile("[.?] ").matcher(description);
            String sentence = end.find() ? description.substring(0, end.start() + 1) : description.strip();
            assertTrue(sentence.endsWith(".") || sentence.endsWith("?"), name + "'s description has no sentence: " + sentence);
            // compared without blanks: picocli's wrapping may break a line after any '.' (per_field. / csv)
            assertTrue(commands.replace(" ", "").contains(name + sentence.replace(" ", "")), name + ": " + sentence
                    + "\nnot whole in\n" + usage);
            checkCommandLists(sub);
        });
    }

    /** Hand-wrapped lines flow into paragraphs; a line ending a sentence ends its paragraph. */
    @Test
    void handWrappedDescriptionsFlowIntoParagraphs() {
        assertArrayEquals(new String[] {"Runs the grid here, --jobs at a time, into DIR.", "Exits 1 when a run failed."},
                HelpLayout.paragraphs(new String[] {"Runs the grid here, --jobs at a", "time, into DIR.", "Exits 1 when a run failed."}));
        assertEquals("Which fields are the sharpest?", HelpLayout.firstSentence(new String[] {"Which fields are the sharpest? Without"
                + " --field: every field."}));
        assertEquals("Counts, e.g. adam and sam, per run.", HelpLayout.firstSentence(new String[] {"Counts, e.g. adam and sam, per run. Then"}));
    }
}
