package helen.cli;

/**
 * Marks a command whose long computations stop at safe points on SIGTERM or SIGINT (between training
 * steps, between the batches of a Hessian pass): {@link HelenCommand} installs
 * {@link helen.util.StopSignals#installForCommand} around it and turns the stop into one line and the
 * signal's exit status.
 */
interface StopsAtSafePoints {
}
