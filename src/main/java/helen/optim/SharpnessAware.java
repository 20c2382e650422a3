package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.model.ModelParameter;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * The two-pass scheme shared by SAM, ASAM and Helen: gradient at w, ascent w + ε, gradient at
 * w + ε, restore w exactly (a copy of the saved weights, not w + ε − ε, so ρ = 0 reproduces the
 * base optimizer bit for bit), then the base optimizer steps with the second gradient. Works on
 * whole parameter tensors ({@link ParameterLeaf}), each with one buffer kept across steps.
 */
public final class SharpnessAware implements TrainingOptimizer {
    private final String name;
    private final GradientOptimizer base;
    private final List<ParameterLeaf> leaves;
    private final Perturbation perturbation;
    /** Per leaf: its weights before the ascent, or (unperturbed, official Helen) its gradient at w. */
    private final Tensor[] saved;

    public SharpnessAware(String name, GradientOptimizer base, List<ModelParameter> params, Perturbation perturbation) {
        this.name = name;
        this.base = base;
        this.leaves = ParameterLeaf.of(params);
        this.perturbation = perturbation;
        this.saved = new Tensor[leaves.size()];
    }

    @Override
    public double step(Closure closure, Batch batch) {
        double loss = closure.lossAndGradients();
        boolean[] perturbed = new boolean[leaves.size()];
        boolean[] gradientKept = new boolean[leaves.size()];
        try (NoGradGuard g = new NoGradGuard()) {
            List<Ascent> eps = perturbation.epsilon(leaves, batch);
            for (int i = 0; i < leaves.size(); i++) {
                Tensor w = leaves.get(i).tensor();
                if (eps.get(i) != null) {
                    save(i, w);
                    eps.get(i).addTo(w);
                    perturbed[i] = true;
                } else if (perturbation.unperturbedStepAtW() && leaves.get(i).grad() != null) {
                    save(i, leaves.get(i).grad());
                    gradientKept[i] = true;
                }
            }
        }
        try {
            // A leaf that steps with its gradient at w needs none at w + ε: without requires_grad
            // the second backward skips its weight-gradient GEMMs (official Helen: the whole MLP's).
            setRequiresGrad(gradientKept, false);
            closure.lossAndGradients();
        } finally {
            setRequiresGrad(gradientKept, true);
        }
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < leaves.size(); i++) {
                if (perturbed[i]) {
                    leaves.get(i).tensor().copy_(saved[i]);
                } else if (gradientKept[i]) {
                    // the buffer becomes the gradient (the next step's zero_grad drops it again;
                    // with no gradient at w + ε there is none to copy into)
                    leaves.get(i).tensor().mutable_grad().put(saved[i]);
                }
            }
        }
        base.update();
        return loss;
    }

    private void setRequiresGrad(boolean[] which, boolean value) {
        for (int i = 0; i < leaves.size(); i++) {
            if (which[i]) {
                leaves.get(i).tensor().requires_grad_(value);
            }
        }
    }

    /**
     * Copies {@code t} into leaf i's buffer. The buffer is made once and kept across steps (retained
     * past the step's PointerScope; as large as the leaf, like the base optimizer's moments).
     */
    private void save(int i, Tensor t) {
        if (saved[i] == null) {
            saved[i] = t.detach().clone();
            saved[i].retainReference();
        } else {
            saved[i].copy_(t);
        }
    }

    /** The ascent rule (tests compare it with the definitions computed by hand). */
    Perturbation perturbation() {
        return perturbation;
    }

    @Override
    public double learningRate() {
        return base.learningRate();
    }

    @Override
    public void setLearningRate(double lr) {
        base.setLearningRate(lr);
    }

    @Override
    public void save(OutputArchive archive) {
        base.save(archive);
    }

    @Override
    public void load(InputArchive archive) {
        base.load(archive);
    }

    @Override
    public ObjectNode describe() {
        ObjectNode o = perturbation.describe();
        o.put("name", name);
        o.set("base", base.describe());
        o.put("lr", base.learningRate());
        return o;
    }
}
