"""Writes the pack fixtures the TypeScript staleness estimate is tested on (issue 13): per pack, per monitor
and per (monitor, variant) cell, what the label-free estimate reads, plus the ground truth and the Python
reference numbers of scripts/research/features.py computed on exactly these (rounded, subsampled) arrays.

    /usr/bin/python3 scripts/make-pack-fixtures.py [PACK_DIR ...]   (default: realbench + ../packs/*)

Packs are built by scripts/make-packs.sh (never committed). Writes test/fixtures/packs/<pack>.json,
format "monitor-gate/pack-fixture@1":
  monitors[]: id, category, layer, probe_type, base_eval_auroc, threshold_logit (the deployed threshold on
    the probe's logit scale), eval.zb (base logits), eval.labels ("0"/"1" per row), eval.fold (the
    features.py cross-fitting fold per row, "0"/"1"), calibration.zb, calibration.domain_weight
    (features.py domain_weights: L2 logistic eval-vs-calibration on the FULL standardized base activations,
    then subsampled with the rows)
  cells[]: monitor_id, variant, family, eval.zu, calibration.zu, truth (from ground_truth.json), reference
    (features.py cbpe / transported_estimate outputs on these arrays; cells of the first REF_MONITORS
    monitors only, to keep the fixtures small)
Arrays of numbers are float32 little-endian, base64. Calibration rows are subsampled deterministically
(every CAL_STRIDE-th row) to keep the fixtures small; eval rows are all kept. Also writes
test/fixtures/packs/domain-weights-reference.json: base activations of a few rows of one monitor and the
features.py domain weights fitted on exactly those rows, to check the TypeScript domain classifier.
"""
from __future__ import annotations

import base64
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "research"))
from packlib import STALE_TOL, Pack, default_packs  # noqa: E402
import features as F  # noqa: E402

OUT = os.path.join(HERE, "..", "test", "fixtures", "packs")
FORMAT = "monitor-gate/pack-fixture@1"
CAL_STRIDE = 2
REF_MONITORS = 2  # reference numbers for the cells of the first monitors only (size)
REF_KEYS = ("tpr_b", "tpr_u", "fpr_b", "fpr_u", "auroc_b", "auroc_u", "tpr_drop", "fpr_rise", "auroc_drop",
            "tpr_drop_se", "fpr_rise_se", "auroc_drop_se", "score")


def f32(a):
    return np.asarray(a, np.float64).astype("<f4")


def b64(a):
    return base64.b64encode(f32(a).tobytes()).decode("ascii")


def bits(a):
    return "".join("1" if int(v) else "0" for v in a)


def folds_of(y):
    """features.crossfit_q's fold assignment (same RNG, same order)."""
    rng = np.random.default_rng(F.SPLIT_SEED)
    fold = np.zeros(len(y), dtype=int)
    for cls in (0, 1):
        idx = np.where(y == cls)[0]
        rng.shuffle(idx)
        fold[idx[: len(idx) // 2]] = 1
    return fold


def ref(d):
    return {k: (None if not np.isfinite(d[k]) else round(float(d[k]), 7)) for k in REF_KEYS if k in d}


def pack_fixture(root):
    pack = Pack(root)
    model = pack.manifest["model"]
    out = {"format": FORMAT, "pack": pack.name, "generator": pack.manifest.get("generator"),
           "made_by": "scripts/make-pack-fixtures.py", "model": {"n_layers": model["n_layers"], "d_model": model["d_model"]},
           "tolerances": dict(STALE_TOL), "encoding": "float32 little-endian, base64",
           "subsample": {"calibration": f"every {CAL_STRIDE}th row from row 0", "eval": "all rows"},
           "monitors": [], "cells": []}
    for mon in pack.monitors:
        probe = pack.probe(mon)
        t = probe.t_logit
        y = pack.labels(mon, "eval")
        Xb_e, Xb_c = pack.rows(mon, "base", "eval"), pack.rows(mon, "base", "calibration")
        iw_full = F.domain_weights(Xb_c, Xb_e)
        keep = np.arange(0, len(Xb_c), CAL_STRIDE)
        zb_e = f32(probe.logit(Xb_e)).astype(np.float64)
        zb_c = f32(probe.logit(Xb_c[keep])).astype(np.float64)
        iw = f32(iw_full[keep]).astype(np.float64)
        fold = folds_of(y)
        out["monitors"].append({"id": mon["id"], "category": mon["category"], "layer": mon["layer"],
                                "probe_type": mon["probe_type"], "base_eval_auroc": mon["base_eval"]["auroc"],
                                "threshold_logit": t,
                                "eval": {"rows": len(zb_e), "zb": b64(zb_e), "labels": bits(y), "fold": bits(fold)},
                                "calibration": {"rows": len(zb_c), "zb": b64(zb_c), "domain_weight": b64(iw)}})
        q_raw, q_platt = F.sigmoid(zb_e), F.crossfit_q("platt", zb_e, y)
        for v in pack.variants:
            gt = pack.cells[(mon["id"], v)]
            zu_e = f32(probe.logit(pack.rows(mon, v, "eval"))).astype(np.float64)
            zu_c = f32(probe.logit(pack.rows(mon, v, "calibration")[keep])).astype(np.float64)
            d = zu_c - zb_c
            m_k, s_k = F.drift_by_score(zb_c, d, zb_e, weights=iw)
            reference = {"eval_raw": ref(F.cbpe(q_raw, zb_e, zu_e, t)), "eval_platt": ref(F.cbpe(q_platt, zb_e, zu_e, t)),
                         "calibration_raw": ref(F.cbpe(F.sigmoid(zb_c), zb_c, zu_c, t)),
                         "transported_domain_raw": ref(F.transported_estimate(zb_e, F.sigmoid(zb_e), m_k, s_k, t)),
                         "transported_domain_label": ref(F.transported_estimate(zb_e, y.astype(float), m_k, s_k, t))}
            out["cells"].append({"monitor_id": mon["id"], "variant": v, "family": gt["family"],
                                 "eval": {"zu": b64(zu_e)}, "calibration": {"zu": b64(zu_c)},
                                 "truth": {"stale": gt["stale"], "stale_reasons": gt["stale_reasons"],
                                           "auroc_drop": gt["auroc_drop"], "tpr_drop": gt["tpr_drop"],
                                           "fpr_rise": gt["fpr_rise"], "tpr_base": gt["tpr_base"], "fpr_base": gt["fpr_base"]},
                                 **({"reference": reference} if len(out["monitors"]) <= REF_MONITORS else {})})
        pack.drop_cache()
    return out


def domain_reference(root, n_cal=96, n_ref=64):
    pack = Pack(root)
    mon = pack.monitors[0]
    Xc = pack.rows(mon, "base", "calibration")[:n_cal]
    Xe = pack.rows(mon, "base", "eval")[:n_ref]
    Xc, Xe = f32(Xc).astype(np.float64), f32(Xe).astype(np.float64)
    w = F.domain_weights(Xc, Xe)
    return {"format": "monitor-gate/domain-weights-reference@1", "made_by": "scripts/make-pack-fixtures.py",
            "pack": pack.name, "monitor": mon["id"], "C": F.DOMAIN_C, "clip": F.DOMAIN_CLIP,
            "d": int(Xc.shape[1]), "calibration_rows": b64(Xc), "reference_rows": b64(Xe), "weights": b64(w)}


def main(argv):
    roots = [r for r in (argv or default_packs()) if os.path.isfile(os.path.join(r, "ground_truth.json"))]
    os.makedirs(OUT, exist_ok=True)
    for root in roots:
        fx = pack_fixture(root)
        path = os.path.join(OUT, f"{fx['pack']}.json")
        with open(path, "w") as f:
            json.dump(fx, f, separators=(",", ":"))
        print(f"{path}: {len(fx['cells'])} cells, {sum(c['truth']['stale'] for c in fx['cells'])} stale, {os.path.getsize(path)} bytes")
    dref = domain_reference(roots[0])
    with open(os.path.join(OUT, "domain-weights-reference.json"), "w") as f:
        json.dump(dref, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1:])
