package helen.model;

import helen.model.layer.FeatureLayout;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/** Builds a model by name ({@link ModelRegistry}); initial weights follow from the seed alone. */
public final class Models {
    private Models() {
    }

    public static CtrModel create(FeatureLayout layout, ModelConfig c, long seed, ScalarType dtype) {
        return ModelRegistry.get(c.name()).factory().create(layout, c, new SplittableRandom(seed), dtype);
    }
}
