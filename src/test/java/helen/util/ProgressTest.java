package helen.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain progress lines (CI, Slurm logs) on a clock the test moves: when they come and what they say. */
class ProgressTest {
    @Test
    void plainLinesComeAtTheIntervalWithRateAndTimeLeft() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true);
        try (Progress p = new Progress("encode train", 1000, "rows", Progress.Mode.LOG, out, now::get, 10)) {
            for (int i = 1; i <= 1000; i++) {
                now.addAndGet(50_000_000L); // 50 ms a row: 20 rows/s
                p.step(1);
                if (i == 500) {
                    p.extra("pass 1 of 2");
                }
            }
        }
        List<String> lines = bytes.toString().lines().toList();
        assertEquals(6, lines.size(), "50 s of work, a line every 10 s, and the closing line: " + lines);
        assertEquals("encode train: 20% (200/1,000 rows), 20.00 rows/s, about 40 s left", lines.get(0));
        assertEquals("encode train: 80% (800/1,000 rows), 20.00 rows/s, about 10 s left, pass 1 of 2", lines.get(3));
        assertEquals("encode train: done, 1,000 rows in 50 s (20.00 rows/s), pass 1 of 2", lines.get(5));
    }

    /** A task an error or a signal ended before its total says so: the closing line of a stopped analysis is not "done". */
    @Test
    void aTaskClosedBeforeItsTotalSaysWhereItEnded() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true);
        try (Progress p = new Progress("analyze", 39, "tables", Progress.Mode.LOG, out, now::get, 10)) {
            now.addAndGet(38_000_000_000L);
            p.step(1);
        }
        List<String> lines = bytes.toString().lines().toList();
        assertEquals("analyze: ended after 1 of 39 tables in 38 s", lines.get(lines.size() - 1), lines.toString());
    }

    @Test
    void aShortTaskPrintsNothingAndOffNeverPrints() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true);
        try (Progress p = new Progress("t", 10, "rows", Progress.Mode.LOG, out, now::get, 30)) {
            now.addAndGet(1_000_000_000L);
            p.step(10);
        }
        try (Progress p = new Progress("t", 10, "rows", Progress.Mode.OFF, out, now::get, 0)) {
            now.addAndGet(1_000_000_000L);
            p.step(10);
        }
        assertEquals("", bytes.toString());
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("45 s", Progress.duration(45));
        assertEquals("3 min", Progress.duration(185));
        assertEquals("2.5 h", Progress.duration(9000));
        assertTrue(Progress.mode() != null);
    }
}
