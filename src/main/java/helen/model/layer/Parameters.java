package helen.model.layer;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Registers a parameter and returns a handle that stays valid. libtorch's register_parameter
 * returns a reference into the module's parameter dictionary, which dangles as soon as the
 * dictionary grows (a JVM crash in the next op); the handle passed in shares the same tensor.
 */
public final class Parameters {
    private Parameters() {
    }

    public static Tensor register(Module m, String name, Tensor t) {
        m.register_parameter(name, t);
        return t;
    }

    /**
     * An owning handle to the same tensor as a reference (e.g. a dictionary entry), kept alive
     * even if created inside a PointerScope: a model's parameter handles outlive every step.
     */
    public static Tensor handle(Tensor reference) {
        Tensor t = new Tensor(reference);
        t.retainReference();
        return t;
    }
}
