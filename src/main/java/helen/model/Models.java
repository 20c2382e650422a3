package helen.model;

import helen.util.HelenException;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.SplittableRandom;

/** Builds a model by name; initial weights follow from the seed alone. */
public final class Models {
    private Models() {
    }

    public static CtrModel create(FeatureLayout layout, ModelConfig c, long seed, ScalarType dtype) {
        SplittableRandom rnd = new SplittableRandom(seed);
        switch (c.name()) {
            case "dnn":
                return new DNN(layout, c, rnd, dtype);
            case "widedeep":
                return new WideDeep(layout, c, rnd, dtype);
            case "pnn":
                return new PNN(layout, c, rnd, dtype);
            case "deepfm":
                return new DeepFM(layout, c, rnd, dtype);
            case "dcn":
                return new DCN(layout, c, false, rnd, dtype);
            case "dcnv2":
                return new DCN(layout, c, true, rnd, dtype);
            case "dlrm":
                return new DLRM(layout, c, rnd, dtype);
            default:
                throw new HelenException("unknown model '" + c.name() + "' (known: " + String.join(", ", ModelConfig.MODELS) + ")");
        }
    }
}
