package helen.data;

import helen.util.HelenException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Binds a {@link DatasetSpec} to one file's columns and turns the current line of a
 * {@link DelimitedReader} into a label and, per field, the hashes of its tokens.
 * Column names are matched exactly, or case-insensitively when that is unambiguous
 * (criteo_sample.csv says "label" where Criteo_x4 says "Label").
 */
final class RowParser {
    private static final long EMPTY_HASH = Hashing.hash("");
    private final DatasetSpec spec;
    private final List<String> columns;
    private final int labelIndex;
    private final int[] sourceIndex;
    private final byte[] separator;
    private final byte[] digits = new byte[24];

    RowParser(DatasetSpec spec, List<String> columns, Path file) {
        this.spec = spec;
        this.columns = columns;
        this.labelIndex = indexOf(spec.label(), "label column", file);
        List<FeatureSpec> fs = spec.features();
        sourceIndex = new int[fs.size()];
        separator = new byte[fs.size()];
        for (int j = 0; j < fs.size(); j++) {
            FeatureSpec f = fs.get(j);
            sourceIndex[j] = indexOf(f.source(), "column of feature '" + f.name() + "'", file);
            if (f.separator() != null) {
                separator[j] = f.separator().getBytes(StandardCharsets.UTF_8)[0];
            }
        }
    }

    int columnCount() {
        return columns.size();
    }

    String columnName(int j) {
        return columns.get(sourceIndex[j]);
    }

    private int indexOf(String name, String what, Path file) {
        int exact = columns.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                if (found >= 0) {
                    found = -2;
                    break;
                }
                found = i;
            }
        }
        if (found < 0) {
            String origin = spec.header() ? file + ": line 1 (header)" : file + " (spec 'columns')";
            throw new HelenException(origin + ": " + what + " '" + name + "' not found; columns are " + columns);
        }
        return found;
    }

    /** Whether field j's cell is non-empty on the current row. */
    boolean hasValue(DelimitedReader r, int j) {
        return !r.isEmpty(sourceIndex[j]);
    }

    /** The 0/1 label of the current row. */
    byte label(DelimitedReader r) throws BadRowException {
        checkWidth(r);
        try {
            double v = r.parseDouble(labelIndex);
            if (v == 0.0 || v == 1.0) {
                return (byte) v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new BadRowException("column '" + columns.get(labelIndex) + "': label '" + r.field(labelIndex)
                + "' is not 0 or 1 (wrong --label column?)", true);
    }

    void checkWidth(DelimitedReader r) throws BadRowException {
        if (r.fieldCount() != columns.size()) {
            throw new BadRowException("expected " + columns.size() + " columns, found " + r.fieldCount());
        }
    }

    /** Writes the token hashes of field j into {@code out}; returns how many (0 for an empty sequence). */
    int tokens(DelimitedReader r, int j, long[] out) throws BadRowException {
        FeatureSpec f = spec.features().get(j);
        int c = sourceIndex[j];
        boolean empty = r.isEmpty(c);
        if (f.type() == FeatureType.SEQUENCE) {
            return empty ? 0 : r.hashTokens(c, separator[j], out, f.maxLen());
        }
        if (empty && f.naValue() == null) {
            out[0] = EMPTY_HASH;
            return 1;
        }
        if (f.transform() == Transform.NONE) {
            out[0] = empty ? Hashing.hash(f.naValue()) : r.hash(c);
            return 1;
        }
        if (f.transform() == Transform.CRITEO_LOG_SQUARE && !empty) {
            out[0] = hashDecimal(Transform.criteoBucket(number(r, c)));
            return 1;
        }
        out[0] = Hashing.hash(text(r, j, 0));
        return 1;
    }

    /** The token string of the k-th token of field j on the current row (slow path, for vocabularies). */
    String text(DelimitedReader r, int j, int k) throws BadRowException {
        FeatureSpec f = spec.features().get(j);
        int c = sourceIndex[j];
        if (f.type() == FeatureType.SEQUENCE) {
            return r.tokens(c, separator[j], f.maxLen()).get(k);
        }
        boolean empty = r.isEmpty(c);
        if (empty && f.naValue() == null) {
            return "";
        }
        String raw = empty ? f.naValue() : r.field(c);
        try {
            return f.transform().apply(raw.trim());
        } catch (RuntimeException e) {
            throw new BadRowException("column '" + columns.get(c) + "': cannot apply " + f.transform().name().toLowerCase()
                    + " to '" + raw + "'");
        }
    }

    private double number(DelimitedReader r, int c) throws BadRowException {
        try {
            double v = r.parseDouble(c);
            if (Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRowException("column '" + columns.get(c) + "': '" + r.field(c) + "' is not a number");
        }
    }

    /** Hash of Long.toString(v) without allocating a String. */
    private long hashDecimal(long v) {
        int p = digits.length;
        long x = Math.abs(v);
        do {
            digits[--p] = (byte) ('0' + (x % 10));
            x /= 10;
        } while (x != 0);
        if (v < 0) {
            digits[--p] = '-';
        }
        return Hashing.hash(digits, p, digits.length);
    }
}
