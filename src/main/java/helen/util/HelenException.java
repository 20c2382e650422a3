package helen.util;

/**
 * An error caused by the user's input (a file, a config key, a command-line value), carrying a
 * one-line message that names where the problem is. The CLI prints the message without a stack trace.
 */
public final class HelenException extends RuntimeException {
    public HelenException(String message) {
        super(message);
    }

    public HelenException(String message, Throwable cause) {
        super(message, cause);
    }
}
