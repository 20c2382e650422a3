package helen.train;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import helen.model.ModelConfig;
import helen.optim.HelenConfig;
import helen.optim.OptimizerConfig;
import helen.optim.OptimizerOptions;
import helen.optim.Optimizers;
import helen.util.HelenException;
import helen.util.OptionRecords;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The YAML schema of a training config (FuxiCTR-style sections), bound by Jackson with unknown
 * keys fatal. {@code config.resolved.yaml} is written in the same schema, so a run's resolved
 * config can be given back to {@code helen train --config}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainConfigFile(@JsonProperty("experiment") String experiment,
                       @JsonProperty("description") String description,
                       @JsonProperty("dataset") Dataset dataset,
                       @JsonProperty("model") ModelConfig model,
                       @JsonProperty("optimizer") Optimizer optimizer,
                       @JsonProperty("training") Training training,
                       @JsonProperty("provenance") JsonNode provenance) {

    /** Where the data comes from; paths are relative to the working directory. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Dataset(@JsonProperty("preset") String preset,
                   @JsonProperty("spec") String spec,
                   @JsonProperty("label") String label,
                   @JsonProperty("train") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> train,
                   @JsonProperty("valid") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> valid,
                   @JsonProperty("test") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> test) {
        TrainConfig.DataConfig toConfig() {
            return new TrainConfig.DataConfig(preset, spec == null ? null : Path.of(spec), label, paths(train), paths(valid),
                    paths(test));
        }

        static Dataset of(TrainConfig.DataConfig d) {
            return new Dataset(d.preset(), d.spec() == null ? null : d.spec().toString(), d.label(), strings(d.train()),
                    strings(d.valid()), strings(d.test()));
        }

        private static List<Path> paths(List<String> s) {
            return s == null ? List.of() : s.stream().map(Path::of).toList();
        }

        private static List<String> strings(List<Path> p) {
            return p.isEmpty() ? null : p.stream().map(Path::toString).toList();
        }
    }

    /**
     * The optimizer section: the shared keys, ASAM's eta and Helen's own (bound into {@link HelenConfig}),
     * and beside them the optimizer's own keys ({@code own}), bound to the record its registry entry names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Optimizer(@JsonProperty("name") String name, @JsonProperty("lr") Double lr, @JsonProperty("rho") Double rho,
                     @JsonProperty("eta") Double eta, @JsonProperty("max_grad_norm") Double maxGradNorm,
                     @JsonProperty("xi") Double xi, @JsonProperty("variant") String variant,
                     @JsonProperty("frequency") String frequency, @JsonProperty("normalize") String normalize,
                     @JsonProperty("network") Boolean network, @JsonProperty("perturb") String perturb,
                     @JsonAnySetter @JsonAnyGetter Map<String, Object> own) {
        /**
         * @throws HelenException naming a key that is neither shared nor the optimizer's own, or has a bad value
         */
        OptimizerConfig toConfig() {
            String n = name == null ? "adam" : name;
            return new OptimizerConfig(n, lr == null ? 1e-3 : lr, rho, eta == null ? 0.01 : eta,
                    new HelenConfig(xi, variant, frequency, normalize, network, perturb), maxGradNorm, ownOptions(n));
        }

        /** An unknown optimizer name binds nothing here: the loader names it, with the known ones. */
        private OptimizerOptions ownOptions(String n) {
            if (!Optimizers.contains(n)) {
                return null;
            }
            Class<? extends OptimizerOptions> kind = Optimizers.get(n).options().getClass();
            Set<String> allowed = new TreeSet<>(OptionRecords.keys(Optimizer.class)); // the keys every section may hold
            allowed.remove("own");
            allowed.addAll(OptionRecords.keys(kind));
            for (String k : own == null ? Set.<String>of() : own.keySet()) {
                if (!allowed.contains(k)) {
                    throw new HelenException("unknown key 'optimizer." + k + "' for optimizer " + n + " (allowed: "
                            + String.join(", ", allowed) + ")");
                }
            }
            return OptionRecords.bind(own == null ? Map.of() : own, kind, "optimizer");
        }

        /** Written resolved: the clipping norm in force, Helen's keys as the variant fills them (Helen only), the own keys. */
        static Optimizer of(OptimizerConfig o) {
            HelenConfig h = o.isHelen() ? o.helen().resolved(o.name(), o.rhoOrDefault()) : null;
            Map<String, Object> own = OptionRecords.write(o.options());
            return new Optimizer(o.name(), o.lr(), o.rho(), o.eta(), o.effectiveMaxGradNorm(), h == null ? null : h.xi(),
                    h == null ? null : h.variant(), h == null ? null : h.frequency(), h == null ? null : h.normalize(),
                    h == null ? null : h.network(), h == null ? null : h.perturb(), own.isEmpty() ? null : own);
        }
    }

    /** The loop's settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Training(@JsonProperty("batch_size") Integer batchSize, @JsonProperty("eval_batch_size") Integer evalBatchSize,
                    @JsonProperty("epochs") Integer epochs, @JsonProperty("patience") Integer patience,
                    @JsonProperty("seed") Long seed, @JsonProperty("threads") Integer threads,
                    @JsonProperty("dtype") String dtype, @JsonProperty("device") String device) {
        /** The device is written only when it is not the CPU: CPU runs' files and grid ids stay as they were before GPUs. */
        static Training of(TrainConfig c) {
            return new Training(c.batchSize(), c.evalBatchSize(), c.epochs(), c.patience(), c.seed(), c.threads(), c.dtype(),
                    "cpu".equals(c.device()) ? null : c.device());
        }
    }

    /** The config this file describes; missing keys take {@link TrainConfigLoader#defaults()}. */
    TrainConfig toConfig(String defaultExperiment) {
        TrainConfig d = TrainConfigLoader.defaults();
        Training t = training != null ? training : new Training(null, null, null, null, null, null, null, null);
        return new TrainConfig(experiment != null ? experiment : defaultExperiment,
                dataset != null ? dataset.toConfig() : d.data(), model != null ? model : d.model(),
                optimizer != null ? optimizer.toConfig() : d.optimizer(), or(t.batchSize(), d.batchSize()),
                or(t.evalBatchSize(), d.evalBatchSize()), or(t.epochs(), d.epochs()), or(t.patience(), d.patience()),
                or(t.seed(), d.seed()), or(t.threads(), d.threads()), or(t.dtype(), d.dtype()),
                or(t.device(), d.device()));
    }

    static TrainConfigFile of(TrainConfig c, JsonNode provenance) {
        return new TrainConfigFile(c.experiment(), null, Dataset.of(c.data()), c.model(), Optimizer.of(c.optimizer()),
                Training.of(c), provenance);
    }

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }
}
