package helen.train;

import helen.model.ModelConfig;
import helen.model.ModelOptions;
import helen.tensor.Tensors;
import helen.util.HelenException;

import java.util.Locale;
import java.util.function.Function;

/**
 * The valid range of every training setting (numbers, and the words of the closed choices), checked once for a config from a file and
 * again after command-line flags override it, so that no value trains silently into nonsense (a
 * negative learning rate, a batch of 0, a radius of NaN).
 */
public final class ConfigRules {
    private ConfigRules() {
    }

    /**
     * @param name turns a config key ({@code optimizer.lr}) into how the user gave it (a file and key,
     *             or a command-line option), for the message
     * @throws HelenException naming the first setting out of its range
     */
    public static void check(TrainConfig c, Function<String, String> name) {
        atLeast(c.batchSize(), 1, "training.batch_size", name);
        atLeast(c.evalBatchSize(), 1, "training.eval_batch_size", name);
        atLeast(c.epochs(), 1, "training.epochs", name);
        atLeast(c.patience(), 1, "training.patience", name);
        atLeast(c.threads(), 1, "training.threads", name);
        positive(c.optimizer().lr(), "optimizer.lr", name);
        if (c.optimizer().rho() != null) {
            positive(c.optimizer().rho(), "optimizer.rho", name);
        }
        if (c.optimizer().xi() != null) {
            between(c.optimizer().xi(), 0, 1, "optimizer.xi", name);
        }
        nonNegative(c.optimizer().eta(), "optimizer.eta", name);
        if (c.optimizer().maxGradNorm() != null) {
            nonNegative(c.optimizer().maxGradNorm(), "optimizer.max_grad_norm", name);
        }
        oneOf(c.dtype(), java.util.List.of("float32", "float64"), "training.dtype", name);
        if (!Tensors.isDeviceName(c.device())) {
            throw fail(name, "training.device", "must be cpu, cuda or cuda:N", "'" + c.device() + "'");
        }
        ModelConfig m = c.model();
        oneOf(m.activation(), java.util.List.of("relu", "tanh", "sigmoid"), "model.activation", name);
        oneOf(m.pooling(), java.util.List.of("mean", "sum"), "model.pooling", name);
        atLeast(m.embeddingDim(), 1, "model.embedding_dim", name);
        for (int h : m.hiddenUnits()) {
            atLeast(h, 1, "model.hidden_units", name);
        }
        if (!(m.dropout() >= 0 && m.dropout() < 1)) {
            throw fail(name, "model.dropout", "must be in [0, 1)", m.dropout());
        }
        nonNegative(m.embeddingRegularizer(), "model.embedding_regularizer", name);
        nonNegative(m.netRegularizer(), "model.net_regularizer", name);
        if (m.options() instanceof ModelOptions.Cross cross) {
            atLeast(cross.crossLayers(), 0, "model.cross_layers", name);
        }
        if (m.options() instanceof ModelOptions.Cin cin) {
            for (int h : cin.cinHiddenUnits()) {
                atLeast(h, 1, "model.cin_hidden_units", name);
            }
        }
        positive(m.embeddingInitStd(), "model.embedding_init_std", name);
    }

    private static void oneOf(String v, java.util.List<String> allowed, String key, Function<String, String> name) {
        if (!allowed.contains(v)) {
            throw fail(name, key, "must be one of " + String.join(", ", allowed), "'" + v + "'");
        }
    }

    private static void atLeast(long v, long min, String key, Function<String, String> name) {
        if (v < min) {
            throw fail(name, key, "must be at least " + min, v);
        }
    }

    private static void positive(double v, String key, Function<String, String> name) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw fail(name, key, "must be a positive finite number", v);
        }
    }

    private static void nonNegative(double v, String key, Function<String, String> name) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw fail(name, key, "must be a finite number >= 0", v);
        }
    }

    private static void between(double v, double lo, double hi, String key, Function<String, String> name) {
        if (!(v >= lo && v <= hi)) {
            throw fail(name, key, "must be in [" + lo + ", " + hi + "]", v);
        }
    }

    private static HelenException fail(Function<String, String> name, String key, String rule, Object got) {
        return new HelenException(String.format(Locale.ROOT, "%s %s, got %s", name.apply(key), rule, got));
    }
}
