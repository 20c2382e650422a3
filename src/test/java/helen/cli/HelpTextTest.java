package helen.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
}
