package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

/** An optimizer as the training loop sees it: one step from a closure, a learning rate, a state to checkpoint. */
public interface TrainingOptimizer {
    /**
     * Performs one update.
     *
     * @param closure computes the loss and its gradients at the current weights (called once, or
     *                twice by the sharpness-aware optimizers)
     * @param batch   the mini-batch (Helen counts its feature frequencies); may be null for optimizers
     *                that do not need it
     * @return the loss the closure reported at the unperturbed weights
     */
    double step(Closure closure, Batch batch);

    double learningRate();

    void setLearningRate(double lr);

    void save(OutputArchive archive);

    void load(InputArchive archive);

    /** Name and settings, recorded in metrics.json. */
    ObjectNode describe();
}
