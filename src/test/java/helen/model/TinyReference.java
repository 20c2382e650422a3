package helen.model;

import com.fasterxml.jackson.databind.JsonNode;
import helen.ReferenceVectors;
import helen.data.EncodedField;
import helen.data.FeatureType;
import helen.model.layer.FeatureLayout;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.List;

/**
 * The tiny two-field model of src/test/resources/reference/tiny_model_hessian.json, rebuilt as a helen DNN
 * (hidden [4], tanh) in float64 with the reference weights copied in.
 */
public final class TinyReference {
    public final JsonNode json;
    public final CtrModel model;
    public final Tensor ids;
    public final Tensor labels;

    public TinyReference() {
        json = ReferenceVectors.read("tiny_model_hessian.json");
        FeatureLayout layout = new FeatureLayout(List.of(
                new EncodedField("f0", "f0", 0, FeatureType.CATEGORICAL, 1, 0),
                new EncodedField("f1", "f1", 1, FeatureType.CATEGORICAL, 1, 1)),
                List.of("f0", "f1"), new int[] {5, 4});
        ModelConfig c = ModelConfig.defaults("dnn").withEmbeddingDim(3).withHidden(List.of(4), "tanh");
        model = Models.create(layout, c, 1, ScalarType.Double);
        JsonNode p = json.get("params");
        set("embedding.f0", p.get("emb0"));
        set("embedding.f1", p.get("emb1"));
        set("dnn.w0", p.get("fc1.weight"));
        set("dnn.b0", p.get("fc1.bias"));
        set("dnn.w1", p.get("fc2.weight"));
        set("dnn.b1", p.get("fc2.bias"));
        int n = json.get("ids").size();
        int[] idArr = new int[n * 2];
        float[] lab = new float[n];
        for (int i = 0; i < n; i++) {
            idArr[2 * i] = json.get("ids").get(i).get(0).asInt();
            idArr[2 * i + 1] = json.get("ids").get(i).get(1).asInt();
            lab[i] = (float) json.get("labels").get(i).asDouble();
        }
        ids = Tensors.ids(idArr, n, 2);
        labels = Tensors.labels(lab, n, ScalarType.Double);
    }

    private void set(String name, JsonNode values) {
        ModelParameter mp = model.params().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
        try (NoGradGuard g = new NoGradGuard()) {
            mp.tensor().copy_(Tensors.fromDoubles(flatten(values), ScalarType.Double, mp.tensor().sizes().vec().get()));
        }
    }

    public static double[] flatten(JsonNode n) {
        List<Double> out = new ArrayList<>();
        flattenInto(n, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flattenInto(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(x -> flattenInto(x, out));
        } else {
            out.add(n.asDouble());
        }
    }

    /** All parameters, flattened in the reference's order (emb0, emb1, fc1.w, fc1.b, fc2.w, fc2.b). */
    public double[] flatParams() {
        return concat(model.params().stream().map(p -> Tensors.toDoubles(p.tensor())).toList());
    }

    public double[] flatGrads() {
        return concat(model.params().stream().map(p -> Tensors.toDoubles(p.grad())).toList());
    }

    public static double[] concat(List<double[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        double[] out = new double[n];
        int k = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, k, a.length);
            k += a.length;
        }
        return out;
    }
}
