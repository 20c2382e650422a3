package helen.data.synthetic;

import helen.data.Hashing;
import helen.data.Transform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * TaobaoAd_x1-shaped synthetic data: the label {@code clk} and BARS's 20 feature columns. A row is
 * an impression of an ad group to a user. The user profile fields ({@code cms_segid} … {@code
 * new_user_class_level}) are fixed functions of {@code userid}, and the ad fields ({@code cate_id},
 * {@code campaign_id}, {@code customer}, {@code brand}) fixed functions of {@code adgroup_id}, as in
 * the real logs; {@code price} is a log-normal with one decimal. The three behaviour histories
 * {@code cate_his}, {@code brand_his}, {@code btag_his} are {@code ^}-separated lists (empty for one
 * user in five, else 1 to 50 items, mean about 10) drawn from the same {@link ZipfField} as
 * {@code cate_id}, {@code brand} and {@code btag}: the same tokens with the same effects, which is
 * why the {@code taobaoad_x1} preset gives them the ad side's tables. The hidden model is the
 * factor model of {@link SyntheticCriteo} with each history entering as the mean of its items'
 * vectors, plus a price effect.
 */
public final class SyntheticTaobao implements SyntheticRows {
    static final String[] USER_FIELDS = {"cms_segid", "cms_group_id", "final_gender_code", "age_level", "pvalue_level",
        "shopping_level", "occupation", "new_user_class_level"};
    private static final int[] USER_VOCAB = {97, 13, 2, 7, 3, 3, 2, 4};
    /** Share of users without a value (the real log leaves pvalue_level and new_user_class_level empty often). */
    private static final double[] USER_MISSING = {0, 0, 0, 0, 0.5, 0, 0, 0.3};
    /** Distinct users and ad groups in the Taobao display-ad log (raw_sample), before any min count. */
    private static final int USERS = 1_141_729;
    private static final int AD_GROUPS = 846_811;
    static final String[] AD_FIELDS = {"cate_id", "campaign_id", "customer", "brand"};
    private static final int[] AD_VOCAB = {12978, 423436, 255875, 461497};
    static final String[] HISTORIES = {"cate_his", "brand_his", "btag_his"};
    static final int MAX_HISTORY = 50;

    private final SyntheticOptions opt;
    private final ZipfField user;
    private final ZipfField adgroup;
    private final ZipfField pid;
    private final ZipfField btag;
    private final ZipfField[] profile = new ZipfField[USER_FIELDS.length];
    private final ZipfField[] ad = new ZipfField[AD_FIELDS.length];
    /** The fields the histories draw from: cate_id, brand, btag. */
    private final ZipfField[] historyOf;
    private final double[] priceEffect = new double[64];
    private final FactorLogit logit = new FactorLogit();
    private final double[] mean = new double[ZipfField.FACTORS];

    public SyntheticTaobao(SyntheticOptions opt) {
        this.opt = opt;
        SplittableRandom model = new SplittableRandom(opt.seed() ^ 0x7A0BA0L);
        int index = 0;
        user = field(index++, USERS, model);
        adgroup = field(index++, AD_GROUPS, model);
        pid = field(index++, 2, model);
        btag = field(index++, 4, model);
        for (int j = 0; j < profile.length; j++) {
            profile[j] = field(index++, USER_VOCAB[j], model);
        }
        for (int j = 0; j < ad.length; j++) {
            ad[j] = field(index++, AD_VOCAB[j], model);
        }
        historyOf = new ZipfField[] {ad[0], ad[3], btag};
        for (int b = 0; b < priceEffect.length; b++) {
            priceEffect[b] = 0.1 * model.nextGaussian();
        }
    }

    private ZipfField field(int index, int vocab, SplittableRandom model) {
        return new ZipfField(index, ZipfField.cappedVocabulary(vocab, opt.maxVocab()), opt.zipf(), opt.seed(), model);
    }

    /**
     * The large fields as drawn, for {@link ExpectedVocabulary}; an approximation for the ad fields,
     * which follow from the ad group rather than being drawn (their counts are sums over the ad groups
     * mapped to a value, so they keep at least as many values as one Zipf draw a row would). cate_id
     * and brand also receive their histories' items. The profile fields (at most 97 values) are left out.
     */
    static List<ExpectedVocabulary.Field> zipfFields(int maxVocab) {
        double items = meanHistoryLength();
        List<ExpectedVocabulary.Field> out = new ArrayList<>(List.of(
                new ExpectedVocabulary.Field("userid", ZipfField.cappedVocabulary(USERS, maxVocab), 1),
                new ExpectedVocabulary.Field("adgroup_id", ZipfField.cappedVocabulary(AD_GROUPS, maxVocab), 1),
                new ExpectedVocabulary.Field("pid", 2, 1),
                new ExpectedVocabulary.Field("btag", 4, 1 + items)));
        for (int j = 0; j < AD_FIELDS.length; j++) {
            boolean history = AD_FIELDS[j].equals("cate_id") || AD_FIELDS[j].equals("brand");
            out.add(new ExpectedVocabulary.Field(AD_FIELDS[j], ZipfField.cappedVocabulary(AD_VOCAB[j], maxVocab), history ? 1 + items : 1));
        }
        return out;
    }

    /** E[history length]: empty one time in five, else min(50, 1 + ⌊X⌋) with X ~ Exp(mean 9). */
    static double meanHistoryLength() {
        double q = Math.exp(-1.0 / 9);
        double mean = 0;
        for (int k = 0; k < MAX_HISTORY; k++) {
            double p = k < MAX_HISTORY - 1 ? Math.pow(q, k) * (1 - q) : Math.pow(q, k);
            mean += (1 + k) * p;
        }
        return 0.8 * mean;
    }

    @Override
    public String header() {
        return "clk,userid,adgroup_id,pid,btag," + String.join(",", USER_FIELDS) + "," + String.join(",", AD_FIELDS)
                + ",price," + String.join(",", HISTORIES);
    }

    @Override
    public double next(SplittableRandom rnd, LineBuffer line) {
        logit.reset(opt.bias());
        line.labelSlot();
        int u = user.sample(rnd.nextDouble());
        int g = adgroup.sample(rnd.nextDouble());
        categorical(line, user, u);
        categorical(line, adgroup, g);
        categorical(line, pid, pid.sample(rnd.nextDouble()));
        categorical(line, btag, btag.sample(rnd.nextDouble()));
        for (int j = 0; j < profile.length; j++) {
            double x = uniform(u, j);
            if (x < USER_MISSING[j]) {
                line.put(',');
            } else {
                categorical(line, profile[j], profile[j].sample((x - USER_MISSING[j]) / (1 - USER_MISSING[j])));
            }
        }
        for (int j = 0; j < ad.length; j++) {
            categorical(line, ad[j], ad[j].sample(uniform(g, 100 + j)));
        }
        long tenths = Math.round(10 * Math.exp(3.5 + 1.2 * rnd.nextGaussian()));
        line.put(',').put(tenths / 10).put('.').put(tenths % 10);
        logit.addLinear(priceEffect[(int) Math.min(63, Math.max(0, Transform.criteoBucket(tenths / 10.0)))]);
        int length = rnd.nextDouble() < 0.2 ? 0 : (int) Math.min(MAX_HISTORY, 1 + Math.floor(-9 * Math.log(1 - rnd.nextDouble())));
        for (ZipfField f : historyOf) {
            history(line, f, length, rnd);
        }
        return SyntheticWriter.sigmoid(logit.logit());
    }

    private void categorical(LineBuffer line, ZipfField f, int rank) {
        line.put(',').put(f.token(rank));
        logit.addLinear(f.weight(rank));
        logit.addFactors(f.factors(rank), 1);
    }

    /** A behaviour history of {@code length} items; it enters the model as its items' mean. */
    private void history(LineBuffer line, ZipfField f, int length, SplittableRandom rnd) {
        line.put(',');
        java.util.Arrays.fill(mean, 0);
        double w = 0;
        for (int i = 0; i < length; i++) {
            int r = f.sample(rnd.nextDouble());
            if (i > 0) {
                line.put('^');
            }
            line.put(f.token(r));
            w += f.weight(r) / length;
            double[] v = f.factors(r);
            for (int k = 0; k < mean.length; k++) {
                mean[k] += v[k] / length;
            }
        }
        if (length > 0) {
            logit.addLinear(w);
            logit.addFactors(mean, 1);
        }
    }

    /** A uniform number in [0, 1) fixed by an entity's rank and an attribute (a user's profile, an ad's category). */
    private double uniform(int rank, int attribute) {
        long h = Hashing.mix64(opt.seed() * 1_000_003L + rank * 131L + attribute);
        return (h >>> 11) * 0x1.0p-53;
    }

}
