package helen.results;

import helen.util.AtomicFiles;
import helen.util.Csv;
import helen.util.HelenException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A run's {@code curvature.csv} (step, epoch, part, statistic, value): its name, its rows read, its rows written. */
public final class CurvatureFile {
    public static final String FILE = "curvature.csv";
    static final String HEADER = "step,epoch,part,statistic,value";

    private CurvatureFile() {
    }

    /**
     * Every row of a curvature.csv helen wrote.
     *
     * @throws HelenException naming the file if a line is not such a row
     */
    public static List<CurvatureMeasurement> read(Path csv) {
        List<CurvatureMeasurement> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(1, lines.size())) {
                List<String> c = Csv.split(line);
                out.add(new CurvatureMeasurement(Long.parseLong(c.get(0)), Integer.parseInt(c.get(1)), c.get(2), c.get(3),
                        Double.parseDouble(c.get(4))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new HelenException(csv + ": not a curvature log helen wrote (" + e.getMessage() + ")");
        }
        return out;
    }

    /** Writes {@code rows} as {@code csv}, whole and atomically (values to 9 significant digits). */
    public static void write(Path csv, List<CurvatureMeasurement> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (CurvatureMeasurement r : rows) {
            b.append(r.step()).append(',').append(r.epoch()).append(',').append(Csv.quote(r.part())).append(',')
                    .append(r.statistic()).append(',').append(String.format(Locale.ROOT, "%.9g", r.value())).append('\n');
        }
        AtomicFiles.writeString(csv, b.toString());
    }
}
