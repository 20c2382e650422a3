package helen.hessian.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.model.CtrModel;
import helen.util.HelenException;
import helen.util.Json;
import org.bytedeco.pytorch.StringSharedModuleDict;

import java.util.Locale;

/**
 * What silently changes curvature, checked before an analysis spends its HVPs: a module in training mode
 * (dropout draws a new mask at every pass, batch norm normalises by the batch) makes every HVP a product
 * with another Hessian, and a loss that is not the same twice (a non-deterministic kernel) makes power
 * iteration chase noise. Every module must be in eval mode, and two evaluations of the analysis loss on
 * the whole analysis set must agree bit for bit; analysis.json records that they did.
 */
public final class EvalModeGuard {
    private EvalModeGuard() {
    }

    /**
     * Checks {@code model} and {@code hvp}'s loss; returns what analysis.json says of it, the loss included.
     *
     * @throws HelenException naming the module in training mode, or giving the two losses that differ
     */
    public static ObjectNode check(CtrModel model, Hvp hvp) {
        StringSharedModuleDict modules = model.named_modules();
        for (long i = 0; i < modules.size(); i++) {
            if (modules.get(i).access().is_training()) {
                org.bytedeco.javacpp.BytePointer key = modules.get(i).key(); // null for the model itself
                String name = key == null ? "" : key.getString();
                throw new HelenException("the model's module '" + (name.isEmpty() ? "(the model)" : name) + "' is in training mode: "
                        + "dropout and batch norm would change the loss between HVPs; the analysis runs in eval mode only");
            }
        }
        double first = hvp.loss();
        double second = hvp.loss();
        if (Double.doubleToLongBits(first) != Double.doubleToLongBits(second)) {
            throw new HelenException(String.format(Locale.ROOT, "two evaluations of the analysis loss on the same set differ "
                    + "(%.17g, then %.17g): a non-deterministic kernel or a module that ignores eval mode; curvature of such a "
                    + "loss is noise", first, second));
        }
        ObjectNode o = Json.object();
        o.put("modules", modules.size());
        o.put("modules_in_training_mode", 0);
        o.put("dropout", model.config().dropout());
        o.put("batch_norm", model.config().batchNorm());
        o.put("loss_evaluated_twice_bit_identical", true);
        o.put("loss", first);
        return o;
    }
}
