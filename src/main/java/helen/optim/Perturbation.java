package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.model.ModelParameter;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/** The ascent step ε of a sharpness-aware optimizer, computed from the gradients at w (in grad()). */
public interface Perturbation {
    /**
     * @param leaves the model's parameter leaves, gradients filled
     * @param batch  the mini-batch the gradients came from
     * @return ε per leaf, in the same order; null entries are not perturbed
     */
    List<Ascent> epsilon(List<ParameterLeaf> leaves, Batch batch);

    /** ε per parameter (views of the leaves' ε; null where not perturbed), for checks against the definitions. */
    default List<Tensor> epsilonPerParameter(List<ModelParameter> params, Batch batch) {
        List<ParameterLeaf> leaves = ParameterLeaf.of(params);
        List<Ascent> eps = epsilon(leaves, batch);
        List<Tensor> out = new ArrayList<>();
        for (ModelParameter p : params) {
            int i = 0;
            while (leaves.get(i).tensor() != p.leaf()) {
                i++;
            }
            out.add(eps.get(i) == null ? null : ParameterLeaf.part(eps.get(i).epsilon(), p));
        }
        return out;
    }

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
                double n = t.norm().item_double();  // one fused reduction, no squared copy
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
    }
}
