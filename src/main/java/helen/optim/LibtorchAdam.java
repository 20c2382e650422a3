package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.util.Json;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.TensorVector;

/**
 * libtorch's Adam (Kingma &amp; Ba 2015; torch.optim defaults: betas 0.9/0.999, eps 1e-8).
 * {@code weightDecay} is torch's coupled L2 (g + wd·w); helen's trainings keep it 0 and put L2 in
 * the loss, as FuxiCTR does.
 */
public final class LibtorchAdam extends GradientOptimizer {
    private final Adam adam;
    private final double weightDecay;

    public LibtorchAdam(TensorVector params, double lr, double weightDecay) {
        this.lr = lr;
        this.weightDecay = weightDecay;
        AdamOptions o = new AdamOptions(lr);
        o.weight_decay().put(weightDecay);
        this.adam = new Adam(params, o);
    }

    public LibtorchAdam(TensorVector params, double lr) {
        this(params, lr, 0);
    }

    @Override
    public void update() {
        adam.step();
    }

    @Override
    public void setLearningRate(double lr) {
        super.setLearningRate(lr);
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
                .put("beta1", 0.9).put("beta2", 0.999).put("eps", 1e-8).put("weight_decay", weightDecay);
    }
}
