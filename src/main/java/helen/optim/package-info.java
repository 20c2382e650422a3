/**
 * Optimizers behind one small interface: Adam (libtorch), NAdam and RAdam (torch.optim 1.13), and
 * the two-pass sharpness-aware family (SAM, ASAM, Helen and its ablations) as perturbations over a
 * base optimizer; listed once in {@link helen.optim.Optimizers}, configured by
 * {@link helen.optim.OptimizerConfig} (Helen's own keys in {@link helen.optim.HelenConfig}).
 * Depends on {@code helen.data}, {@code helen.model}, {@code helen.model.layer}, {@code helen.tensor}, {@code helen.util}.
 */
package helen.optim;
