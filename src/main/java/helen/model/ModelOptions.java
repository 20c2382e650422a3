package helen.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import helen.util.HelenException;

import java.util.List;

/**
 * The hyper-parameters that only some models have, one record per kind. In a config they sit in
 * the {@code model:} section beside the common keys; the model's {@link ModelRegistry} entry says
 * which record binds them, so a key another model owns is an error, not silently ignored.
 */
public sealed interface ModelOptions permits ModelOptions.None, ModelOptions.Cross, ModelOptions.Cin {
    /** Models with no keys of their own. */
    record None() implements ModelOptions {
    }

    /**
     * DCN and DCNv2.
     *
     * @param crossLayers cross layers (default 3)
     * @param structure   DCNv2: parallel (cross network beside the MLP) or stacked (MLP on the cross output)
     */
    record Cross(@JsonProperty("cross_layers") Integer crossLayers, @JsonProperty("structure") String structure)
            implements ModelOptions {
        public Cross {
            crossLayers = crossLayers == null ? 3 : crossLayers;
            structure = structure == null ? "parallel" : structure;
            if (!structure.equals("parallel") && !structure.equals("stacked")) {
                throw new HelenException("key 'model.structure' is parallel or stacked, got '" + structure + "'");
            }
        }
    }

    /** xDeepFM. @param cinHiddenUnits feature maps of each CIN layer (FuxiCTR's default [16, 16, 16]) */
    record Cin(@JsonProperty("cin_hidden_units") List<Integer> cinHiddenUnits) implements ModelOptions {
        public Cin {
            cinHiddenUnits = cinHiddenUnits == null ? List.of(16, 16, 16) : List.copyOf(cinHiddenUnits);
        }
    }
}
