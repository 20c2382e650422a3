package helen.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/reference/commands.md is what the commands' picocli model says today (else: scripts/generate-reference.sh). */
class CommandReferenceTest {
    @Test
    void theCommittedReferenceIsTheGeneratedOne() throws Exception {
        String generated = CommandReference.markdown();
        for (String command : new String[] {"## helen analyze", "## helen grid slurm", "## helen data encode", "--repeats=K"}) {
            assertTrue(generated.contains(command), command);
        }
        assertEquals(generated, Files.readString(Path.of("docs/reference/commands.md")),
                "docs/reference/commands.md is stale: run scripts/generate-reference.sh");
    }
}
