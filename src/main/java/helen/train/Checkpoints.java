package helen.train;

import helen.model.CtrModel;
import helen.optim.TrainingOptimizer;
import helen.util.AtomicFiles;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

import java.nio.file.Files;
import java.nio.file.Path;

/** Model and optimizer archives, written to a temp file and renamed so a kill never leaves half a checkpoint. */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static void saveModel(CtrModel model, Path file) {
        OutputArchive oa = new OutputArchive();
        model.save(oa);
        Path tmp = AtomicFiles.tempSibling(file);
        oa.save_to(tmp.toString());
        AtomicFiles.commit(tmp, file);
    }

    public static void loadModel(CtrModel model, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new helen.util.HelenException("checkpoint not found: " + file);
        }
        InputArchive ia = new InputArchive();
        ia.load_from(file.toString());
        model.load(ia);
    }

    public static void saveOptimizer(TrainingOptimizer opt, Path file) {
        OutputArchive oa = new OutputArchive();
        opt.save(oa);
        Path tmp = AtomicFiles.tempSibling(file);
        oa.save_to(tmp.toString());
        AtomicFiles.commit(tmp, file);
    }

    public static void loadOptimizer(TrainingOptimizer opt, Path file) {
        InputArchive ia = new InputArchive();
        ia.load_from(file.toString());
        opt.load(ia);
    }
}
