package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.results.RepeatFiles;
import helen.stats.ConfidenceInterval;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the reports say about an analysis that was repeated over K analysis sets ({@code helen
 * analyze --repeats K}): a statistic's 95 % interval, and whether two such analyses differ by more
 * than their noise. Two analyses on the same seeds, sample size and split saw the same K sets (the
 * sets depend on the data and the seed only), so they are compared pair by pair: the ratio of a
 * statistic under two optimizers gets a t-interval on the K paired log-ratios.
 */
final class AnalysisSpread {
    private final Map<String, Map<String, RepeatFiles.FieldStatistic>> fields;
    private final JsonNode scalars;

    private AnalysisSpread(Map<String, Map<String, RepeatFiles.FieldStatistic>> fields, JsonNode scalars) {
        this.fields = fields;
        this.scalars = scalars;
    }

    /** The spread of the analysis in {@code analysisDir}, if it was repeated. */
    static Optional<AnalysisSpread> of(Path analysisDir) {
        if (!RepeatFiles.present(analysisDir)) {
            return Optional.empty();
        }
        return Optional.of(new AnalysisSpread(RepeatFiles.readPerField(analysisDir), RepeatFiles.readScalars(analysisDir)));
    }

    int repeats() {
        return scalars.path("repeats").asInt();
    }

    /** A per-field statistic's interval over the repeats (field "ALL" for the pooled one). */
    Optional<ConfidenceInterval> interval(String field, String statistic) {
        return Optional.ofNullable(fields.getOrDefault(field, Map.of()).get(statistic)).map(RepeatFiles.FieldStatistic::interval);
    }

    /** A scalar of repeats.json ("dense_top_eigenvalue", "spectrum.model.trace", …) with its interval. */
    Optional<ConfidenceInterval> scalar(String name) {
        JsonNode n = scalars.path("statistics").path(name);
        if (!n.path("mean").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new ConfidenceInterval(n.path("n").asInt(), n.path("mean").asDouble(),
                number(n.path("std")), number(n.path("ci_low")), number(n.path("ci_high"))));
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /** Whether {@code other} was measured on the same K analysis sets (same seeds, size and split). */
    boolean sameSets(AnalysisSpread other) {
        return scalars.path("seeds").equals(other.scalars.path("seeds"))
                && scalars.path("analysis_samples").equals(other.scalars.path("analysis_samples"))
                && scalars.path("split").equals(other.scalars.path("split"));
    }

    /**
     * The ratio of {@code statistic} here to {@code base}'s on the same sets: the t-interval of the
     * paired log-ratios, exponentiated (geometric-mean ratio); empty where the sets differ or a value is not positive.
     */
    Optional<ConfidenceInterval> ratioTo(AnalysisSpread base, String field, String statistic) {
        if (!sameSets(base)) {
            return Optional.empty();
        }
        RepeatFiles.FieldStatistic a = fields.getOrDefault(field, Map.of()).get(statistic);
        RepeatFiles.FieldStatistic b = base.fields.getOrDefault(field, Map.of()).get(statistic);
        if (a == null || b == null || a.values().length != b.values().length) {
            return Optional.empty();
        }
        double[] logRatio = new double[a.values().length];
        for (int i = 0; i < logRatio.length; i++) {
            double x = a.values()[i];
            double y = b.values()[i];
            if (!(x > 0 && y > 0)) {
                return Optional.empty();
            }
            logRatio[i] = Math.log(x / y);
        }
        ConfidenceInterval l = ConfidenceInterval.ofMean(logRatio);
        return Optional.of(new ConfidenceInterval(l.n(), Math.exp(l.mean()), Double.NaN, Math.exp(l.low()), Math.exp(l.high())));
    }

    /** "2.345e-04 ± 1.2e-06": the mean over the repeats and the interval's half-width. */
    static String sciPlusMinus(ConfidenceInterval ci) {
        return Double.isNaN(ci.halfWidth()) ? Tables.sci(ci.mean())
                : String.format(Locale.ROOT, "%.3e ± %.1e", ci.mean(), ci.halfWidth());
    }

    /** "0.876 [0.872, 0.879]": a value with its (possibly asymmetric) interval. */
    static String f3Bracketed(ConfidenceInterval ci) {
        return Double.isNaN(ci.low()) ? Tables.f3(ci.mean())
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", ci.mean(), ci.low(), ci.high());
    }

    /** A ratio with its interval, marked "≈ 1" where the interval holds 1 (the difference is within the sets' noise). */
    static String ratioCell(ConfidenceInterval ratio) {
        return f3Bracketed(ratio) + (ratio.contains(1) ? " ≈ 1" : "");
    }

    /** The note a table with intervals carries. */
    static String note(int repeats) {
        return "Intervals: 95 % over the " + repeats + " analysis sets of helen analyze --repeats (Student t; correlations on "
                + "Fisher's z); they measure the analysis set's and the probes' noise for one trained model, not seed-to-seed "
                + "training noise.";
    }

    /** The note of a table of ratios with intervals. */
    static String ratioNote(int repeats) {
        return note(repeats) + " A ratio's interval is that of the paired log-ratios over the same sets; \"≈ 1\" marks a ratio "
                + "whose interval holds 1: that difference is within the noise.";
    }
}
