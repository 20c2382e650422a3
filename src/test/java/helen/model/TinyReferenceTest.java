package helen.model;

import helen.optim.LibtorchAdam;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loss, gradient and one Adam step of the PyTorch reference model, reproduced in helen. */
class TinyReferenceTest {
    @Test
    void lossGradientAndAdamStepMatchPyTorch() {
        TinyReference ref = new TinyReference();
        assertEquals(6, ref.model.params().size());
        Tensor loss = ref.model.loss(ref.ids, ref.labels);
        assertEquals(ref.json.get("loss").asDouble(), loss.item_double(), 1e-12);
        loss.backward();
        assertArrayEquals(TinyReference.flatten(ref.json.get("grad_flat")), ref.flatGrads(), 1e-12);

        TensorVector params = new TensorVector();
        ref.model.leaves().forEach(params::push_back);
        LibtorchAdam adam = new LibtorchAdam(params, 1e-3);
        adam.update();
        double[] expected = TinyReference.flatten(ref.json.get("one_step_from_fresh_adam_lr_1e-3").get("Adam_params_flat"));
        assertArrayEquals(expected, ref.flatParams(), 1e-12);
    }
}
