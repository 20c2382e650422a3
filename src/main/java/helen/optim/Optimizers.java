package helen.optim;

import helen.model.CtrModel;
import helen.model.ModelParameter;
import helen.train.TrainConfig.OptimizerConfig;
import helen.util.HelenException;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the optimizer a training config names. Every sharpness-aware optimizer wraps Adam
 * (lr as configured), as in the paper.
 */
public final class Optimizers {
    public static final List<String> NAMES = List.of("adam", "nadam", "radam", "sam", "asam", "helen", "helen-m", "helen-b");

    private Optimizers() {
    }

    /**
     * @param datasetFrequencies training-split N per table, asked for only by Helen with frequency: dataset
     */
    public static TrainingOptimizer create(OptimizerConfig c, CtrModel model, Supplier<long[][]> datasetFrequencies) {
        List<ModelParameter> params = model.params();
        switch (c.name()) {
            case "adam":
            case "nadam":
            case "radam":
                return base(c.name(), c.lr(), model);
            case "sam":
                return new SharpnessAware("sam", adam(c.lr(), model), params, new SamPerturbation(orDefault(c.rho(), 0.05)));
            case "asam":
                return new SharpnessAware("asam", adam(c.lr(), model), params,
                        new AsamPerturbation(orDefault(c.rho(), 0.5), c.eta()));
            case "helen":
            case "helen-m":
            case "helen-b": {
                boolean variant = !c.name().equals("helen");
                double xi = variant ? 0 : orDefault(c.xi(), 0.3);
                if (variant && c.xi() != null && c.xi() != 0) {
                    throw new HelenException(c.name() + " has no lower bound (xi = 0 by definition); use helen for --xi");
                }
                boolean dataset = "dataset".equals(c.frequency());
                HelenSettings s = new HelenSettings(orDefault(c.rho(), 0.05), xi, dataset, "row".equals(c.normalize()),
                        !c.name().equals("helen-m"));
                return new SharpnessAware(c.name(), adam(c.lr(), model), params,
                        new HelenPerturbation(s, model.layout(), dataset ? datasetFrequencies.get() : null));
            }
            default:
                throw new HelenException("unknown optimizer '" + c.name() + "' (available: " + String.join(", ", NAMES) + ")");
        }
    }

    /** A plain first-order optimizer over the model's parameter tensors. */
    public static GradientOptimizer base(String name, double lr, CtrModel model) {
        List<Tensor> tensors = model.leaves();
        switch (name) {
            case "adam":
                return adam(lr, model);
            case "nadam":
                return new NAdam(tensors, lr, 0);
            case "radam":
                return new RAdam(tensors, lr, 0);
            default:
                throw new HelenException("unknown base optimizer '" + name + "'");
        }
    }

    private static LibtorchAdam adam(double lr, CtrModel model) {
        TensorVector v = new TensorVector();
        model.leaves().forEach(v::push_back);
        return new LibtorchAdam(v, lr);
    }

    private static double orDefault(Double v, double d) {
        return v != null ? v : d;
    }
}
