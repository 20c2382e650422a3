package helen.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.optim.OptimizerConfig;
import helen.pipeline.Pipeline;
import helen.train.TrainConfig;
import helen.train.TrainConfigLoader;

import java.nio.file.Path;

/**
 * Trains DeepFM with the Helen optimizer on the bundled sample and prints its test AUC.
 * <pre>
 * java -cp target/helen.jar:$(cat target/classpath.txt):target/test-classes helen.examples.TrainDeepFMWithHelen runs/example 2
 * </pre>
 * Run it from the repository root (the config names the sample's files relative to it).
 */
public final class TrainDeepFMWithHelen {
    private TrainDeepFMWithHelen() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/example_deepfm_helen");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        TrainConfig base = TrainConfigLoader.load(Path.of("training/samples/deepfm.yaml"));
        OptimizerConfig helen = base.optimizer().with("helen", base.optimizer().lr(), 0.05, 0.3);
        TrainConfig config = base.with(base.data(), base.model(), helen, epochs, base.seed(), base.threads(), base.batchSize());
        ObjectNode metrics = Pipeline.train(config, Pipeline.defaultCacheRoot(), out, false, System.err, false);
        System.out.printf("DeepFM + Helen: test AUC %.4f, logloss %.4f (best epoch %d) -> %s%n",
                metrics.get("test").get("auc").asDouble(), metrics.get("test").get("logloss").asDouble(),
                metrics.get("best_epoch").asInt(), out.resolve("metrics.json"));
    }
}
