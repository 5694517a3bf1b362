"""Which label-free repairs transfer across models, and which selection rule picks them (issue 14).

    /usr/bin/python3 scripts/research/repair_select.py [--features DIR]

Reads <pack>.repair.json (repair_eval.py). Per pack: stale cells, repair-relevant cells (stale, AUROC drop
under its tolerance: only the operating point moved), cells each single method repairs, fresh cells each
method breaks, and what label-free selection rules repair and break. A rule picks one method per cell from
held-out statistics only (no labels); its outcome is that method's labeled outcome. Rule settings are
chosen leave-one-pack-out: for each held-out pack, the setting with the best result on the other packs.

Rules (lower is better; candidates within `margin` of the best go to the simplest, realign.METHODS order):
  flip        share of held-out rows whose decision differs from the base model's
  directional max(miss / 0.10, false_on / 0.05): base-flagged rows that stop firing and base-quiet rows
              that start, each over its tolerance
  cbpe        max(est TPR drop / 0.10, est FPR rise / 0.05, est AUROC drop / 0.03), soft labels sigmoid(z_b)
"""
from __future__ import annotations

import argparse
import glob
import itertools
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from packlib import FEATURES  # noqa: E402
from realign import METHODS  # noqa: E402

RULES = {
    "flip": lambda s: s["flip"],
    "directional": lambda s: max(s["miss"] / 0.10, s["false_on"] / 0.05),
    "cbpe": lambda s: max(s["cbpe_tpr_drop"] / 0.10, s["cbpe_fpr_rise"] / 0.05, (s["cbpe_auroc_drop"] or 0.0) / 0.03),
}
MARGINS = (0.0, 0.05, 0.1, 0.25, 0.5)
CANDIDATE_SETS = {
    "all": METHODS,
    "all-no-identity": tuple(m for m in METHODS if m != "identity"),
    "moment-matching (today)": ("identity", "mean_shift", "standardize", "coral", "procrustes"),
    "paired": ("identity", "mean_shift", "probe_space", "ridge_affine"),
    "paired-no-identity": ("mean_shift", "probe_space", "ridge_affine"),
}


def load(dirpath):
    out = {}
    for f in sorted(glob.glob(os.path.join(dirpath, "*.repair.json"))):
        d = json.load(open(f))
        out[d["pack"]] = d
    return out


def pick(cell, regime, rule, margin, cands):
    ms = cell["regimes"][regime]
    scores = [(RULES[rule](ms[m]["heldout"]), i, m) for i, m in enumerate(cands) if m in ms]
    best = min(s for s, _, _ in scores)
    return min((i, m) for s, i, m in scores if s <= best + margin)[1]


def outcome(pack, regime, choose):
    """(repaired stale, repaired relevant, broken fresh) when choose(cell) picks the method of every cell."""
    rep = rel = brk = 0
    for c in pack["cells"]:
        after = c["regimes"][regime][choose(c)]["after"]["stale"]
        if c["stale"] and not after:
            rep += 1
            rel += c["repair_relevant"]
        if not c["stale"] and after:
            brk += 1
    return rep, rel, brk


def utility(res):
    rep, rel, brk = res
    return rep - 3 * brk  # a broken fresh monitor costs more than a repair gains


def report_regime(packs, regime):
    names = list(packs)
    first = packs[names[0]]
    methods = first["regimes"][regime]["methods"]
    print(f"# Regime `{regime}`: {first['regimes'][regime]['description']}\n")
    print("## Single methods applied to every cell\n")
    print("cells: `repaired stale (of them repair-relevant) / broken fresh`\n")
    print("| pack | stale | relevant | " + " | ".join(methods[1:]) + " |")
    print("|---|---|---|" + "---|" * (len(methods) - 1))
    best_single = {}
    for n, p in packs.items():
        st = sum(c["stale"] for c in p["cells"])
        rv = sum(c["repair_relevant"] for c in p["cells"])
        row = []
        best = 0
        for m in methods[1:]:
            rep, rel, brk = outcome(p, regime, lambda c, m=m: m)
            best = max(best, rep)
            row.append(f"{rep} ({rel}) / {brk}")
        best_single[n] = best
        print(f"| {n} | {st} | {rv} | " + " | ".join(row) + " |")
    print()
    if regime == "calibration":
        print("strengths chosen on the held-out half (cells per value):\n")
        for n, p in packs.items():
            parts = []
            for m, key in (("ridge_affine", "alpha"), ("lowrank_affine", "rank"), ("probe_space", "alpha")):
                vals, cnt = np.unique([c["regimes"][regime][m]["info"].get(key) for c in p["cells"]], return_counts=True)
                parts.append(f"{m} {key} " + ", ".join(f"{v:g}: {k}" for v, k in zip(vals, cnt)))
            print(f"- {n}: " + "; ".join(parts))
        print()

    settings = [s for s in itertools.product(RULES, MARGINS, CANDIDATE_SETS)
                if all(m in methods for m in CANDIDATE_SETS[s[2]])]
    table = {s: {n: outcome(p, regime, lambda c, s=s: pick(c, regime, s[0], s[1], CANDIDATE_SETS[s[2]]))
                 for n, p in packs.items()} for s in settings}
    print("## Selection rules (repaired stale / broken fresh; margins 0, 0.1 and 0.5 shown)\n")
    print("| rule | margin | candidates | " + " | ".join(names) + " | packs >= best single with no break |")
    print("|---|---|---|" + "---|" * len(names) + "---|")
    for s in settings:
        r = table[s]
        ok = sum(r[n][0] >= best_single[n] and r[n][2] == 0 for n in names)
        if s[1] in (0.0, 0.1, 0.5):
            print(f"| {s[0]} | {s[1]} | {s[2]} | " + " | ".join(f"{r[n][0]}/{r[n][2]}" for n in names) + f" | {ok}/{len(names)} |")
    print()
    print("## Leave-one-pack-out choice of the rule setting\n")
    print("| held-out pack | setting chosen on the other packs | stale | relevant | best single (hindsight) | auto repaired | auto relevant | auto broke |")
    print("|---|---|---|---|---|---|---|---|")
    summary = {}
    for h in names:
        rest = [n for n in names if n != h]

        def key(s):
            r = table[s]
            return (sum(r[n][0] >= best_single[n] and r[n][2] == 0 for n in rest), sum(utility(r[n]) for n in rest),
                    -settings.index(s))
        s = max(settings, key=key)
        p = packs[h]
        rep, rel, brk = table[s][h]
        summary[h] = (s, rep, rel, brk, best_single[h])
        print(f"| {h} | {s[0]}, margin {s[1]}, {s[2]} | {sum(c['stale'] for c in p['cells'])} | "
              f"{sum(c['repair_relevant'] for c in p['cells'])} | {best_single[h]} | {rep} | {rel} | {brk} |")
    print()
    return summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", default=FEATURES)
    args = ap.parse_args()
    packs = load(args.features)
    regimes = list(next(iter(packs.values()))["regimes"])
    for regime in regimes:
        report_regime(packs, regime)


if __name__ == "__main__":
    main()
