package helen.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.DataSources;
import helen.data.DatasetSpec;
import helen.data.EncodedDataset;
import helen.data.Encoder;
import helen.data.Presets;
import helen.analysis.CurvatureTracker;
import helen.util.HelenException;
import helen.util.NativeLibraries;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A training run from its config: the data encoded (once, into a cache), then trained or resumed. What
 * {@code helen train}, the grid's workers and Slurm tasks all do, here so that the grid needs nothing above
 * the training package ({@code helen.pipeline} delegates to it).
 */
public final class Training {
    private Training() {
    }

    /** Where encoded caches live unless told: $HELEN_CACHE, else .helen-cache in the working directory. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("HELEN_CACHE");
        return Path.of(env != null ? env : ".helen-cache");
    }

    /**
     * The encoded cache of a config's data under {@code cacheRoot} (encoding it first if needed).
     *
     * @throws HelenException when the config names no training data, or the data cannot be read
     */
    public static EncodedDataset encode(TrainConfig.DataConfig d, Path cacheRoot, PrintStream log) {
        if (d.train().isEmpty()) {
            throw new HelenException("no training data: give --train FILE or dataset.train in the config");
        }
        DatasetSpec ds = Presets.resolve(d.preset() == null && d.spec() == null ? "generic" : d.preset(), d.spec(),
                d.label(), d.train().get(0));
        Encoder encoder = new Encoder(ds, new DataSources(d.train(), d.valid(), d.test(), false), log);
        return encoder.encode(encoder.defaultCacheDir(cacheRoot), false);
    }

    /**
     * Encodes the config's data and trains (or resumes) the run in {@code out}, measuring curvature at
     * {@code curvature} (null: not tracked) with {@code settings}; returns its metrics.json.
     */
    public static ObjectNode run(TrainConfig c, Path cacheRoot, Path out, boolean resume, PrintStream log, boolean progress,
                                 CurvatureLog.Interval curvature, CurvatureTracker.Settings settings) {
        NativeLibraries.load();
        EncodedDataset data = encode(c.data(), cacheRoot, log);
        Trainer trainer = new Trainer(c, data, out, log, progress);
        if (curvature != null) {
            trainer.trackCurvature(curvature, settings);
        }
        return trainer.run(resume);
    }
}
