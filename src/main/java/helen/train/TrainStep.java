package helen.train;

import helen.data.Batch;
import helen.model.CtrModel;
import helen.optim.TrainingOptimizer;
import helen.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.util.function.LongConsumer;

/**
 * One optimisation step on one mini-batch, inside a PointerScope so that every tensor it creates
 * (inputs, activations, gradients of the graph) is freed when it ends: without it, native memory
 * grows by the size of the step's graph every step. Each forward/backward pass has a scope of its
 * own inside it: SAM's first pass held every activation (hundreds of MB at batch 10,000) while the
 * second pass allocated its own.
 */
public final class TrainStep {
    private TrainStep() {
    }

    /** @return the mini-batch training loss (BCE + regulariser) before the update */
    public static double run(CtrModel model, TrainingOptimizer optimizer, Batch b) {
        return run(model, optimizer, b, nanos -> { });
    }

    /**
     * The same, telling {@code passNanos} how long each forward/backward pass took (one per pass:
     * two for the sharpness-aware optimizers), so that a benchmark can separate the passes from
     * what the optimizer does around them.
     */
    public static double run(CtrModel model, TrainingOptimizer optimizer, Batch b, LongConsumer passNanos) {
        try (PointerScope scope = new PointerScope()) {
            Tensor ids = Tensors.ids(b.ids, b.size, b.width);
            Tensor labels = Tensors.labels(b.labels, b.size, model.dtype());
            return optimizer.step(() -> {
                // The pass's own scope frees its activations as soon as its gradients are in the
                // leaves: the optimizer's update, and SAM's second pass, then run without them.
                long start = System.nanoTime();
                try (PointerScope pass = new PointerScope()) {
                    model.zero_grad(true);
                    Tensor l = model.loss(ids, labels);
                    l.backward();
                    return l.item_double();
                } finally {
                    passNanos.accept(System.nanoTime() - start);
                }
            }, b);
        }
    }
}
