package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.util.Json;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * SAM (Foret et al. 2021): ε = ρ·g/(‖g‖₂ + 1e-12), the norm taken over all parameters together
 * (as davda54/sam; the 1e-12 keeps a zero gradient from dividing by zero).
 */
public final class SamPerturbation implements Perturbation {
    private final double rho;

    public SamPerturbation(double rho) {
        this.rho = rho;
    }

    @Override
    public List<Ascent> epsilon(List<ParameterLeaf> leaves, Batch batch) {
        List<Tensor> grads = leaves.stream().map(ParameterLeaf::grad).toList();
        double scale = rho / (Perturbation.globalNorm(grads) + 1e-12);
        List<Ascent> eps = new ArrayList<>();
        for (Tensor g : grads) {
            eps.add(g == null ? null : new Ascent(g, scale));
        }
        return eps;
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("rho", rho).put("norm", "global over all parameters");
    }
}
