package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

/** An optimizer as the training loop sees it: one step from a closure, a learning rate, a state to checkpoint. */
public interface TrainingOptimizer {
    /** Performs one update; returns the loss the closure reported at the unperturbed weights. */
    double step(Closure closure);

    double learningRate();

    void setLearningRate(double lr);

    void save(OutputArchive archive);

    void load(InputArchive archive);

    /** Name and settings, recorded in metrics.json. */
    ObjectNode describe();
}
