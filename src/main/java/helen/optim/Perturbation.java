package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.model.ModelParameter;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/** The ascent step ε of a sharpness-aware optimizer, computed from the gradients at w (in grad()). */
public interface Perturbation {
    /**
     * @param params the model's parameters, gradients filled
     * @param batch  the mini-batch the gradients came from
     * @return ε per parameter, in the same order; null entries are not perturbed
     */
    List<Tensor> epsilon(List<ModelParameter> params, Batch batch);

    ObjectNode describe();

    /**
     * Whether the weights this rule leaves unperturbed (null ε) step with their gradient at w rather
     * than the one at w + ε (the official Helen's {@code second_step}); SAM and ASAM perturb every weight.
     */
    default boolean unperturbedStepAtW() {
        return false;
    }

    /** sqrt(Σ‖t‖²) over tensors (null and undefined ones skipped). */
    static double globalNorm(List<Tensor> tensors) {
        double sq = 0;
        for (Tensor t : tensors) {
            if (t != null && !t.isNull() && t.defined()) {
                sq += t.square().sum().item_double();
            }
        }
        return Math.sqrt(sq);
    }
}
