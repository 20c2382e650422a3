package helen.data.synthetic;


import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Avazu-shaped synthetic data: Avazu's CSV columns ({@code id,click,hour,C1,banner_pos,...,C21}),
 * {@code hour} as YYMMDDHH over ten days (21–30 October 2014, as Avazu's training file) with a
 * diurnal traffic profile, and 21 categorical {@link ZipfField}s sized like Avazu's vocabularies
 * (capped by {@code maxVocab}), none missing. The hidden model adds an hour-of-day and a weekday
 * effect to the factor model of {@link SyntheticCriteo}; the {@code avazu_x4} preset reads the
 * files as it reads Avazu (id dropped, hour → hour of day, weekday, weekend: 24 fields).
 * Not modelled: Avazu's site/app exclusivity (a row has either a site or an app) and device_ip's
 * near-uniqueness.
 */
public final class SyntheticAvazu implements SyntheticRows {
    static final String[] FIELDS = {"C1", "banner_pos", "site_id", "site_domain", "site_category", "app_id", "app_domain",
        "app_category", "device_id", "device_ip", "device_model", "device_type", "device_conn_type", "C14", "C15", "C16",
        "C17", "C18", "C19", "C20", "C21"};
    /** Distinct values of those columns in Avazu's training file (40.4M rows), before any min count. */
    private static final int[] VOCAB = {7, 7, 4737, 7745, 26, 8552, 559, 36, 2686408, 6729486, 8251, 5, 4, 2626, 8, 9,
        435, 4, 68, 172, 60};
    /** Relative traffic per hour of day (night low, evening high), normalised into a CDF below. */
    private static final double[] TRAFFIC = {3, 2, 2, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 5, 4, 3};

    private final SyntheticOptions opt;
    private final ZipfField[] fields = new ZipfField[FIELDS.length];
    private final double[] hourEffect = new double[24];
    private final double[] dayEffect = new double[10];
    private final double[] hourCdf = new double[24];
    private final byte[][][] hourTokens = new byte[10][24][];
    private final FactorLogit logit = new FactorLogit();

    public SyntheticAvazu(SyntheticOptions opt) {
        this.opt = opt;
        SplittableRandom model = new SplittableRandom(opt.seed() ^ 0xA7A2L);
        for (int j = 0; j < FIELDS.length; j++) {
            fields[j] = new ZipfField(j, vocab(j, opt.maxVocab()), opt.zipf(), opt.seed(), model);
        }
        double total = 0;
        for (int h = 0; h < 24; h++) {
            hourEffect[h] = 0.2 * model.nextGaussian();
            total += TRAFFIC[h];
            hourCdf[h] = total;
        }
        for (int h = 0; h < 24; h++) {
            hourCdf[h] /= total;
        }
        for (int d = 0; d < dayEffect.length; d++) {
            dayEffect[d] = 0.1 * model.nextGaussian();
            for (int h = 0; h < 24; h++) {
                hourTokens[d][h] = String.format("1410%02d%02d", 21 + d, h).getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    private static int vocab(int field, int maxVocab) {
        return ZipfField.cappedVocabulary(VOCAB[field], maxVocab);
    }

    /** The 21 categorical fields as drawn, for {@link ExpectedVocabulary} (hour's three fields hold 33 values). */
    static List<ExpectedVocabulary.Field> zipfFields(int maxVocab) {
        List<ExpectedVocabulary.Field> out = new ArrayList<>();
        for (int j = 0; j < FIELDS.length; j++) {
            out.add(new ExpectedVocabulary.Field(FIELDS[j], vocab(j, maxVocab), 1));
        }
        return out;
    }

    @Override
    public String header() {
        return "id,click,hour," + String.join(",", FIELDS);
    }

    @Override
    public double next(SplittableRandom rnd, LineBuffer line) {
        logit.reset(opt.bias());
        line.put(rnd.nextLong() >>> 1).put(',').labelSlot().put(',');
        int day = rnd.nextInt(dayEffect.length);
        int hour = hourOfDay(rnd.nextDouble());
        line.put(hourTokens[day][hour]);
        logit.addLinear(hourEffect[hour] + dayEffect[day]);
        for (ZipfField f : fields) {
            int r = f.sample(rnd.nextDouble());
            line.put(',').put(f.token(r));
            logit.addLinear(f.weight(r));
            logit.addFactors(f.factors(r), 1);
        }
        return SyntheticWriter.sigmoid(logit.logit());
    }

    private int hourOfDay(double x) {
        int h = 0;
        while (h < 23 && hourCdf[h] < x) {
            h++;
        }
        return h;
    }

}
