package helen.optim;

import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.util.HelenException;
import org.bytedeco.pytorch.TensorVector;

import java.util.List;

/** Builds the optimizer a training config names. */
public final class Optimizers {
    public static final List<String> NAMES = List.of("adam");

    private Optimizers() {
    }

    public static TrainingOptimizer create(String name, double lr, CtrModel model) {
        TensorVector params = new TensorVector();
        for (ModelParameter p : model.params()) {
            params.push_back(p.tensor());
        }
        switch (name) {
            case "adam":
                return new LibtorchAdam(params, lr);
            default:
                throw new HelenException("unknown optimizer '" + name + "' (available: " + String.join(", ", NAMES) + ")");
        }
    }
}
