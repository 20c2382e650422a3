package helen.data;

/**
 * A row that cannot be read. Most bad rows are skipped and counted; a {@code fatal} one (a label
 * that is not 0/1, which means the wrong label column or file) stops the run. Thrown without a
 * stack trace because bad rows are counted, not debugged.
 */
final class BadRowException extends Exception {
    final boolean fatal;

    BadRowException(String message, boolean fatal) {
        super(message, null, false, false);
        this.fatal = fatal;
    }

    BadRowException(String message) {
        this(message, false);
    }
}
