"""Per-cell label-free features of every (monitor, variant) cell of every pack, plus the ground truth.

    /usr/bin/python3 scripts/research/features.py [PACK_DIR ...]   (default: realbench + ../packs/*)

Writes $FEATURES (default ../packs/features)/<pack>.json, format "monitor-gate/cell-features@1":

  { "format": "monitor-gate/cell-features@1", "pack": <folder name>, "generator": <manifest.generator>,
    "model": {"n_layers", "d_model"}, "tolerances": {"auroc_drop", "tpr_drop", "fpr_rise"},
    "monitors": [{"id", "category", "layer", "pooling", "probe_type", "base_eval_auroc", "threshold_logit"}],
    "cells": [{ "monitor_id", "variant", "family", "category", "probe_type", "layer", "relative_depth",
                "features": { "eval": {...}, "calibration": {...} },   # one block per row source
                "truth": { "stale", "stale_reasons", "auroc_drop", "tpr_drop", "fpr_rise",
                           "tpr_base", "fpr_base", "repair_relevant" } }] }

Row sources: "eval" = the monitor's eval rows (labels NOT read for the features, except the calibration
maps below, which are cross-fitted so no row's own label is used), "calibration" = the unlabeled generic
calibration rows. Within a source every feature is a number (NaN written as null):

  n_rows, n_base_flagged                          row counts
  flag_rate_base, flag_rate_change                share of rows with score > threshold, base / updated - base
  flip_off        base-flagged rows that stop firing (share of base-flagged rows)
  flip_on         base-quiet rows that start firing (share of base-quiet rows)
  flip_rate       share of rows whose decision flips
  proj_shift      (mean z_u - mean z_b) / sd(z_b), z = probe logit (for a linear probe: the mean shift
                  projected on the probe direction, in units of the base score spread)
  abs_gap         mean |z_u - z_b| / sd(z_b)
  margin_shift_pos  mean over base-flagged rows of (z_u - z_b) / mean(z_b - t)   (negative: toward threshold)
  margin_shift_neg  mean over base-quiet rows of (z_u - z_b) / mean(t - z_b)     (positive: toward threshold)
  spearman        rank correlation of z_b and z_u (1 = ranking kept)
  rel_mean_shift, cka_distance   activation-level drift (||mu_u - mu_b|| / base spread; 1 - linear CKA)
  cbpe_<q>_<m>    confidence-based performance estimation with soft labels q (see below), m in
                  tpr_b tpr_u fpr_b fpr_u auroc_b auroc_u tpr_drop fpr_rise auroc_drop and *_se (standard
                  errors of the three changes), n_pos_eff, and score = max(tpr_drop / 0.10,
                  fpr_rise / 0.05, auroc_drop / 0.03)
     q = raw       sigmoid of the base probe's logit on the base row (no labels at all)
     q = platt     Platt map sigmoid(a z + b) fitted on base eval labels
     q = isotonic  isotonic map fitted on base eval labels
     (eval source: 2-fold cross-fitted on the eval rows; calibration source: fitted on all base eval rows,
      as a stored map from the last labeled run would be)
  tr_<how>_<w>_<m>    (calibration source only) the calibration rows' paired drift d = z_u - z_b carried
                  onto the BASE eval rows (their base activations and scores; the updated eval rows are never
                  read): each base eval row's updated score is predicted as z_b + m +- s, and the operating
                  point estimated from P(z_b + m + s e > t). how = kernel (m from calibration rows with a
                  similar base score), knn (m from the 10 nearest calibration rows in standardized base
                  activation space), domain (kernel, with calibration rows importance-weighted toward the eval
                  rows' domain by a logistic classifier on base activations); w = raw (soft labels
                  sigmoid(z_b)) or label (base eval labels, known since deployment); m in tpr_b tpr_u fpr_b
                  fpr_u tpr_drop fpr_rise auroc_drop score.
"""
from __future__ import annotations

import json
import math
import os
import sys

import numpy as np
from scipy.stats import spearmanr
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from packlib import FEATURES, STALE_TOL, Pack, default_packs, soft_auroc  # noqa: E402

FORMAT = "monitor-gate/cell-features@1"
Q_KINDS = ("raw", "platt", "isotonic")
SPLIT_SEED = 0x6d67


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


class Calibrator:
    def __init__(self, kind: str, z: np.ndarray, y: np.ndarray):
        self.kind = kind
        if kind == "platt":
            self.m = LogisticRegression(C=1e4, max_iter=5000).fit(z.reshape(-1, 1), y)
        elif kind == "isotonic":
            self.m = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(z, y)

    def __call__(self, z: np.ndarray) -> np.ndarray:
        if self.kind == "raw":
            return sigmoid(z)
        if self.kind == "platt":
            return self.m.predict_proba(z.reshape(-1, 1))[:, 1]
        return self.m.predict(z)


def crossfit_q(kind: str, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Soft labels for the eval rows where each row's map is fitted on the other fold's labels only."""
    if kind == "raw":
        return sigmoid(z)
    rng = np.random.default_rng(SPLIT_SEED)
    fold = np.zeros(len(z), dtype=int)
    for cls in (0, 1):  # stratified, so each fold has both labels
        idx = np.where(y == cls)[0]
        rng.shuffle(idx)
        fold[idx[: len(idx) // 2]] = 1
    q = np.empty(len(z))
    for f in (0, 1):
        tr, te = fold != f, fold == f
        q[te] = Calibrator(kind, z[tr], y[tr])(z[te])
    return q


def weighted_change(w: np.ndarray, fb: np.ndarray, fu: np.ndarray) -> tuple[float, float, float, float]:
    """Estimated rate on the base and the updated rows among rows weighted by w, the change, and its
    standard error (rows as a sample of the weighted population: var = sum w (d - mean d)^2 / (sum w)^2)."""
    W = w.sum()
    if W <= 1e-9:
        return (math.nan,) * 4
    rb, ru = float((w * fb).sum() / W), float((w * fu).sum() / W)
    d = fu.astype(float) - fb.astype(float)
    dm = ru - rb
    se = math.sqrt(float((w * (d - dm) ** 2).sum()) / W ** 2 + 1e-12)
    return rb, ru, dm, se


def hanley_mcneil_se(a: float, npos: float, nneg: float) -> float:
    if not (npos > 1 and nneg > 1) or not math.isfinite(a):
        return math.nan
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    v = (a * (1 - a) + (npos - 1) * (q1 - a * a) + (nneg - 1) * (q2 - a * a)) / (npos * nneg)
    return math.sqrt(max(v, 0.0))


def cbpe(q: np.ndarray, zb: np.ndarray, zu: np.ndarray, t: float) -> dict:
    fb, fu = zb > t, zu > t
    tpr_b, tpr_u, dtpr, se_tpr = weighted_change(q, fb, fu)
    fpr_b, fpr_u, dfpr, se_fpr = weighted_change(1 - q, fb, fu)
    a_b, a_u = soft_auroc(zb, q), soft_auroc(zu, q)
    npos, nneg = float(q.sum()), float((1 - q).sum())
    # paired AUROCs on the same rows: the difference's se is well below either one's; sqrt(2 (1 - r)) with
    # the score rank correlation r as the pairing
    r = spearmanr(zb, zu).correlation if np.std(zb) > 0 and np.std(zu) > 0 else 0.0
    se_a = hanley_mcneil_se(a_b, npos, nneg) * math.sqrt(max(2 * (1 - (r if np.isfinite(r) else 0.0)), 0.0))
    out = {"tpr_b": tpr_b, "tpr_u": tpr_u, "fpr_b": fpr_b, "fpr_u": fpr_u, "auroc_b": a_b, "auroc_u": a_u,
           "tpr_drop": -dtpr, "tpr_drop_se": se_tpr, "fpr_rise": dfpr, "fpr_rise_se": se_fpr,
           "auroc_drop": a_b - a_u, "auroc_drop_se": se_a, "n_pos_eff": npos}
    out["score"] = max(out["tpr_drop"] / STALE_TOL["tpr_drop"], out["fpr_rise"] / STALE_TOL["fpr_rise"],
                       out["auroc_drop"] / STALE_TOL["auroc_drop"])
    return out


def activation_drift(Xb: np.ndarray, Xu: np.ndarray) -> dict:
    mb, mu = Xb.mean(0), Xu.mean(0)
    spread = math.sqrt(((Xb - mb) ** 2).sum(1).mean())
    Xc, Yc = Xb - mb, Xu - mu
    cka = np.linalg.norm(Yc.T @ Xc) ** 2 / (np.linalg.norm(Xc.T @ Xc) * np.linalg.norm(Yc.T @ Yc))
    return {"rel_mean_shift": float(np.linalg.norm(mu - mb) / spread), "cka_distance": float(1 - cka)}


TRANSPORT_BANDWIDTH = 0.5  # score kernel width, in base calibration score standard deviations
TRANSPORT_PRIOR_ROWS = 5.0  # pseudo-rows pulling the local drift toward the global linear fit
TRANSPORT_DRAWS = 32  # Monte-Carlo draws for the expected AUROC under the predicted drift
KNN_ROWS = 10  # calibration neighbours per reference row (standardized base activations)
KNN_SD_FLOOR = 0.05  # x sd of the calibration drift: floor on a neighbourhood's drift spread
DOMAIN_C = 0.1  # L2 strength (sklearn C) of the reference-vs-calibration domain classifier
DOMAIN_CLIP = 1e3  # importance weights p / (1 - p) clipped to [1 / clip, clip]


def drift_by_score(zb_cal, d, zb_ref, weights=None, h=TRANSPORT_BANDWIDTH):
    """Per reference row: the calibration drift d = z_u - z_b near the row's base score (kernel-weighted
    local linear fit, bandwidth h x sd, optional per-calibration-row weights, shrunk toward the global
    weighted linear fit by TRANSPORT_PRIOR_ROWS pseudo-rows) and its residual spread."""
    wc = np.ones_like(zb_cal) if weights is None else weights
    sd = float(np.std(zb_cal)) or 1.0
    X = np.stack([np.ones_like(zb_cal), zb_cal], 1)
    sw = np.sqrt(wc)
    g = np.linalg.lstsq(X * sw[:, None], d * sw, rcond=None)[0]
    s_glob = float(np.sqrt((wc * (d - X @ g) ** 2).sum() / wc.sum()) + 1e-6)
    prior = TRANSPORT_PRIOR_ROWS * wc.sum() / len(wc)  # pseudo-rows on the weights' own scale
    m = np.empty(len(zb_ref))
    s = np.empty(len(zb_ref))
    for j, z in enumerate(zb_ref):
        u = zb_cal - z
        k = wc * np.exp(-0.5 * (u / (h * sd)) ** 2)
        S0, S1, S2 = k.sum(), (k * u).sum(), (k * u * u).sum()
        T0, T1 = (k * d).sum(), (k * u * d).sum()
        det = S0 * S2 - S1 * S1
        if det > 1e-9 * max(S0 * S2, 1e-30):
            loc, slope = (S2 * T0 - S1 * T1) / det, (S0 * T1 - S1 * T0) / det
        else:
            loc, slope = (T0 / S0 if S0 > 1e-12 else 0.0), 0.0
        m[j] = (S0 * loc + prior * (g[0] + g[1] * z)) / (S0 + prior)
        s[j] = math.sqrt(max(((k * (d - loc - slope * u) ** 2).sum() + prior * s_glob ** 2) / (S0 + prior), 1e-12))
    return m, s


def _standardizer(Xb_cal):
    mu, sd = Xb_cal.mean(0), Xb_cal.std(0) + 1e-6
    return lambda X: (X - mu) / sd


def drift_by_neighbours(Xb_cal, d, Xb_ref, k=KNN_ROWS):
    """Per reference row: mean and spread of the drift of its k nearest calibration rows in the base
    model's (standardized) activation space, i.e. how inputs like this one moved."""
    st = _standardizer(Xb_cal)
    A, B = st(Xb_cal), st(Xb_ref)
    D2 = (B ** 2).sum(1)[:, None] + (A ** 2).sum(1)[None, :] - 2 * B @ A.T
    idx = np.argpartition(D2, k, axis=1)[:, :k]
    nd = d[idx]
    return nd.mean(1), nd.std(1) + KNN_SD_FLOOR * float(np.std(d)) + 1e-6


def domain_weights(Xb_cal, Xb_ref):
    """Importance weights of the calibration rows toward the reference rows' domain (covariate shift):
    p / (1 - p) of an L2 logistic classifier telling reference from calibration base activations."""
    st = _standardizer(Xb_cal)
    X = np.vstack([st(Xb_cal), st(Xb_ref)])
    lab = np.r_[np.zeros(len(Xb_cal)), np.ones(len(Xb_ref))]
    clf = LogisticRegression(C=DOMAIN_C, max_iter=2000).fit(X, lab)
    p = clf.predict_proba(st(Xb_cal))[:, 1]
    return np.clip(p / (1 - p), 1 / DOMAIN_CLIP, DOMAIN_CLIP)


def transported_estimate(zb_ref, w_ref, m, s, t) -> dict:
    """Operating point of the updated model on the BASE reference rows (scores zb_ref, soft labels w_ref)
    when each row's score moves by m +- s (Gaussian): P(z_b + m + s e > t), averaged by soft label."""
    from scipy.stats import norm
    p_u = norm.sf((t - zb_ref - m) / s)
    f_b = (zb_ref > t).astype(float)
    W, Wn = w_ref.sum(), (1 - w_ref).sum()
    out = {"tpr_b": float((w_ref * f_b).sum() / W), "tpr_u": float((w_ref * p_u).sum() / W),
           "fpr_b": float(((1 - w_ref) * f_b).sum() / Wn), "fpr_u": float(((1 - w_ref) * p_u).sum() / Wn)}
    rng = np.random.default_rng(SPLIT_SEED)
    a_b = soft_auroc(zb_ref, w_ref)
    a_u = float(np.mean([soft_auroc(zb_ref + m + s * rng.standard_normal(len(m)), w_ref) for _ in range(TRANSPORT_DRAWS)]))
    out.update(tpr_drop=out["tpr_b"] - out["tpr_u"], fpr_rise=out["fpr_u"] - out["fpr_b"], auroc_drop=a_b - a_u)
    out["score"] = max(out["tpr_drop"] / STALE_TOL["tpr_drop"], out["fpr_rise"] / STALE_TOL["fpr_rise"],
                       out["auroc_drop"] / STALE_TOL["auroc_drop"])
    return out


def source_features(zb, zu, t, Xb, Xu, qs: dict) -> dict:
    fb, fu = zb > t, zu > t
    sd = float(np.std(zb)) or 1.0
    f = {"n_rows": int(len(zb)), "n_base_flagged": int(fb.sum()),
         "flag_rate_base": float(fb.mean()), "flag_rate_change": float(fu.mean() - fb.mean()),
         "flip_off": float((fb & ~fu).sum() / fb.sum()) if fb.any() else math.nan,
         "flip_on": float((~fb & fu).sum() / (~fb).sum()) if (~fb).any() else math.nan,
         "flip_rate": float((fb != fu).mean()),
         "proj_shift": float((zu.mean() - zb.mean()) / sd),
         "abs_gap": float(np.abs(zu - zb).mean() / sd)}
    f["margin_shift_pos"] = float((zu[fb] - zb[fb]).mean() / max((zb[fb] - t).mean(), 1e-9)) if fb.any() else math.nan
    f["margin_shift_neg"] = float((zu[~fb] - zb[~fb]).mean() / max((t - zb[~fb]).mean(), 1e-9)) if (~fb).any() else math.nan
    r = spearmanr(zb, zu).correlation
    f["spearman"] = float(r) if np.isfinite(r) else math.nan
    f.update(activation_drift(Xb, Xu))
    for kind, q in qs.items():
        for k, v in cbpe(q, zb, zu, t).items():
            f[f"cbpe_{kind}_{k}"] = float(v)
    return f


def clean(x):
    if isinstance(x, float):
        return None if not math.isfinite(x) else round(x, 6)
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x


def pack_features(root: str) -> dict:
    pack = Pack(root)
    model = pack.manifest["model"]
    out = {"format": FORMAT, "pack": pack.name, "generator": pack.manifest.get("generator"),
           "model": {"n_layers": model["n_layers"], "d_model": model["d_model"]},
           "tolerances": dict(STALE_TOL), "monitors": [], "cells": []}
    for mon in pack.monitors:
        probe = pack.probe(mon)
        t = probe.t_logit
        y = pack.labels(mon, "eval")
        Xb_e, Xb_c = pack.rows(mon, "base", "eval"), pack.rows(mon, "base", "calibration")
        zb_e, zb_c = probe.logit(Xb_e), probe.logit(Xb_c)
        out["monitors"].append({"id": mon["id"], "category": mon["category"], "layer": mon["layer"],
                                "pooling": mon["pooling"], "probe_type": mon["probe_type"],
                                "base_eval_auroc": mon["base_eval"]["auroc"], "threshold_logit": t})
        q_eval = {k: crossfit_q(k, zb_e, y) for k in Q_KINDS}
        q_cal = {k: Calibrator(k, zb_e, y)(zb_c) for k in Q_KINDS}
        iw = domain_weights(Xb_c, Xb_e)
        for v in pack.variants:
            gt = pack.cells[(mon["id"], v)]
            Xu_e, Xu_c = pack.rows(mon, v, "eval"), pack.rows(mon, v, "calibration")
            zu_c = probe.logit(Xu_c)
            feats = {"eval": source_features(zb_e, probe.logit(Xu_e), t, Xb_e, Xu_e, q_eval),
                     "calibration": source_features(zb_c, zu_c, t, Xb_c, Xu_c, q_cal)}
            # calibration drift carried onto the base eval rows (never the updated eval rows)
            d = zu_c - zb_c
            drifts = {"kernel": drift_by_score(zb_c, d, zb_e), "knn": drift_by_neighbours(Xb_c, d, Xb_e),
                      "domain": drift_by_score(zb_c, d, zb_e, weights=iw)}
            for how, (m, sdev) in drifts.items():
                for kind, w in (("raw", sigmoid(zb_e)), ("label", y.astype(float))):
                    for k, val in transported_estimate(zb_e, w, m, sdev, t).items():
                        feats["calibration"][f"tr_{how}_{kind}_{k}"] = float(val)
            out["cells"].append({
                "monitor_id": mon["id"], "variant": v, "family": gt["family"], "category": mon["category"],
                "probe_type": mon["probe_type"], "layer": mon["layer"], "pooling": mon["pooling"],
                "relative_depth": mon["layer"] / model["n_layers"], "features": feats,
                "truth": {"stale": gt["stale"], "stale_reasons": gt["stale_reasons"], "auroc_drop": gt["auroc_drop"],
                          "tpr_drop": gt["tpr_drop"], "fpr_rise": gt["fpr_rise"], "tpr_base": gt["tpr_base"],
                          "fpr_base": gt["fpr_base"],
                          "repair_relevant": bool(gt["stale"] and gt["auroc_drop"] < STALE_TOL["auroc_drop"] - 1e-12)}})
        pack.drop_cache()
    return clean(out)


def main(argv):
    roots = argv or default_packs()
    dest = FEATURES
    os.makedirs(dest, exist_ok=True)
    for root in roots:
        feats = pack_features(root)
        path = os.path.join(dest, f"{feats['pack']}.json")
        with open(path, "w") as f:
            json.dump(feats, f, indent=None, separators=(",", ":"))
        print(f"{path}: {len(feats['cells'])} cells, {sum(c['truth']['stale'] for c in feats['cells'])} stale")


if __name__ == "__main__":
    main(sys.argv[1:])
