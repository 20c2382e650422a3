package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.model.ModelParameter;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-pass scheme shared by SAM, ASAM and Helen: gradient at w, ascent w + ε, gradient at
 * w + ε, restore w exactly (a copy of the saved weights, not w + ε − ε, so ρ = 0 reproduces the
 * base optimizer bit for bit), then the base optimizer steps with the second gradient.
 */
public final class SharpnessAware implements TrainingOptimizer {
    private final String name;
    private final GradientOptimizer base;
    private final List<ModelParameter> params;
    private final Perturbation perturbation;

    public SharpnessAware(String name, GradientOptimizer base, List<ModelParameter> params, Perturbation perturbation) {
        this.name = name;
        this.base = base;
        this.params = params;
        this.perturbation = perturbation;
    }

    @Override
    public double step(Closure closure, Batch batch) {
        double loss = closure.lossAndGradients();
        List<Tensor> backup = new ArrayList<>();
        List<Tensor> firstGradient = new ArrayList<>();
        try (NoGradGuard g = new NoGradGuard()) {
            List<Tensor> eps = perturbation.epsilon(params, batch);
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i).tensor();
                Tensor e = eps.get(i);
                backup.add(e == null ? null : p.detach().clone());
                firstGradient.add(e == null && perturbation.unperturbedStepAtW() ? definedClone(params.get(i).grad()) : null);
                if (e != null) {
                    p.add_(e);
                }
            }
        }
        closure.lossAndGradients();
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < params.size(); i++) {
                if (backup.get(i) != null) {
                    params.get(i).tensor().copy_(backup.get(i));
                }
                if (firstGradient.get(i) != null) {
                    params.get(i).grad().copy_(firstGradient.get(i));
                }
            }
        }
        base.update();
        return loss;
    }

    private static Tensor definedClone(Tensor grad) {
        return grad.isNull() || !grad.defined() ? null : grad.detach().clone();
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
