package helen.cli;

/**
 * Marks a command that computes with libtorch. Before it runs, {@link HelenCommand} loads libtorch
 * through {@link helen.util.NativeLibraries#load()}, which is safe when several helen processes start on
 * an empty native-library cache at once; commands that only read or write files (data, report,
 * inspect, grid select) do not load it.
 */
interface UsesLibtorch {
}
