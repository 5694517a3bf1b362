#!/usr/bin/python3
"""Writes test/fixtures/metrics-reference.json: a few small seeded datasets and the values
independent tools compute for them, so test/metrics.test.ts can check src/core/metrics
without Python in CI.

Run with Debian's scientific Python (apt-get install python3-sklearn python3-scipy python3-numpy):

    /usr/bin/python3 scripts/make-metrics-reference.py

References:
  - AUROC: sklearn.metrics.roc_auc_score
  - recall at FPR <= x: sklearn.metrics.roc_curve (drop_intermediate=False), max TPR with FPR <= x
  - TPR/FPR at the threshold, flip rate: direct numpy (score > threshold)
  - KS: scipy.stats.ks_2samp(...).statistic
  - DeLong: the textbook O(m n) psi-kernel formulas (DeLong et al. 1988), written out below,
    with the two-sided p from scipy.stats.norm.sf
  - PSI: numpy re-implementation of the documented definition (numpy linear quantiles of the base,
    duplicate edges collapsed, right-closed bins, 1e-4 floor on proportions)
"""

import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.stats import ks_2samp, norm
from sklearn.metrics import roc_auc_score, roc_curve

from fixture_json import write_fixture

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "metrics-reference.json")
FPR_LEVELS = [0.0, 0.01, 0.05, 0.1, 0.2, 0.5]
Z_95 = 1.959963984540054
PSI_EPSILON = 1e-4


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def make_datasets():
    datasets = []

    # 1. Continuous probabilities, no ties: the updated model separates the classes less well.
    rng = np.random.default_rng(20240611)
    n = 200
    y = (rng.random(n) < 0.4).astype(np.uint8)
    latent = rng.normal(size=n) + 1.6 * y
    base = np.round(sigmoid(latent - 0.8), 6)
    updated = np.round(sigmoid(0.7 * latent + 0.6 * rng.normal(size=n) - 0.5), 6)
    assert len(np.unique(base)) == n and len(np.unique(updated)) == n, "dataset 'continuous' must have no ties"
    datasets.append(("continuous", "sigmoid scores, 6 decimals, no ties; updated is noisier", 0.5, y, base, updated))

    # 2. The same kind of scores rounded to 1 decimal: heavy ties, including across classes.
    rng = np.random.default_rng(7)
    n = 250
    y = (rng.random(n) < 0.3).astype(np.uint8)
    latent = rng.normal(size=n) + 1.2 * y
    base = np.round(sigmoid(latent - 0.5), 1)
    updated = np.round(sigmoid(0.8 * latent + 0.5 * rng.normal(size=n) - 0.2), 1)
    datasets.append(("ties-1dp", "sigmoid scores rounded to 1 decimal (heavy ties)", 0.5, y, base, updated))

    # 3. Small, imbalanced, integer scores 0..5: ties straddle every FPR level.
    rng = np.random.default_rng(99)
    n = 120
    y = np.zeros(n, dtype=np.uint8)
    y[rng.choice(n, 18, replace=False)] = 1
    base = np.clip(np.round(rng.normal(size=n) + 1.5 * y + 2.0), 0, 5).astype(float)
    updated = np.clip(np.round(rng.normal(size=n) + 1.0 * y + 2.5), 0, 5).astype(float)
    datasets.append(("integers-imbalanced", "integer scores 0..5, 18 positives of 120", 2.0, y, base, updated))

    # 4. Logit scores (negative and positive), base perfectly separated, updated overlapping.
    rng = np.random.default_rng(314)
    n = 150
    y = (rng.random(n) < 0.5).astype(np.uint8)
    base = np.round(np.where(y == 1, rng.uniform(0.5, 4.0, n), rng.uniform(-4.0, 0.4, n)), 4)
    updated = np.round(base + rng.normal(scale=1.5, size=n), 4)
    datasets.append(("separated-logits", "logit scale; base perfectly separated, updated overlaps", 0.0, y, base, updated))

    # 5. Updated only nudges a few rows, so the AUROCs are strongly correlated (small DeLong se).
    rng = np.random.default_rng(2718)
    n = 300
    y = (rng.random(n) < 0.5).astype(np.uint8)
    base = np.round(sigmoid(rng.normal(size=n) + 1.0 * y), 2)
    updated = base.copy()
    nudged = rng.choice(n, 40, replace=False)
    updated[nudged] = np.round(np.clip(updated[nudged] + rng.normal(scale=0.1, size=40), 0, 1), 2)
    datasets.append(("near-identical", "2-decimal scores; updated differs on 40 of 300 rows", 0.5, y, base, updated))

    # 6. Updated scores crowd into the top of the range: several base deciles are empty in updated,
    #    so PSI depends on the epsilon floor.
    rng = np.random.default_rng(1618)
    n = 100
    y = (rng.random(n) < 0.5).astype(np.uint8)
    base = np.round(np.clip(rng.random(n) * 0.8 + 0.2 * y, 0, 1), 3)
    updated = np.round(np.clip(0.7 + 0.3 * base + rng.normal(scale=0.05, size=n), 0, 1), 3)
    datasets.append(("crowded-top", "updated squeezed into [0.7, 1]: empty PSI bins", 0.8, y, base, updated))

    return datasets


def operating(scores, y, threshold):
    pos, neg = scores[y == 1], scores[y == 0]
    fpr, tpr, _ = roc_curve(y, scores, drop_intermediate=False)
    return {
        "auroc": float(roc_auc_score(y, scores)),
        "tpr": float(np.mean(pos > threshold)),
        "fpr": float(np.mean(neg > threshold)),
        "recall_at_fpr": {str(x): float(np.max(tpr[fpr <= x])) for x in FPR_LEVELS},
    }


def psi_kernel(x, y):
    return (x > y).astype(float) + 0.5 * (x == y)


def delong_textbook(base, updated, y):
    """O(m n) DeLong: V10_i = mean_j psi(X_i, Y_j), V01_j = mean_i psi(X_i, Y_j)."""
    m, n = int(np.sum(y == 1)), int(np.sum(y == 0))
    aucs, v10s, v01s = [], [], []
    for s in (base, updated):
        kernel = psi_kernel(s[y == 1][:, None], s[y == 0][None, :])  # m x n
        aucs.append(kernel.mean())
        v10s.append(kernel.mean(axis=1))
        v01s.append(kernel.mean(axis=0))
    s10 = np.cov(np.vstack(v10s))  # 2x2, ddof 1
    s01 = np.cov(np.vstack(v01s))
    s = s10 / m + s01 / n
    contrast = np.array([-1.0, 1.0])
    var = float(contrast @ s @ contrast)
    se = float(np.sqrt(var))
    diff = float(aucs[1] - aucs[0])
    z = diff / se
    return {
        "auroc_base": float(aucs[0]),
        "auroc_updated": float(aucs[1]),
        "diff": diff,
        "se": se,
        "z": float(z),
        "p_value": float(2 * norm.sf(abs(z))),
        "ci95": [diff - Z_95 * se, diff + Z_95 * se],
    }


def psi(base, updated, bins=10):
    edges = []
    for k in range(1, bins):
        e = float(np.quantile(base, k / bins))  # numpy default: linear (type 7)
        if not edges or e > edges[-1]:
            edges.append(e)
    # right-closed bins (e_{k-1}, e_k]: bin index = number of edges strictly below the value
    b = np.bincount(np.searchsorted(edges, base, side="left"), minlength=len(edges) + 1) / len(base)
    u = np.bincount(np.searchsorted(edges, updated, side="left"), minlength=len(edges) + 1) / len(updated)
    b = np.maximum(b, PSI_EPSILON)
    u = np.maximum(u, PSI_EPSILON)
    return float(np.sum((u - b) * np.log(u / b)))


def main():
    out = {
        "generator": "scripts/make-metrics-reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "fpr_levels": FPR_LEVELS,
        "datasets": [],
    }
    for name, description, threshold, y, base, updated in make_datasets():
        out["datasets"].append(
            {
                "name": name,
                "description": description,
                "threshold": threshold,
                "labels": [int(v) for v in y],
                "base": [float(v) for v in base],
                "updated": [float(v) for v in updated],
                "reference": {
                    "base": operating(base, y, threshold),
                    "updated": operating(updated, y, threshold),
                    "delong": delong_textbook(base, updated, y),
                    "shift": {
                        "ks": float(ks_2samp(base, updated).statistic),
                        "psi": psi(base, updated),
                        "flip_rate": float(np.mean((base > threshold) != (updated > threshold))),
                    },
                },
            }
        )
        r = out["datasets"][-1]["reference"]
        print(
            f"{name}: n={len(y)} pos={int(y.sum())} distinct base={len(np.unique(base))} "
            f"auroc {r['base']['auroc']:.4f} -> {r['updated']['auroc']:.4f}, "
            f"delong p={r['delong']['p_value']:.3g}, ks={r['shift']['ks']:.3f}, psi={r['shift']['psi']:.3f}",
            file=sys.stderr,
        )

    write_fixture(OUT, out)


if __name__ == "__main__":
    main()
