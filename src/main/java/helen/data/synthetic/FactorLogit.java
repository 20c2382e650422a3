package helen.data.synthetic;

import java.util.Arrays;

/**
 * The hidden click model's logit for one row, accumulated field by field:
 * b + Σ_j w_j + Σ_{j&lt;k} ⟨u_j, u_k⟩, the pairwise sum computed as ½(‖Σ u‖² − Σ ‖u‖²) as in an FM.
 */
final class FactorLogit {
    private final double[] sum = new double[ZipfField.FACTORS];
    private double sumSq;
    private double linear;

    void reset(double bias) {
        Arrays.fill(sum, 0);
        sumSq = 0;
        linear = bias;
    }

    void addLinear(double v) {
        linear += v;
    }

    /** One field's factor vector (a history adds the mean of its items' vectors). */
    void addFactors(double[] u, double scale) {
        for (int f = 0; f < sum.length; f++) {
            double x = scale * u[f];
            sum[f] += x;
            sumSq += x * x;
        }
    }

    double logit() {
        double pair = 0;
        for (double s : sum) {
            pair += s * s;
        }
        return linear + 0.5 * (pair - sumSq);
    }
}
