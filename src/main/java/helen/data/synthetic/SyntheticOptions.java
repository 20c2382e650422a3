package helen.data.synthetic;

/**
 * Settings of a synthetic dataset's generator.
 *
 * @param zipf     Zipf exponent s of every categorical field
 * @param maxVocab cap on a field's vocabulary
 * @param seed     seed of the click model and of the tokens
 * @param bias     the click model's intercept b (sets the share of positives)
 */
public record SyntheticOptions(double zipf, int maxVocab, long seed, double bias) {
}
