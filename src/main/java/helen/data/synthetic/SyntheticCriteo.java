package helen.data.synthetic;

import helen.data.Transform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Criteo-like synthetic data with a known click model, for tests, benchmarks and samples.
 *
 * <p>Columns are Criteo_x4's ({@code Label,I1..I13,C1..C26}). Categorical field j is a
 * {@link ZipfField} whose vocabulary follows Criteo's relative sizes, capped by {@code maxVocab}.
 * Integer columns are rounded log-normals with field-specific missing rates. The hidden model is
 * logit = b + Σ_j w_j[r_j] + Σ_{j&lt;k} ⟨u_j[r_j], u_k[r_k]⟩ + Σ_i v_i[bucket(I_i)] (the peer
 * baseline's model) and the label is drawn from sigmoid(logit). Everything follows from the seed,
 * so the same arguments give the same bytes.
 */
public final class SyntheticCriteo implements SyntheticRows {
    /** Criteo's categorical vocabulary sizes: distinct values per column in the Kaggle training file (45.8M rows), before any min count. */
    private static final int[] CRITEO_VOCAB = {1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683,
            8351593, 3194, 27, 14992, 5461306, 10, 5652, 2173, 4, 7046547, 18, 15, 286181, 105, 142572};
    private static final double[] MISSING_I = {0.45, 0.0, 0.2, 0.2, 0.03, 0.25, 0.05, 0.0, 0.05, 0.45, 0.05, 0.75, 0.2};
    private static final double[] MISSING_C = new double[26];

    static {
        MISSING_C[18] = MISSING_C[19] = MISSING_C[24] = MISSING_C[25] = 0.4;
        MISSING_C[21] = 0.75;
        MISSING_C[2] = MISSING_C[3] = MISSING_C[11] = MISSING_C[15] = 0.05;
    }

    private final SyntheticOptions opt;
    private final ZipfField[] fields = new ZipfField[26];
    private final double[][] vI = new double[13][64];
    private final FactorLogit logit = new FactorLogit();

    public SyntheticCriteo(SyntheticOptions opt) {
        this.opt = opt;
        SplittableRandom model = new SplittableRandom(opt.seed() ^ 0x5EEDL);
        for (int j = 0; j < 26; j++) {
            fields[j] = new ZipfField(j, vocab(j, opt.maxVocab()), opt.zipf(), opt.seed(), model);
        }
        for (int i = 0; i < 13; i++) {
            for (int b = 0; b < 64; b++) {
                vI[i][b] = 0.15 * model.nextGaussian();
            }
        }
    }

    private static int vocab(int field, int maxVocab) {
        return ZipfField.cappedVocabulary(CRITEO_VOCAB[field], maxVocab);
    }

    /** The 26 categorical fields as drawn, for {@link ExpectedVocabulary} (a missing value draws nothing). */
    static List<ExpectedVocabulary.Field> zipfFields(int maxVocab) {
        List<ExpectedVocabulary.Field> out = new ArrayList<>();
        for (int j = 0; j < 26; j++) {
            out.add(new ExpectedVocabulary.Field("C" + (j + 1), vocab(j, maxVocab), 1 - MISSING_C[j]));
        }
        return out;
    }

    @Override
    public String header() {
        StringBuilder sb = new StringBuilder("Label");
        for (int i = 1; i <= 13; i++) {
            sb.append(",I").append(i);
        }
        for (int j = 1; j <= 26; j++) {
            sb.append(",C").append(j);
        }
        return sb.toString();
    }

    @Override
    public double next(SplittableRandom rnd, LineBuffer line) {
        line.labelSlot();
        logit.reset(opt.bias());
        for (int i = 0; i < 13; i++) {
            line.put(',');
            if (rnd.nextDouble() < MISSING_I[i]) {
                continue;
            }
            long value = Math.round(Math.exp(1.2 + 1.4 * (i % 4) * 0.5 + 1.3 * rnd.nextGaussian())) - (i == 1 ? 2 : 1);
            line.put(value);
            logit.addLinear(vI[i][(int) Math.min(63, Math.max(0, Transform.criteoBucket(value) + 1))]);
        }
        for (int j = 0; j < 26; j++) {
            line.put(',');
            if (MISSING_C[j] > 0 && rnd.nextDouble() < MISSING_C[j]) {
                continue;
            }
            ZipfField f = fields[j];
            int r = f.sample(rnd.nextDouble());
            line.put(f.token(r));
            logit.addLinear(f.weight(r));
            logit.addFactors(f.factors(r), 1);
        }
        return SyntheticWriter.sigmoid(logit.logit());
    }

}
