package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.util.Json;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive SAM (Kwon et al. 2021, SamsungLabs/ASAM): with T_w = |w| + η on weights and the
 * identity on biases, ε = ρ·T_w²g/‖T_w g‖ (norm over all parameters, + 1e-16). Embedding tables
 * and linear/cross weights count as weights; parameters whose name marks a bias do not
 * ({@link helen.model.ModelParameter#isBias()}).
 */
public final class AsamPerturbation implements Perturbation {
    private final double rho;
    private final double eta;

    public AsamPerturbation(double rho, double eta) {
        this.rho = rho;
        this.eta = eta;
    }

    @Override
    public List<Ascent> epsilon(List<ParameterLeaf> leaves, Batch batch) {
        List<Tensor> scaled = new ArrayList<>();
        List<Tensor> tw = new ArrayList<>();
        for (ParameterLeaf leaf : leaves) {
            Tensor g = leaf.grad();
            Tensor t = g == null || leaf.isBias() ? null : leaf.tensor().abs().add_(new Scalar(eta));
            tw.add(t);
            scaled.add(t == null ? g : g.mul(t));
        }
        double norm = Perturbation.globalNorm(scaled) + 1e-16;
        List<Ascent> eps = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            Tensor s = scaled.get(i);
            if (s == null) {
                eps.add(null);
                continue;
            }
            eps.add(new Ascent(s, tw.get(i), rho / norm));
        }
        return eps;
    }

    @Override
    public ObjectNode describe() {
        return Json.object().put("rho", rho).put("eta", eta);
    }
}
