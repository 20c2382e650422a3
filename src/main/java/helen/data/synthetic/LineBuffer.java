package helen.data.synthetic;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** One CSV line built in bytes (the generators write millions of rows: no strings per value). */
final class LineBuffer {
    private byte[] b = new byte[1024];
    private int n;
    private int labelAt = -1;

    void clear() {
        n = 0;
        labelAt = -1;
    }

    int length() {
        return n;
    }

    LineBuffer put(char c) {
        ensure(1);
        b[n++] = (byte) c;
        return this;
    }

    LineBuffer put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, b, n, bytes.length);
        n += bytes.length;
        return this;
    }

    LineBuffer put(long v) {
        String s = Long.toString(v);
        ensure(s.length());
        for (int k = 0; k < s.length(); k++) {
            b[n++] = (byte) s.charAt(k);
        }
        return this;
    }

    /** Reserves the label's byte: the label is drawn only once the row's features are. */
    LineBuffer labelSlot() {
        labelAt = n;
        return put('?');
    }

    void setLabel(boolean click) {
        if (labelAt < 0) {
            throw new IllegalStateException("no label slot in this line");
        }
        b[labelAt] = (byte) (click ? '1' : '0');
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(b, 0, n);
    }

    private void ensure(int more) {
        if (n + more > b.length) {
            b = Arrays.copyOf(b, Math.max(2 * b.length, n + more));
        }
    }
}
