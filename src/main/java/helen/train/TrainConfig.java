package helen.train;

import helen.model.ModelConfig;
import helen.optim.OptimizerConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * A training run as configured: data, model, optimizer and loop settings. Loaded from YAML by
 * {@link TrainConfigLoader}; command-line flags override single values.
 *
 * @param experiment    run name
 * @param data          where the data comes from
 * @param model         model hyper-parameters
 * @param optimizer     optimizer settings
 * @param batchSize     training mini-batch
 * @param evalBatchSize evaluation batch
 * @param epochs        maximum epochs
 * @param patience      epochs without improvement of AUC − logloss before stopping
 * @param seed          seeds initialisation, shuffling and dropout
 * @param threads       libtorch intra-op threads (results are reproducible for a fixed count)
 * @param dtype         float32 or float64
 * @param device        where tensors live: cpu, cuda or cuda:N (a CUDA build of helen only; see docs/gpu.md)
 */
public record TrainConfig(String experiment, DataConfig data, ModelConfig model, OptimizerConfig optimizer,
                          int batchSize, int evalBatchSize, int epochs, int patience, long seed, int threads,
                          String dtype, String device) {

    /**
     * @param preset    built-in spec name, or null
     * @param spec      spec file, or null
     * @param label     label override, or null
     * @param train     training files
     * @param valid     validation files (may be empty: then the spec's split cuts train)
     * @param test      test files (may be empty)
     */
    public record DataConfig(String preset, Path spec, String label, List<Path> train, List<Path> valid, List<Path> test) {
    }

    public TrainConfig with(DataConfig d, ModelConfig m, OptimizerConfig o, int epochs, long seed, int threads, int batch) {
        return new TrainConfig(experiment, d, m, o, batch, evalBatchSize, epochs, patience, seed, threads, dtype, device);
    }

    public TrainConfig withDevice(String device) {
        return new TrainConfig(experiment, data, model, optimizer, batchSize, evalBatchSize, epochs, patience, seed, threads, dtype,
                device);
    }
}
