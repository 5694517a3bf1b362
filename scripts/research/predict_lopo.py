"""Staleness prediction that transfers across models (issue 13): reads the per-cell feature files written by
features.py and reports, per pack, how well label-free scores separate stale from fresh cells, with every
fitted choice validated by holding out whole packs.

    /usr/bin/python3 scripts/research/predict_lopo.py [--features DIR] [--json OUT]

Sections (Markdown on stdout):
  1. single label-free scores, no fitting (CBPE on eval rows; CBPE and transported estimates on calibration rows)
  2. intervals: mean standard error and coverage of the measured change by est +- 1.96 se
  3. sign agreement of estimated vs measured TPR / FPR changes on stale cells
  4. leave-one-pack-out: (a) the single score picked on the other packs, (b) a monotone logistic combination
     of a few oriented features fitted on the other packs; per-pack AUROC, mean and worst, strong vs weak
  5. 30% revalidation budget spent by risk: share of min(stale, budget) that the budget measures
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import sys

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from packlib import FEATURES, auroc  # noqa: E402

WEAK_MEAN_AUROC = 0.95  # a pack whose monitors' mean base eval AUROC is below this is a weak-probe pack
MODERATE_MEAN_AUROC = 0.99  # between the two: moderate, held to the strong target in the summaries
WEAK_MONITOR_AUROC = 0.95  # a monitor below this base eval AUROC counts in the pooled weak-monitor rows
BUDGET_SHARE = 0.30
TOL = {"tpr": 0.10, "fpr": 0.05, "auroc": 0.03}

# single scores (source, feature); all "higher = more likely stale"
SINGLE = {
    "eval": ["cbpe_raw_score", "cbpe_platt_score", "cbpe_isotonic_score"],
    "calibration": ["cbpe_raw_score", "cbpe_platt_score", "cbpe_isotonic_score",
                    "tr_kernel_raw_score", "tr_kernel_label_score", "tr_knn_raw_score", "tr_knn_label_score",
                    "tr_domain_raw_score", "tr_domain_label_score"],
}
# estimate families behind a score: prefix for the tpr_drop / fpr_rise / auroc_drop components
PRIMARY = {"eval": "cbpe_platt", "calibration": "tr_domain_label"}


def load(dirpath):
    packs = {}
    for f in sorted(glob.glob(os.path.join(dirpath, "*.json"))):
        if f.endswith(".repair.json"):
            continue
        d = json.load(open(f))
        if d.get("format") != "monitor-gate/cell-features@1":
            continue
        packs[d["pack"]] = d
    return packs


def is_weak(pack):
    return float(np.mean([m["base_eval_auroc"] for m in pack["monitors"]])) < WEAK_MEAN_AUROC


def tier(pack):
    a = float(np.mean([m["base_eval_auroc"] for m in pack["monitors"]]))
    return "weak" if a < WEAK_MEAN_AUROC else "moderate" if a < MODERATE_MEAN_AUROC else ""


def weak_monitor_mask(pack):
    base = {m["id"]: m["base_eval_auroc"] for m in pack["monitors"]}
    return np.array([base[c["monitor_id"]] < WEAK_MONITOR_AUROC for c in pack["cells"]])


def val(c, src, k):
    v = c["features"][src].get(k)
    return math.nan if v is None else float(v)


def stale(pack):
    return np.array([c["truth"]["stale"] for c in pack["cells"]], bool)


def col(pack, src, k):
    return np.array([val(c, src, k) for c in pack["cells"]])


def fmt(x, nd=3):
    return "-" if x is None or not math.isfinite(x) else f"{x:.{nd}f}"


# ---------------------------------------------------------------------------------------------- features
def oriented(pack, src, prefix):
    """A few features that mean the same on every model, oriented so that larger = riskier."""
    X = {
        "score": col(pack, src, f"{prefix}_score"),
        "est_tpr_drop": col(pack, src, f"{prefix}_tpr_drop") / TOL["tpr"],
        "est_fpr_rise": col(pack, src, f"{prefix}_fpr_rise") / TOL["fpr"],
        "est_auroc_drop": col(pack, src, f"{prefix}_auroc_drop") / TOL["auroc"],
        "est_tpr_rise": -col(pack, src, f"{prefix}_tpr_drop") / TOL["tpr"],  # an operating point moving up
        "est_fpr_drop": -col(pack, src, f"{prefix}_fpr_rise") / TOL["fpr"],  # or down is also drift
        "flip_rate": col(pack, src, "flip_rate"),
        "abs_proj_shift": np.abs(col(pack, src, "proj_shift")),
        "abs_gap": col(pack, src, "abs_gap"),
        "rank_loss": 1 - col(pack, src, "spearman"),
        "rel_mean_shift": col(pack, src, "rel_mean_shift"),
        "cka_distance": col(pack, src, "cka_distance"),
    }
    return {k: np.nan_to_num(v, nan=0.0) for k, v in X.items()}


FEATURE_SETS = {
    "score+drift": ["score", "flip_rate", "abs_gap", "rank_loss"],
    "estimates": ["est_tpr_drop", "est_fpr_rise", "est_auroc_drop"],
    "estimates+drift": ["est_tpr_drop", "est_fpr_rise", "est_auroc_drop", "flip_rate", "abs_gap", "rank_loss"],
    "all": ["est_tpr_drop", "est_fpr_rise", "est_auroc_drop", "est_tpr_rise", "est_fpr_drop", "flip_rate",
            "abs_proj_shift", "abs_gap", "rank_loss", "rel_mean_shift", "cka_distance"],
}
L2 = 1.0


def fit_monotone_logistic(X, y, l2=L2):
    """Logistic regression with non-negative weights (risk can only rise with each oriented feature), an
    L2 penalty on the weights and a free intercept; features standardized by the training rows' sd."""
    sd = X.std(0) + 1e-9
    Z = X / sd
    n, p = Z.shape
    yy = y.astype(float)
    w_pos = 0.5 / max(yy.mean(), 1e-9)
    w_neg = 0.5 / max(1 - yy.mean(), 1e-9)
    sw = np.where(yy > 0, w_pos, w_neg)  # class-balanced, so the packs' stale shares do not set the scale

    def f(theta):
        w, b = theta[:p], theta[p]
        s = Z @ w + b
        lse = np.logaddexp(0, s)
        loss = (sw * (lse - yy * s)).sum() / n + 0.5 * l2 * (w @ w) / n
        pr = 1 / (1 + np.exp(-s))
        g = Z.T @ (sw * (pr - yy)) / n + l2 * w / n
        return loss, np.r_[g, (sw * (pr - yy)).sum() / n]

    res = minimize(f, np.zeros(p + 1), jac=True, method="L-BFGS-B", bounds=[(0, None)] * p + [(None, None)])
    w = res.x[:p] / sd
    return w, res.x[p]


# ---------------------------------------------------------------------------------------------- sections
def section_single(packs, out):
    print("## 1. Single label-free scores (AUROC vs ground-truth stale), no fitting\n")
    for src in ("eval", "calibration"):
        keys = SINGLE[src]
        print(f"### rows: {src}\n")
        print("| pack | weak | stale | " + " | ".join(k.replace("_score", "") for k in keys) + " |")
        print("|---|---|---|" + "---|" * len(keys))
        for name, p in packs.items():
            y = stale(p)
            aus = [auroc(np.nan_to_num(col(p, src, k), nan=0.0), y) for k in keys]
            out.setdefault("single", {}).setdefault(src, {})[name] = dict(zip(keys, aus))
            print(f"| {name} | {tier(p)} | {y.sum()}/{len(y)} | " + " | ".join(fmt(a) for a in aus) + " |")
        for grp, sel in (("min strong+moderate", lambda p: not is_weak(p)), ("min weak", is_weak)):
            vals = [[out["single"][src][n][k] for n, p in packs.items() if sel(p)] for k in keys]
            print(f"| **{grp}** | | | " + " | ".join(fmt(min(v)) if v else "-" for v in vals) + " |")
        # pooled cells of weak monitors (base AUROC < 0.95) over every pack, and per pack with >= 2 such monitors
        ys, cols = [], {k: [] for k in keys}
        for n, p in packs.items():
            mk = weak_monitor_mask(p)
            ys.append(stale(p)[mk])
            for k in keys:
                cols[k].append(np.nan_to_num(col(p, src, k), nan=0.0)[mk])
        y = np.concatenate(ys)
        print(f"| **pooled weak monitors** (base AUROC < {WEAK_MONITOR_AUROC}) | | {y.sum()}/{len(y)} | " +
              " | ".join(fmt(auroc(np.concatenate(cols[k]), y)) for k in keys) + " |")
        print()


def section_intervals(packs, out):
    print("## 2. Intervals (CBPE on eval rows): mean se of the estimated change, coverage of the measured change by est +- 1.96 se\n")
    print("| pack | weak | q | se tpr change | se fpr change | cover tpr | cover fpr | mean abs err tpr | mean abs err fpr |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, p in packs.items():
        for q in ("raw", "platt"):
            e_t = col(p, "eval", f"cbpe_{q}_tpr_drop")
            e_f = col(p, "eval", f"cbpe_{q}_fpr_rise")
            s_t = col(p, "eval", f"cbpe_{q}_tpr_drop_se")
            s_f = col(p, "eval", f"cbpe_{q}_fpr_rise_se")
            m_t = np.array([c["truth"]["tpr_drop"] for c in p["cells"]])
            m_f = np.array([c["truth"]["fpr_rise"] for c in p["cells"]])
            cov_t = float(np.mean(np.abs(e_t - m_t) <= 1.96 * s_t + 1e-9))
            cov_f = float(np.mean(np.abs(e_f - m_f) <= 1.96 * s_f + 1e-9))
            print(f"| {name} | {tier(p)} | {q} | {fmt(np.mean(s_t))} | {fmt(np.mean(s_f))} | {fmt(cov_t, 2)} | {fmt(cov_f, 2)} | {fmt(np.mean(np.abs(e_t - m_t)))} | {fmt(np.mean(np.abs(e_f - m_f)))} |")
    print()


def sign_agree(est, meas, eps):
    """Share of cells where the estimate has the measured change's sign; measured |change| < eps is 'no
    change' and agrees with |estimate| < eps."""
    ok = [(abs(m) < eps and abs(e) < eps) or (abs(m) >= eps and np.sign(e) == np.sign(m)) for e, m in zip(est, meas)]
    return float(np.mean(ok)) if ok else math.nan


def section_signs(packs, out):
    print("## 3. Sign agreement of estimated vs measured changes on stale cells\n")
    print("`reason`: the metric(s) that made the cell stale must move the right way in the estimate (TPR down, FPR up, AUROC down);"
          " `both@0.02`: TPR and FPR changes, a measured |change| under 0.02 counting as no change.\n")
    print("| pack | stale | eval cbpe_platt reason | eval both@0.02 | calib cbpe_platt reason | calib tr_domain_label reason | calib tr_domain_label both@0.02 |")
    print("|---|---|---|---|---|---|---|")
    for name, p in packs.items():
        cells = [c for c in p["cells"] if c["truth"]["stale"]]
        row = []
        for src, pre in (("eval", "cbpe_platt"), ("calibration", "cbpe_platt"), ("calibration", "tr_domain_label")):
            ok = []
            for c in cells:
                r = c["truth"]["stale_reasons"]
                good = []
                if "tpr_drop" in r:
                    good.append(val(c, src, f"{pre}_tpr_drop") > 0)
                if "fpr_rise" in r:
                    good.append(val(c, src, f"{pre}_fpr_rise") > 0)
                if "auroc_drop" in r:
                    good.append(val(c, src, f"{pre}_auroc_drop") > 0)
                ok.append(all(good))
            row.append(float(np.mean(ok)))
            if src == "eval" or pre == "tr_domain_label":
                est = [-val(c, src, f"{pre}_tpr_drop") for c in cells] + [val(c, src, f"{pre}_fpr_rise") for c in cells]
                meas = [-c["truth"]["tpr_drop"] for c in cells] + [c["truth"]["fpr_rise"] for c in cells]
                row.append(sign_agree(est, meas, 0.02))
        out.setdefault("signs", {})[name] = row
        print(f"| {name} | {len(cells)} | {fmt(row[0], 2)} | {fmt(row[1], 2)} | {fmt(row[2], 2)} | {fmt(row[3], 2)} | {fmt(row[4], 2)} |")
    print()


def budget_check(pack, risk):
    """Per variant (one gate run), measure ceil(30% x monitors) highest-risk monitors. Returns (hits, want,
    worst variant share)."""
    by_var = {}
    for c, r in zip(pack["cells"], risk):
        by_var.setdefault(c["variant"], []).append((r, c["truth"]["stale"]))
    hits = want = 0
    worst = 1.0
    for items in by_var.values():
        n = len(items)
        k = min(n, math.ceil(BUDGET_SHARE * n - 1e-9))
        top = sorted(items, key=lambda x: -x[0])[:k]
        h = sum(s for _, s in top)
        w = min(sum(s for _, s in items), k)
        hits += h
        want += w
        if w:
            worst = min(worst, h / w)
    return hits, want, worst


def section_lopo(packs, out):
    names = list(packs)
    print("## 4. Leave-one-pack-out (fit on every pack but one, score the held-out pack)\n")
    results = {}
    for src in ("eval", "calibration"):
        # (a) the single score chosen on the other packs by their worst AUROC, then mean
        pick = {}
        for h in names:
            rest = [n for n in names if n != h]
            best = max(SINGLE[src], key=lambda k: (min(out["single"][src][n][k] for n in rest),
                                                   np.mean([out["single"][src][n][k] for n in rest])))
            pick[h] = best
        results[(src, "single")] = {h: (out["single"][src][h][pick[h]], pick[h]) for h in names}
        # (b) monotone logistic on oriented features of the primary estimate family
        for fs, keys in FEATURE_SETS.items():
            res = {}
            for h in names:
                rest = [n for n in names if n != h]
                X = np.vstack([np.column_stack([oriented(packs[n], src, PRIMARY[src])[k] for k in keys]) for n in rest])
                y = np.concatenate([stale(packs[n]) for n in rest])
                w, b = fit_monotone_logistic(X, y)
                Xh = np.column_stack([oriented(packs[h], src, PRIMARY[src])[k] for k in keys])
                risk = Xh @ w + b
                res[h] = (auroc(risk, stale(packs[h])), dict(zip(keys, np.round(w, 4))), risk)
            results[(src, f"logistic[{fs}]")] = res
    for src in ("eval", "calibration"):
        print(f"### rows: {src} (primary estimate: {PRIMARY[src]})\n")
        models = [m for (s, m) in results if s == src]
        print("| pack | weak | " + " | ".join(models) + " |")
        print("|---|---|" + "---|" * len(models))
        for h in names:
            print(f"| {h} | {tier(packs[h])} | " + " | ".join(fmt(results[(src, m)][h][0]) for m in models) + " |")
        for grp, sel in (("mean", lambda p: True), ("worst", lambda p: True), ("worst strong+moderate", lambda p: not is_weak(p)), ("worst weak", is_weak)):
            vals = [[results[(src, m)][h][0] for h in names if sel(packs[h])] for m in models]
            agg = np.mean if grp == "mean" else np.min
            print(f"| **{grp}** | | " + " | ".join(fmt(agg(v)) if v else "-" for v in vals) + " |")
        print()
        print("single score picked per held-out pack: " + ", ".join(f"{h}: `{results[(src, 'single')][h][1]}`" for h in names) + "\n")
        for m in models:
            if m.startswith("logistic"):
                ws = [results[(src, m)][h][1] for h in names]
                keys = list(ws[0])
                print(f"{m} weights (min..max over folds, per unit of the oriented feature): " + ", ".join(
                    f"{k} {min(w[k] for w in ws):.3g}..{max(w[k] for w in ws):.3g}" for k in keys) + "\n")
    out["lopo"] = {f"{s}|{m}": {h: r[0] for h, r in res.items()} for (s, m), res in results.items()}

    print("## 5. 30% revalidation budget per variant, spent by risk (held-out pack's risk from the LOPO fit)\n")
    print("hits / min(stale, budget) summed over the pack's variants (worst single variant in brackets)\n")
    print("| pack | eval: single | eval: logistic[score+drift] | calib: single | calib: logistic[score+drift] |")
    print("|---|---|---|---|---|")
    for h in names:
        cells = []
        for src in ("eval", "calibration"):
            single_key = results[(src, "single")][h][1]
            for risk in (col(packs[h], src, single_key), results[(src, "logistic[score+drift]")][h][2]):
                hits, want, worst = budget_check(packs[h], np.nan_to_num(risk, nan=0.0))
                cells.append(f"{hits}/{want} = {hits / max(want, 1):.2f} ({worst:.2f})")
        print(f"| {h} | " + " | ".join(cells) + " |")
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", default=FEATURES)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    packs = load(args.features)
    out = {}
    desc = []
    for n, p in packs.items():
        mean_auroc = np.mean([m["base_eval_auroc"] for m in p["monitors"]])
        desc.append(f"{n} ({'weak' if is_weak(p) else 'strong'}, mean base AUROC {mean_auroc:.3f})")
    print("packs: " + ", ".join(desc) + "\n")
    section_single(packs, out)
    section_intervals(packs, out)
    section_signs(packs, out)
    section_lopo(packs, out)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1, default=float)


if __name__ == "__main__":
    main()
