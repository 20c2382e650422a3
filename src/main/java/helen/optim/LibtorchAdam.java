package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.Json;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.TensorVector;

/**
 * libtorch's Adam (Kingma &amp; Ba 2015; torch.optim defaults: betas 0.9/0.999, eps 1e-8, no weight
 * decay, as L2 is a loss term in helen).
 */
public final class LibtorchAdam implements TrainingOptimizer {
    private final Adam adam;
    private double lr;

    public LibtorchAdam(TensorVector params, double lr) {
        this.lr = lr;
        AdamOptions o = new AdamOptions(lr);
        this.adam = new Adam(params, o);
    }

    /** Zeroes gradients (sets them undefined, like set_to_none). */
    public void zeroGrad() {
        adam.zero_grad();
    }

    /** Applies one Adam update with the gradients currently in grad(). */
    public void update() {
        adam.step();
    }

    @Override
    public double step(Closure closure) {
        double loss = closure.lossAndGradients();
        adam.step();
        return loss;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
        adam.param_groups().get(0).options().set_lr(lr);
    }

    @Override
    public void save(OutputArchive archive) {
        adam.save(archive);
    }

    @Override
    public void load(InputArchive archive) {
        adam.load(archive);
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("name", "adam").put("implementation", "libtorch").put("lr", lr)
                .put("beta1", 0.9).put("beta2", 0.999).put("eps", 1e-8);
    }
}
