package helen.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** An analysis's {@code spectrum.json} ({@code helen analyze --spectrum}), as its readers need it. */
public final class SpectrumFile {
    public static final String FILE = "spectrum.json";

    private SpectrumFile() {
    }

    /** The density of one part from a written spectrum.json, as (grid, values); empty if the part has none. */
    public static List<double[]> density(JsonNode spectrum, String part) {
        JsonNode d = spectrum.path("parts").path(part).path("density");
        if (d.isMissingNode()) {
            return List.of();
        }
        List<double[]> out = new ArrayList<>();
        for (String k : List.of("grid", "values")) {
            double[] v = new double[d.get(k).size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.get(k).get(i).asDouble();
            }
            out.add(v);
        }
        return out;
    }
}
