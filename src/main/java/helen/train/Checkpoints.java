package helen.train;

import helen.model.CtrModel;
import helen.optim.TrainingOptimizer;
import helen.tensor.Tensors;
import helen.util.AtomicFiles;
import helen.util.HelenException;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Model and optimizer archives, written to a temp file and renamed so a kill never leaves half a checkpoint. */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static void saveModel(CtrModel model, Path file) {
        save(model::save, file);
    }

    public static void loadModel(CtrModel model, Path file) {
        load(model::load, file);
    }

    public static void saveOptimizer(TrainingOptimizer opt, Path file) {
        save(opt::save, file);
    }

    public static void loadOptimizer(TrainingOptimizer opt, Path file) {
        load(opt::load, file);
    }

    private static void save(Consumer<OutputArchive> writer, Path file) {
        Path tmp = AtomicFiles.tempSibling(file);
        // closed at once, so that its native memory goes back now and not at some later GC
        try (OutputArchive oa = new OutputArchive()) {
            writer.accept(oa);
            oa.save_to(tmp.toString());
        }
        AtomicFiles.commit(tmp, file);
    }

    /**
     * libtorch reports an empty, truncated or foreign file with a multi-line C++ message that does
     * not name the file ("PytorchStreamReader failed reading zip archive ..."): say which file it is.
     */
    private static void load(Consumer<InputArchive> reader, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HelenException("checkpoint not found: " + file);
        }
        // closed at once (as above); tensors read into the model keep their data
        try (InputArchive ia = new InputArchive()) {
            org.bytedeco.pytorch.Device d = Tensors.device();
            if (d == null) {
                ia.load_from(file.toString());
            } else {
                ia.load_from(file.toString(), new org.bytedeco.pytorch.DeviceOptional(d)); // onto the weights' device
            }
            reader.accept(ia);
        } catch (RuntimeException e) {
            if (e instanceof HelenException) {
                throw e;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new HelenException(file + " is not a readable checkpoint of this model (empty, truncated or "
                    + "from another model or helen version): " + why, e);
        }
    }
}
