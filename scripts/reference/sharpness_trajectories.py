#!/usr/bin/env python3
"""Multi-step reference trajectories of the sharpness-aware optimizers, written from their
definitions in plain PyTorch (float64), for helen's SharpnessTrajectoryTest.

Model and weights: src/test/resources/reference/tiny_model_hessian.json (two one-hot fields,
emb dim 3, logit = fc2(tanh(fc1(x))), mean BCE-with-logits, no L2). Eight steps of lr 1e-2 cycle
over three mini-batches of its ten samples, so that trajectories separate where a definition
differs (a fresh Adam step is close to lr*sign(g) and hides most errors).

Each case is one optimizer:
- SAM (Foret et al.): eps = rho*g/||g||, norm over all weights; step with the gradient at w+eps.
- ASAM (Kwon et al.): T = |w| + eta on weights (embedding tables included), identity on biases;
  eps = rho*T^2 g/||T g||.
- Helen official (NUS-HPC-AI-Lab/Helen optim/Helen.py with conf/optim/Helen.yaml): N counted in
  the mini-batch, s_k = max(N_k/max N, xi) for every row, eps_k = rho*s_k*G_k/||G||_F per table;
  net_pert False: dense weights stay, and step with their gradient at w (old_g).
  With net_pert True (the case 'helen_official_network'): dense eps = rho*g_h/||g_h||.
- Helen paper (Algorithm 1): N over the training split (the ten samples), eps_k =
  rho*s_k*g_k/||g_k|| for rows present in the mini-batch only, dense eps = rho*g_h/||g_h||.
- Adam and SAM with torch.nn.utils.clip_grad_norm_ at a bound small enough to be active.

Run: /usr/bin/python3 scripts/reference/sharpness_trajectories.py > src/test/resources/reference/sharpness_trajectories.json
"""
import json
import sys
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
REF = Path(__file__).resolve().parents[2] / "src/test/resources/reference/tiny_model_hessian.json"
LR = 1e-2
STEPS = 8
BATCHES = [[0, 1, 2, 3, 4], [3, 4, 5, 6, 7, 8, 9], [0, 2, 4, 6, 8, 9]]


class Tiny(torch.nn.Module):
    def __init__(self, ref):
        super().__init__()
        p = ref["params"]
        self.emb0 = torch.nn.Parameter(torch.tensor(p["emb0"]))
        self.emb1 = torch.nn.Parameter(torch.tensor(p["emb1"]))
        self.fc1_weight = torch.nn.Parameter(torch.tensor(p["fc1.weight"]))
        self.fc1_bias = torch.nn.Parameter(torch.tensor(p["fc1.bias"]))
        self.fc2_weight = torch.nn.Parameter(torch.tensor(p["fc2.weight"]))
        self.fc2_bias = torch.nn.Parameter(torch.tensor(p["fc2.bias"]))

    def ordered(self):
        return [self.emb0, self.emb1, self.fc1_weight, self.fc1_bias, self.fc2_weight, self.fc2_bias]

    def forward(self, ids):
        x = torch.cat([self.emb0[ids[:, 0]], self.emb1[ids[:, 1]]], dim=1)
        h = torch.tanh(x @ self.fc1_weight.T + self.fc1_bias)
        return (h @ self.fc2_weight.T + self.fc2_bias).squeeze(1)


EMBEDDINGS = 2   # the first two of Tiny.ordered()
BIASES = {3, 5}


def loss_and_grad(model, ids, labels):
    for p in model.ordered():
        p.grad = None
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(ids), labels)
    loss.backward()
    return loss.item()


def global_norm(tensors):
    return torch.sqrt(sum((t * t).sum() for t in tensors))


def sam_eps(model, batch_counts, setup):
    ps = model.ordered()
    scale = setup["rho"] / (global_norm([p.grad for p in ps]) + 1e-12)
    return [p.grad * scale for p in ps]


def asam_eps(model, batch_counts, setup):
    ps = model.ordered()
    t = [None if i in BIASES else p.detach().abs() + setup["eta"] for i, p in enumerate(ps)]
    scaled = [p.grad if t[i] is None else p.grad * t[i] for i, p in enumerate(ps)]
    norm = global_norm(scaled) + 1e-16
    return [(s if t[i] is None else s * t[i]) * setup["rho"] / norm for i, s in enumerate(scaled)]


def helen_eps(model, batch_counts, setup):
    ps = model.ordered()
    rho, xi = setup["rho"], setup["xi"]
    eps = []
    for j in range(EMBEDDINGS):
        g = ps[j].grad
        n = setup["dataset_counts"][j] if setup["dataset_frequency"] else batch_counts[j]
        s = torch.clamp(n / n.max(), min=xi)
        if setup["present_rows_only"]:
            s = torch.where(batch_counts[j] > 0, s, torch.zeros_like(s))
        if setup["row_normalize"]:
            e = rho * s.unsqueeze(1) * g / torch.clamp(g.norm(dim=1, keepdim=True), min=1e-12)
        else:
            e = rho * s.unsqueeze(1) * g / (g.norm() + 1e-12)
        eps.append(e)
    dense = [p.grad for p in ps[EMBEDDINGS:]]
    scale = rho / (global_norm(dense) + 1e-12)
    eps += [g * scale if setup["network"] else None for g in dense]
    return eps


def run(ref, setup):
    model = Tiny(ref)
    ids_all = torch.tensor(ref["ids"])
    labels_all = torch.tensor(ref["labels"])
    adam = torch.optim.Adam(model.ordered(), lr=LR)
    rule = {"sam": sam_eps, "asam": asam_eps, "helen": helen_eps, "adam": None}[setup["family"]]
    trajectory = []
    for step in range(STEPS):
        rows = BATCHES[step % len(BATCHES)]
        ids, labels = ids_all[rows], labels_all[rows]
        counts = [torch.bincount(ids[:, j], minlength=t.shape[0]).double() for j, t in
                  enumerate(model.ordered()[:EMBEDDINGS])]
        loss_and_grad(model, ids, labels)
        if rule is not None:
            with torch.no_grad():
                eps = rule(model, counts, setup)
                old_w = [p.detach().clone() for p in model.ordered()]
                old_g = [p.grad.clone() for p in model.ordered()]
                for p, e in zip(model.ordered(), eps):
                    if e is not None:
                        p.add_(e)
            loss_and_grad(model, ids, labels)
            with torch.no_grad():
                for i, (p, e) in enumerate(zip(model.ordered(), eps)):
                    p.copy_(old_w[i])
                    if e is None and setup.get("unperturbed_step_at_w", False):
                        p.grad = old_g[i]
        if setup.get("max_grad_norm"):
            torch.nn.utils.clip_grad_norm_(model.ordered(), setup["max_grad_norm"])
        adam.step()
        trajectory.append(torch.cat([p.detach().reshape(-1) for p in model.ordered()]).tolist())
    return trajectory


def main():
    ref = json.loads(REF.read_text())
    ids = torch.tensor(ref["ids"])
    dataset_counts = [torch.bincount(ids[:, 0], minlength=5).double(), torch.bincount(ids[:, 1], minlength=4).double()]
    helen = dict(family="helen", rho=0.05, xi=0.3, dataset_counts=dataset_counts)
    cases = {
        "adam": dict(family="adam"),
        "adam_max_grad_norm_0.02": dict(family="adam", max_grad_norm=0.02),
        "sam_rho_0.05": dict(family="sam", rho=0.05),
        "sam_rho_0.05_max_grad_norm_0.02": dict(family="sam", rho=0.05, max_grad_norm=0.02),
        "asam_rho_0.5_eta_0.01": dict(family="asam", rho=0.5, eta=0.01),
        "helen_official": dict(helen, dataset_frequency=False, row_normalize=False, present_rows_only=False,
                               network=False, unperturbed_step_at_w=True),
        "helen_official_network": dict(helen, dataset_frequency=False, row_normalize=False, present_rows_only=False,
                                       network=True, unperturbed_step_at_w=True),
        "helen_paper": dict(helen, dataset_frequency=True, row_normalize=True, present_rows_only=True, network=True),
        "helen_m_paper": dict(helen, xi=0.0, dataset_frequency=True, row_normalize=True, present_rows_only=True,
                              network=False),
    }
    out = {
        "about": __doc__.strip().splitlines()[0] + " Parameters after every step, flattened as in"
                 " tiny_model_hessian.json (emb0, emb1, fc1.weight, fc1.bias, fc2.weight, fc2.bias).",
        "torch_version": torch.__version__, "lr": LR, "batches": BATCHES,
        "dataset_counts": [c.tolist() for c in dataset_counts],
        "cases": {name: {"setup": {k: v for k, v in s.items() if k != "dataset_counts"},
                         "params_after_each_step": run(ref, s)} for name, s in cases.items()},
    }
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
