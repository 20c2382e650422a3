/**
 * Synthetic data in the formats of the paper's datasets (Criteo_x4, Avazu, TaobaoAd_x1), each with a
 * hidden click model, so that samples, tests and benchmarks have data of the real shapes and a known
 * best AUC. {@link helen.data.synthetic.SyntheticDataset} names them; every row source shares the
 * Zipf fields, the factor-model logit and the writer.
 * Depends on {@code helen.data}, {@code helen.stats}, {@code helen.util}.
 */
package helen.data.synthetic;
