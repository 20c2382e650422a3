package helen.grid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.train.TrainConfig;
import helen.util.Json;

/**
 * One run of a grid: its place in the grid (dataset, model, optimizer, the axis values, seed) and the
 * resolved config it trains; {@code id} is {@link helen.train.ResolvedConfig#id} of that config with the
 * data as the spec writes it, so the same setting has the same id in every plan, from any checkout or
 * data root, and its directory is {@code runs/<id>}.
 */
public record GridRun(int index, String id, String dataset, String model, String optimizer, double rho, double xi, double l2,
                      long seed, TrainConfig config) {
    /** A grid.jsonl line. rho and xi are NaN (null in JSON) for optimizers without them. */
    public ObjectNode json() {
        ObjectNode o = Json.object().put("index", index).put("id", id).put("dataset", dataset).put("model", model)
                .put("optimizer", optimizer);
        number(o, "rho", rho);
        number(o, "xi", xi);
        o.put("l2", l2).put("seed", seed).put("dir", "runs/" + id);
        return o;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
