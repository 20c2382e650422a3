package helen.train;

import helen.model.ModelConfig;

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
 */
public record TrainConfig(String experiment, DataConfig data, ModelConfig model, OptimizerConfig optimizer,
                          int batchSize, int evalBatchSize, int epochs, int patience, long seed, int threads,
                          String dtype) {

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

    /**
     * @param name      adam, nadam, radam, sam, asam, helen, helen-m, helen-b
     * @param lr        learning rate
     * @param rho       SAM-family radius, or null for the optimizer's default (SAM/Helen 0.05, ASAM 0.5)
     * @param xi        Helen's lower bound on the frequency ratio, or null (Helen 0.3; Helen-m/-b 0)
     * @param eta       ASAM's η
     * @param frequency Helen: batch (official code) or dataset (paper, Algorithm 1)
     * @param normalize Helen: field (official, table norm) or row (paper)
     */
    public record OptimizerConfig(String name, double lr, Double rho, Double xi, double eta, String frequency,
                                  String normalize) {
        public static OptimizerConfig adam(double lr) {
            return new OptimizerConfig("adam", lr, null, null, 0.01, "batch", "field");
        }

        public OptimizerConfig with(String newName, double newLr, Double newRho, Double newXi) {
            return new OptimizerConfig(newName, newLr, newRho, newXi, eta, frequency, normalize);
        }
    }

    public TrainConfig with(DataConfig d, ModelConfig m, OptimizerConfig o, int epochs, long seed, int threads, int batch) {
        return new TrainConfig(experiment, d, m, o, batch, evalBatchSize, epochs, patience, seed, threads, dtype);
    }
}
