package helen.train;

import helen.model.CtrModel;
import helen.optim.TrainingOptimizer;
import helen.util.AtomicFiles;
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
        if (!Files.isRegularFile(file)) {
            throw new helen.util.HelenException("checkpoint not found: " + file);
        }
        load(model::load, file);
    }

    public static void saveOptimizer(TrainingOptimizer opt, Path file) {
        save(opt::save, file);
    }

    public static void loadOptimizer(TrainingOptimizer opt, Path file) {
        load(opt::load, file);
    }

    private static void save(Consumer<OutputArchive> writer, Path file) {
        OutputArchive oa = new OutputArchive();
        writer.accept(oa);
        Path tmp = AtomicFiles.tempSibling(file);
        oa.save_to(tmp.toString());
        AtomicFiles.commit(tmp, file);
    }

    private static void load(Consumer<InputArchive> reader, Path file) {
        InputArchive ia = new InputArchive();
        ia.load_from(file.toString());
        reader.accept(ia);
    }
}
