"""Fits every realignment method on every (monitor, variant) cell of every pack and records, per method,
(1) label-free selection statistics on held-out paired rows and (2) the labeled outcome on the eval rows.

    /usr/bin/python3 scripts/research/repair_eval.py [PACK_DIR ...]    (default: realbench + ../packs/*)

Writes $FEATURES (default ../packs/features)/<pack>.repair.json, format "monitor-gate/repair-outcomes@1":
  { "format", "pack", "methods", "regimes": {<regime>: {methods, description}},
    "cells": [{ "monitor_id", "variant", "family", "probe_type", "stale", "repair_relevant", "base": {auroc,tpr,fpr},
                "regimes": { <regime>: { <method>: {
                    "info": {alpha, rank}?,                       # strength chosen on a held-out half
                    "after": {auroc, tpr, fpr, stale, reasons},   # labeled outcome on the eval rows
                    "heldout": {<stat>: ...} } } } }] }           # label-free selection statistics
Selection statistics (no labels; weighted in the domain regime): n, n_flagged, miss (base-flagged rows that
stop firing / base-flagged), false_on (base-quiet rows that fire / base-quiet), flip (rows whose decision
differs), gap (mean |z_r - z_b| / sd z_b), cbpe_tpr_drop, cbpe_fpr_rise, cbpe_auroc_drop (soft labels
sigmoid(z_b), one-sided).
Regimes: see REGIMES below (calibration rows; importance-weighted calibration rows; eval rows cross-fitted;
both).

Fitting rows: the pack's unlabeled calibration rows (512 generic texts, same rows in both models).
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features import clean, domain_weights, sigmoid  # noqa: E402
from packlib import FEATURES, STALE_TOL, Pack, default_packs, metrics, soft_auroc, stale_reasons  # noqa: E402
from realign import METHODS, SPLIT_SEED, fit, halves  # noqa: E402

# the regimes beyond the first skip lowrank_affine and ridge_affine_probe: on every pack they repair exactly
# what ridge_affine repairs (the chosen rank is the largest in the grid)
FAST_METHODS = tuple(m for m in METHODS if m not in ("lowrank_affine", "ridge_affine_probe"))

FORMAT = "monitor-gate/repair-outcomes@1"


REGIMES = {
    # name: (methods, description)
    "calibration": (METHODS, "fit on the 512 unlabeled calibration rows; selection stats on their held-out half"),
    "calibration_domain": (FAST_METHODS, "the same rows importance-weighted toward the monitor's eval domain (logistic "
                           "domain classifier on base activations, features.domain_weights); weighted stats"),
    "eval_crossfit": (FAST_METHODS, "fit on eval rows, labels unread, 2-fold cross-fitted: each eval row is scored by a map "
                      "fitted on the other fold; selection stats on an inner held-out half of the fitting fold"),
    "calibration+eval_crossfit": (FAST_METHODS, "fit on calibration rows + the other fold's eval rows (labels unread); "
                                  "selection stats on an inner held-out half of the fitting fold's eval rows"),
}


def selection_stats(zb: np.ndarray, zr: np.ndarray, t: float, w: np.ndarray | None = None) -> dict:
    fb, fr = zb > t, zr > t
    w = np.ones_like(zb) if w is None else w
    q = sigmoid(zb)
    sd = float(np.sqrt((w * (zb - (w * zb).sum() / w.sum()) ** 2).sum() / w.sum())) or 1.0
    wq, wn = w * q, w * (1 - q)
    return {"n": int(len(zb)), "n_flagged": int(fb.sum()),
            "miss": float((w * (fb & ~fr)).sum() / max((w * fb).sum(), 1e-12)),
            "false_on": float((w * (~fb & fr)).sum() / max((w * ~fb).sum(), 1e-12)),
            "flip": float((w * (fb != fr)).sum() / w.sum()), "gap": float((w * np.abs(zr - zb)).sum() / w.sum() / sd),
            "cbpe_tpr_drop": float((wq * fb).sum() / wq.sum() - (wq * fr).sum() / wq.sum()),
            "cbpe_fpr_rise": float((wn * fr).sum() / wn.sum() - (wn * fb).sum() / wn.sum()),
            "cbpe_auroc_drop": soft_auroc(zb, wq / w.max()) - soft_auroc(zr, wq / w.max()) if w.max() > 0 else 0.0}


def _merge_stats(parts):
    """Row-count-weighted mean of per-fold statistics."""
    n = sum(p["n"] for p in parts)
    out = {"n": n, "n_flagged": sum(p["n_flagged"] for p in parts)}
    for k in parts[0]:
        if k not in out:
            out[k] = float(sum(p[k] * p["n"] for p in parts) / n)
    return out


def cell_regimes(probe, t, y, mb, Xb_c, Xu_c, Xb_e, Xu_e, iw):
    """{regime: {method: {"info", "after", "heldout"}}} for one cell."""
    out = {}
    fit_idx, ho_idx = halves(len(Xb_c))
    zb_c = probe.logit(Xb_c)
    zb_e = probe.logit(Xb_e)
    folds = halves(len(Xb_e), SPLIT_SEED + 7)
    for regime, (methods, _) in REGIMES.items():
        res = {}
        for m in methods:
            if regime in ("calibration", "calibration_domain"):
                w = iw if regime == "calibration_domain" else None
                rep_all = fit(m, Xb_c, Xu_c, probe, w)
                zr = rep_all.logit(Xu_e)
                rep_half = fit(m, Xb_c[fit_idx], Xu_c[fit_idx], probe, None if w is None else w[fit_idx])
                held = selection_stats(zb_c[ho_idx], rep_half.logit(Xu_c[ho_idx]), t, None if w is None else w[ho_idx])
                info = rep_all.info or {}
            else:
                zr = np.empty(len(y))
                parts = []
                for f in range(2):
                    score_rows, fit_rows = folds[f], folds[1 - f]
                    inner_fit, inner_ho = (fit_rows[i] for i in halves(len(fit_rows), SPLIT_SEED + 11))
                    if regime == "eval_crossfit":
                        Fb, Fu = Xb_e[fit_rows], Xu_e[fit_rows]
                        Ib, Iu = Xb_e[inner_fit], Xu_e[inner_fit]
                    else:
                        Fb, Fu = np.vstack([Xb_c, Xb_e[fit_rows]]), np.vstack([Xu_c, Xu_e[fit_rows]])
                        Ib, Iu = np.vstack([Xb_c, Xb_e[inner_fit]]), np.vstack([Xu_c, Xu_e[inner_fit]])
                    zr[score_rows] = fit(m, Fb, Fu, probe).logit(Xu_e[score_rows])
                    parts.append(selection_stats(zb_e[inner_ho], fit(m, Ib, Iu, probe).logit(Xu_e[inner_ho]), t))
                held = _merge_stats(parts)
                info = {}
            mr = metrics(zr, y, t)
            reasons = stale_reasons(mb, mr)
            res[m] = {"info": info, "after": {**mr, "stale": bool(reasons), "reasons": reasons}, "heldout": held}
        out[regime] = res
    return out


def pack_repairs(root: str) -> dict:
    pack = Pack(root)
    out = {"format": FORMAT, "pack": pack.name, "methods": list(METHODS),
           "regimes": {k: {"methods": list(v[0]), "description": v[1]} for k, v in REGIMES.items()}, "cells": []}
    for mon in pack.monitors:
        probe = pack.probe(mon)
        t = probe.t_logit
        y = pack.labels(mon, "eval")
        Xb_c, Xb_e = pack.rows(mon, "base", "calibration"), pack.rows(mon, "base", "eval")
        mb = metrics(probe.logit(Xb_e), y, t)
        iw = domain_weights(Xb_c, Xb_e)
        for v in pack.variants:
            gt = pack.cells[(mon["id"], v)]
            Xu_c, Xu_e = pack.rows(mon, v, "calibration"), pack.rows(mon, v, "eval")
            cell = {"monitor_id": mon["id"], "variant": v, "family": gt["family"], "probe_type": mon["probe_type"],
                    "stale": gt["stale"],
                    "repair_relevant": bool(gt["stale"] and gt["auroc_drop"] < STALE_TOL["auroc_drop"] - 1e-12),
                    "base": mb, "regimes": cell_regimes(probe, t, y, mb, Xb_c, Xu_c, Xb_e, Xu_e, iw)}
            if cell["regimes"]["calibration"]["identity"]["after"]["stale"] != gt["stale"]:
                print(f"warning: {pack.name} {mon['id']} {v}: recomputed stale flag differs from ground truth", file=sys.stderr)
            out["cells"].append(cell)
        print(f"  {pack.name} {mon['id']} done", file=sys.stderr, flush=True)
        pack.drop_cache()
    return clean(out)


def main(argv):
    roots = argv or default_packs()
    dest = FEATURES
    os.makedirs(dest, exist_ok=True)
    for root in roots:
        res = pack_repairs(root)
        path = os.path.join(dest, f"{res['pack']}.repair.json")
        with open(path, "w") as f:
            json.dump(res, f, separators=(",", ":"))
        stale = [c for c in res["cells"] if c["stale"]]
        for regime in REGIMES:
            print(f"{path} [{regime}]: {len(stale)} stale; repaired per method: " + ", ".join(
                f"{m} {sum(not c['regimes'][regime][m]['after']['stale'] for c in stale)}" for m in REGIMES[regime][0]))


if __name__ == "__main__":
    main(sys.argv[1:])
