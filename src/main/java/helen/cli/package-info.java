/**
 * The {@code helen} command line (picocli): argument parsing, progress output and exit codes.
 * May depend on every other package; nothing depends on it.
 */
package helen.cli;
