package helen.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.stats.Auc;
import helen.util.AtomicFiles;
import helen.util.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Criteo-like synthetic data with a known click model, for tests, benchmarks and samples.
 *
 * <p>Columns are Criteo_x4's ({@code Label,I1..I13,C1..C26}). Categorical field j draws a rank r
 * from a Zipf law P(r) ∝ r^−s over its vocabulary (sizes follow Criteo's relative sizes, capped
 * by {@code maxVocab}) and writes it as an 8-hex-digit token. Integer columns are rounded
 * log-normals with field-specific missing rates. The hidden model is
 * logit = b + Σ_j w_j[r_j] + Σ_{j&lt;k} ⟨u_j[r_j], u_k[r_k]⟩ + Σ_i v_i[bucket(I_i)],
 * with w ~ N(0, 0.3²), u ~ N(0, 0.17²·I₄) (the peer baseline's model) and the label drawn from
 * sigmoid(logit). Everything follows from the seed, so the same arguments give the same bytes.
 */
public final class SyntheticCriteo {
    /** Criteo's categorical vocabulary sizes (Kaggle train set), giving each field its relative size. */
    private static final int[] CRITEO_VOCAB = {1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683,
            8351593, 3194, 27, 14992, 5461306, 10, 5652, 2173, 4, 7046547, 18, 15, 286181, 105, 142572};
    private static final double[] MISSING_I = {0.45, 0.0, 0.2, 0.2, 0.03, 0.25, 0.05, 0.0, 0.05, 0.45, 0.05, 0.75, 0.2};
    private static final double[] MISSING_C = new double[26];
    private static final int FACTORS = 4;

    static {
        MISSING_C[18] = MISSING_C[19] = MISSING_C[24] = MISSING_C[25] = 0.4;
        MISSING_C[21] = 0.75;
        MISSING_C[2] = MISSING_C[3] = MISSING_C[11] = MISSING_C[15] = 0.05;
    }

    /**
     * @param zipf     Zipf exponent s of every categorical field
     * @param maxVocab cap on a field's vocabulary
     * @param seed     seed of the click model and of the rows
     */
    public record Options(double zipf, int maxVocab, long seed, double bias) {
        public static Options defaults(long seed) {
            return new Options(1.1, 10_000, seed, -1.6);
        }
    }

    private final Options opt;
    private final double[][] cdf = new double[26][];
    private final byte[][][] tokens = new byte[26][][];
    private final double[][] w = new double[26][];
    private final double[][][] u = new double[26][][];
    private final double[][] vI = new double[13][64];

    public SyntheticCriteo(Options opt) {
        this.opt = opt;
        SplittableRandom model = new SplittableRandom(opt.seed() ^ 0x5EEDL);
        for (int j = 0; j < 26; j++) {
            int v = Math.max(2, Math.min(opt.maxVocab(), CRITEO_VOCAB[j]));
            cdf[j] = new double[v];
            double acc = 0;
            for (int r = 0; r < v; r++) {
                acc += Math.pow(r + 1, -opt.zipf());
                cdf[j][r] = acc;
            }
            for (int r = 0; r < v; r++) {
                cdf[j][r] /= acc;
            }
            tokens[j] = new byte[v][];
            w[j] = new double[v];
            u[j] = new double[v][FACTORS];
            for (int r = 0; r < v; r++) {
                long h = Hashing.mix64(opt.seed() * 31 + j * 1_000_003L + r);
                tokens[j][r] = String.format("%08x", h & 0xffffffffL).getBytes(StandardCharsets.US_ASCII);
                w[j][r] = 0.3 * model.nextGaussian();
                for (int f = 0; f < FACTORS; f++) {
                    u[j][r][f] = 0.17 * model.nextGaussian();
                }
            }
        }
        for (int i = 0; i < 13; i++) {
            for (int b = 0; b < 64; b++) {
                vI[i][b] = 0.15 * model.nextGaussian();
            }
        }
    }

    /** The header line of the generated CSV. */
    public static String header() {
        StringBuilder sb = new StringBuilder("Label");
        for (int i = 1; i <= 13; i++) {
            sb.append(",I").append(i);
        }
        for (int j = 1; j <= 26; j++) {
            sb.append(",C").append(j);
        }
        return sb.toString();
    }

    /**
     * Writes {@code rows} rows to {@code file} (atomically), drawing them from {@code rowSeed}.
     * Returns the oracle's AUC and logloss on these rows (the best any model can do).
     */
    public ObjectNode write(Path file, long rows, long rowSeed) {
        SplittableRandom rnd = new SplittableRandom(rowSeed);
        int oracleN = (int) Math.min(rows, 1_000_000);
        double[] probs = new double[oracleN];
        float[] labels = new float[oracleN];
        long positives = 0;
        Path tmp = AtomicFiles.tempSibling(file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            out.write((header() + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[1024];
            int[] rank = new int[26];
            double[] sumU = new double[FACTORS];
            for (long n = 0; n < rows; n++) {
                int p = 1; // line[0] is the label, known only at the end
                double logit = opt.bias();
                for (int i = 0; i < 13; i++) {
                    line[p++] = ',';
                    if (rnd.nextDouble() < MISSING_I[i]) {
                        continue;
                    }
                    long value = Math.round(Math.exp(1.2 + 1.4 * (i % 4) * 0.5 + 1.3 * rnd.nextGaussian())) - (i == 1 ? 2 : 1);
                    p = putLong(line, p, value);
                    logit += vI[i][(int) Math.min(63, Math.max(0, Transform.criteoBucket(value) + 1))];
                }
                java.util.Arrays.fill(sumU, 0);
                double sumSq = 0;
                for (int j = 0; j < 26; j++) {
                    line[p++] = ',';
                    if (MISSING_C[j] > 0 && rnd.nextDouble() < MISSING_C[j]) {
                        rank[j] = -1;
                        continue;
                    }
                    int r = sample(cdf[j], rnd.nextDouble());
                    rank[j] = r;
                    byte[] t = tokens[j][r];
                    System.arraycopy(t, 0, line, p, t.length);
                    p += t.length;
                    logit += w[j][r];
                    for (int f = 0; f < FACTORS; f++) {
                        double x = u[j][r][f];
                        sumU[f] += x;
                        sumSq += x * x;
                    }
                }
                double pair = 0;
                for (int f = 0; f < FACTORS; f++) {
                    pair += sumU[f] * sumU[f];
                }
                logit += 0.5 * (pair - sumSq);
                double prob = 1 / (1 + Math.exp(-logit));
                boolean click = rnd.nextDouble() < prob;
                positives += click ? 1 : 0;
                if (n < oracleN) {
                    probs[(int) n] = prob;
                    labels[(int) n] = click ? 1 : 0;
                }
                line[0] = (byte) (click ? '1' : '0');
                line[p++] = '\n';
                out.write(line, 0, p);
            }
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file, e);
        }
        AtomicFiles.commit(tmp, file);
        ObjectNode o = Json.object();
        o.put("file", file.toString());
        o.put("rows", rows);
        o.put("positives", positives);
        o.put("oracle_auc", Auc.of(probs, labels, oracleN));
        o.put("oracle_logloss", Auc.logloss(probs, labels, oracleN));
        o.put("oracle_rows", oracleN);
        return o;
    }

    private static int sample(double[] cdf, double x) {
        int i = java.util.Arrays.binarySearch(cdf, x);
        int r = i >= 0 ? i : -i - 1;
        return Math.min(r, cdf.length - 1);
    }

    private static int putLong(byte[] b, int p, long v) {
        String s = Long.toString(v);
        for (int k = 0; k < s.length(); k++) {
            b[p++] = (byte) s.charAt(k);
        }
        return p;
    }
}
