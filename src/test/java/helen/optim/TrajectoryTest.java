package helen.optim;

import com.fasterxml.jackson.databind.JsonNode;
import helen.ReferenceVectors;
import helen.model.TinyReference;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every step of torch.optim's Adam, NAdam and RAdam trajectories (both learning rates, both weight decays). */
class TrajectoryTest {
    @Test
    void adamNadamRadamFollowTorchOptimStepByStep() {
        JsonNode ref = ReferenceVectors.read("optimizer_trajectories.json");
        double[] init = TinyReference.flatten(ref.get("initial_params"));
        int checked = 0;
        for (JsonNode c : ref.get("cases")) {
            String name = c.get("optimizer").asText();
            if (name.equals("AdamW")) {
                continue; // decoupled weight decay is not one of the paper's optimizers
            }
            double lr = c.get("lr").asDouble();
            double wd = c.get("weight_decay").asDouble();
            Tensor p = Tensors.fromDoubles(init, ScalarType.Double, init.length);
            p.set_requires_grad(true);
            GradientOptimizer opt = switch (name) {
                case "Adam" -> new LibtorchAdam(new TensorVector(p), lr, wd);
                case "NAdam" -> new NAdam(List.of(p), lr, wd);
                case "RAdam" -> new RAdam(List.of(p), lr, wd);
                default -> throw new IllegalStateException(name);
            };
            for (int step = 0; step < ref.get("grads").size(); step++) {
                Tensor g = Tensors.fromDoubles(TinyReference.flatten(ref.get("grads").get(step)), ScalarType.Double, init.length);
                try (NoGradGuard ng = new NoGradGuard()) {
                    if (step == 0) {
                        p.mutable_grad().put(g);
                    } else {
                        p.grad().copy_(g);
                    }
                }
                opt.update();
                double[] expected = TinyReference.flatten(c.get("params_after_each_step").get(step));
                assertArrayEquals(expected, Tensors.toDoubles(p), 1e-12, name + " lr " + lr + " wd " + wd + " step " + (step + 1));
                checked++;
            }
        }
        assertEquals(12 * 8, checked);
    }
}
