package helen.optim;

import com.fasterxml.jackson.annotation.JsonProperty;
import helen.util.HelenException;

/**
 * Helen's own settings (the {@code optimizer:} keys only Helen reads). The defaults are the
 * official code's choices (NUS-HPC-AI-Lab/Helen); {@code frequency: dataset} and
 * {@code normalize: row} give the paper's Algorithm 1.
 *
 * @param xi        lower bound ξ on N/max N (null: Helen 0.3, Helen-m/-b 0)
 * @param frequency batch (frequencies counted in each mini-batch, official code) or dataset (training split, paper)
 * @param normalize field (one gradient norm per table, official code) or row (per-row normalisation, paper)
 */
public record HelenConfig(@JsonProperty("xi") Double xi, @JsonProperty("frequency") String frequency,
                          @JsonProperty("normalize") String normalize) {
    public HelenConfig {
        frequency = frequency == null ? "batch" : frequency;
        normalize = normalize == null ? "field" : normalize;
        if (!frequency.equals("batch") && !frequency.equals("dataset")) {
            throw new HelenException("key 'optimizer.frequency' is batch or dataset, got '" + frequency + "'");
        }
        if (!normalize.equals("field") && !normalize.equals("row")) {
            throw new HelenException("key 'optimizer.normalize' is field or row, got '" + normalize + "'");
        }
    }

    public static HelenConfig official() {
        return new HelenConfig(null, null, null);
    }

    public HelenConfig withXi(Double newXi) {
        return new HelenConfig(newXi, frequency, normalize);
    }
}
