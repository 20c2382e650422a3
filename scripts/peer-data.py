#!/usr/bin/env python3
"""Writes train.csv/eval.csv for scripts/peer-side-by-side.sh in the peer's format (label,f0..f{m-1},
ids per field from 0), for shapes the peer's own generator cannot make: fields with different
vocabularies. Zipf-skewed ids (a random permutation of ranks per field) and a click model with first-
order and rank-4 pairwise terms, as the peer's generator, so that a model has something to learn.

Shapes: mixed10   10 fields, vocabularies log-spaced from 2 to 2,000 (a small real-world schema)
        criteo39  39 fields as Criteo_x4: 13 bucketised counters (vocabularies 20-120) and 26
                  categorical fields (log-spaced from 4 to 20,000)
Prints the largest vocabulary (the peer's --vocab) and the field count (its --fields)."""
import json, os, sys
import numpy as np

shape, out = sys.argv[1], sys.argv[2]
n_train, n_eval, seed = 200_000, 20_000, 2024
if shape == 'mixed10':
    vocab = np.unique(np.round(np.geomspace(2, 2000, 10)).astype(int))
elif shape == 'criteo39':
    vocab = np.concatenate([np.round(np.linspace(20, 120, 13)), np.round(np.geomspace(4, 20_000, 26))]).astype(int)
else:
    sys.exit(f'unknown shape {shape} (mixed10, criteo39)')
rng = np.random.default_rng(seed)
n = n_train + n_eval
cols, lin, pair_vecs = [], np.zeros(n), np.zeros((n, 4))
for v in vocab:
    p = np.arange(1, v + 1, dtype=np.float64) ** -1.1
    ids = rng.permutation(v)[rng.choice(v, size=n, p=p / p.sum())]
    cols.append(ids)
    lin += rng.normal(0, 0.3, v)[ids]
    u = rng.normal(0, 0.17, (v, 4))[ids]
    pair_vecs += u
    lin -= 0.5 * (u ** 2).sum(1)
logit = -1.2 + lin + 0.5 * (pair_vecs ** 2).sum(1)
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
X = np.stack(cols, 1)
os.makedirs(out, exist_ok=True)
hdr = 'label,' + ','.join(f'f{i}' for i in range(len(vocab)))
for name, rows in (('train.csv', slice(0, n_train)), ('eval.csv', slice(n_train, n))):
    np.savetxt(os.path.join(out, name), np.column_stack([y[rows], X[rows]]), fmt='%d', delimiter=',', header=hdr, comments='')
json.dump(dict(shape=shape, vocabularies=vocab.tolist(), n_train=n_train, n_eval=n_eval, seed=seed,
               positives=float(y.mean())), open(os.path.join(out, 'meta.json'), 'w'), indent=1)
print(int(vocab.max()), len(vocab))
