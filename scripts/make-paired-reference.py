#!/usr/bin/python3
"""Writes test/fixtures/paired-reference.json: Newcombe's interval for the paired change of a rate,
computed here independently of src/core/metrics/paired.ts, for fixed 2x2 tables and for the small
gate scenarios test/significance.test.ts runs through real ONNX probes, so the tests can check the
TypeScript without Python in CI.

Run with Debian's Python and numpy (apt-get install python3-numpy):

    /usr/bin/python3 scripts/make-paired-reference.py

Source of the method: R. G. Newcombe (1998), "Improved confidence intervals for the difference
between binomial proportions based on paired data", Statistics in Medicine 17:2635-2650, method 10
(the hybrid score interval without continuity correction): with a = flagged on both sides,
b = updated only, c = base only, d = neither, the change is (b - c)/n; [l1, u1] and [l2, u2] are the
Wilson score limits of p1 = (a+b)/n and p2 = (a+c)/n; phi = (ad - bc)/sqrt((a+b)(c+d)(a+c)(b+d)),
0 when a margin is 0; lower = change - sqrt(dl1^2 - 2 phi dl1 du2 + du2^2), upper = change +
sqrt(du1^2 - 2 phi du1 dl2 + dl2^2).

How this differs from the TypeScript: the Wilson limits are the roots of the score equation
(p_hat - p)^2 = z^2 p (1 - p) / n, found with numpy.roots, not the closed form; z comes from
statistics.NormalDist; the change is read off a per-row simulation of flags where the gate
scenarios are concerned; AUROC and the DeLong interval use the O(m n) psi kernel of DeLong et al.
(1988), not the midrank algorithm.

Check against a published value: Fagerland, Lydersen & Laake's "Newcombe square-and-add" interval for
the Cavo et al. (2012) table [[59, 6], [16, 80]] is -0.0621 (-0.1186 to -0.0046) (Statistical
Analysis of Contingency Tables, 2017, chapter 8; reproduced by the R package contingencytables'
tests). That variant shrinks phi's numerator by n/2 (a continuity correction); the script computes
it with the same Wilson-limit and square-and-add code and asserts the published digits, which checks
everything but the phi variant. The fixture holds method 10 proper (no correction of phi).
"""

import os
import platform
from statistics import NormalDist

import numpy as np

from fixture_json import write_fixture

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "paired-reference.json")
Z = NormalDist().inv_cdf(0.975)
EPSILON = 1e-9
TOLERANCE = {"auroc_drop": 0.03, "tpr_drop": 0.1, "fpr_rise": 0.05}
THRESHOLD = 0.5


def wilson_roots(x, n):
    """Both roots of (x/n - p)^2 = Z^2 p (1 - p) / n, as p^2 (1 + Z^2/n) - p (2 x/n + Z^2/n) + (x/n)^2 = 0."""
    if n == 0:
        return 0.0, 1.0
    phat = x / n
    roots = np.roots([1 + Z * Z / n, -(2 * phat + Z * Z / n), phat * phat])
    roots = np.sort(np.real(roots))
    return float(min(max(roots[0], 0.0), 1.0)), float(min(max(roots[1], 0.0), 1.0))


def square_and_add(a, b, c, d, phi_numerator):
    n = a + b + c + d
    p1 = (a + b) / n
    p2 = (a + c) / n
    change = (b - c) / n
    l1, u1 = wilson_roots(a + b, n)
    l2, u2 = wilson_roots(a + c, n)
    margins = float(a + b) * (c + d) * (a + c) * (b + d)
    phi = 0.0 if margins == 0 else phi_numerator(a, b, c, d, n) / np.sqrt(margins)
    lower = change - np.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    upper = change + np.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return change, [float(max(-1.0, lower)), float(min(1.0, upper))]


def newcombe10(a, b, c, d):
    """Method 10; an empty table is change 0 with the interval [-1, 1] (nothing is known)."""
    if a + b + c + d == 0:
        return 0.0, [-1.0, 1.0]
    return square_and_add(a, b, c, d, lambda a, b, c, d, n: a * d - b * c)


def corrected_phi(a, b, c, d, n):
    k = a * d - b * c
    return k - n / 2 if k > n / 2 else (0 if k >= 0 else k)


# The published check of the shared machinery (see the module docstring).
# contingencytables' rows are the first classification: p1 = (59 + 6)/161, p2 = (59 + 16)/161, so b = 6, c = 16
_cavo = square_and_add(59, 6, 16, 80, corrected_phi)
assert [round(_cavo[0], 4), round(_cavo[1][0], 4), round(_cavo[1][1], 4)] == [-0.0621, -0.1186, -0.0046], _cavo


def table_case(name, both, updated_only, base_only, neither, why):
    value, ci = newcombe10(both, updated_only, base_only, neither)
    return {"name": name, "why": why, "table": {"both": both, "updated_only": updated_only, "base_only": base_only, "neither": neither}, "value": value, "ci95": ci}


TABLES = [
    table_case("cavo-2012", 59, 6, 16, 80, "the published example above, method 10 proper"),
    table_case("bentur-2009", 1, 1, 7, 12, "small table with a large change (Fagerland et al. 2014)"),
    table_case("altman-6.2", 14, 5, 0, 22, "Statistics with Confidence, table 6.2"),
    table_case("diffdepprop-example", 10, 15, 5, 20, "the R package diffdepprop's example"),
    table_case("large", 4000, 90, 150, 5760, "ten thousand rows, a small drop"),
    table_case("negative-phi", 3, 9, 8, 1, "ad < bc: negative correlation"),
    table_case("no-discordant", 7, 0, 0, 5, "nothing changed"),
    table_case("no-discordant-all-flagged", 12, 0, 0, 0, "every row flagged on both sides (a margin is 0)"),
    table_case("no-discordant-none-flagged", 0, 0, 0, 12, "no row flagged on either side (a margin is 0)"),
    table_case("all-discordant-both-ways", 0, 6, 6, 0, "every row changed, half each way (phi = -1)"),
    table_case("all-discordant-lost", 0, 0, 12, 0, "every row lost its flag"),
    table_case("all-discordant-gained", 0, 12, 0, 0, "every row gained a flag"),
    table_case("n1-both", 1, 0, 0, 0, "one row, flagged on both sides"),
    table_case("n1-lost", 0, 0, 1, 0, "one row, flagged on the base side only"),
    table_case("n1-gained", 0, 1, 0, 0, "one row, flagged on the updated side only"),
    table_case("n1-neither", 0, 0, 0, 1, "one row, never flagged"),
    table_case("empty", 0, 0, 0, 0, "no row of the class (zero positives)"),
]


# ---------- gate scenarios: one-feature activations x, a logit probe x -> x, flagged when x > 0 ----------


def scenario(name, why, pos_base, pos_updated, neg_base, neg_updated):
    x_base = list(pos_base) + list(neg_base)
    x_updated = list(pos_updated) + list(neg_updated)
    labels = [1] * len(pos_base) + [0] * len(neg_base)
    return {"id": name, "why": why, "x_base": [round(v, 4) for v in x_base], "x_updated": [round(v, 4) for v in x_updated], "labels": labels}


def build_scenarios():
    out = []
    # TPR 10/12 -> 7/12 on twelve positives: past the 0.1 tolerance, but three rows.
    pos_b = [1.0 + 0.1 * i for i in range(10)] + [-0.5, -0.6]
    pos_u = [-0.2, -0.25, -0.3] + pos_b[3:]
    neg = [-3.0 - 0.1 * j for j in range(12)]
    out.append(scenario("tpr-few", "TPR 0.833 -> 0.583 on 12 positives (3 rows lost their flag)", pos_b, pos_u, neg, neg))
    # TPR 0.9 -> 0.5 on 200 positives: 80 rows, clearly past the tolerance.
    pos_b = [1.0 + 0.01 * i for i in range(180)] + [-0.5 - 0.01 * i for i in range(20)]
    pos_u = [-0.205 - 0.01 * i for i in range(80)] + pos_b[80:]
    neg = [-3.0 - 0.01 * j for j in range(200)]
    out.append(scenario("tpr-many", "TPR 0.900 -> 0.500 on 200 positives (80 rows lost their flag)", pos_b, pos_u, neg, neg))
    # FPR 0 -> 2/12 on twelve negatives.
    pos = [3.0 + 0.1 * i for i in range(12)]
    neg_b = [-1.0 - 0.1 * j for j in range(12)]
    neg_u = [0.5, 0.6] + neg_b[2:]
    out.append(scenario("fpr-few", "FPR 0.000 -> 0.167 on 12 negatives (2 rows gained a flag)", pos, pos, neg_b, neg_u))
    # AUROC 1 -> 1 - 5/144: one positive falls below the five flagged negatives, still flagged.
    pos_b = [2.0 + 0.1 * i for i in range(12)]
    pos_u = [0.3] + pos_b[1:]
    neg = [0.5 + 0.1 * j for j in range(5)] + [-1.0 - 0.1 * j for j in range(7)]
    out.append(scenario("auroc-few", "AUROC 1.000 -> 0.965 on 12 + 12 rows (one positive moved below five negatives)", pos_b, pos_u, neg, neg))
    return out


def auroc_and_components(scores, labels):
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    return psi.mean(), psi.mean(axis=1), psi.mean(axis=0)


def delong_ci(base, updated, labels):
    a_b, v10_b, v01_b = auroc_and_components(base, labels)
    a_u, v10_u, v01_u = auroc_and_components(updated, labels)
    m, n = len(v10_b), len(v01_b)
    s10 = np.cov(np.vstack([v10_u, v10_b]), ddof=1)
    s01 = np.cov(np.vstack([v01_u, v01_b]), ddof=1)
    contrast = np.array([1.0, -1.0])
    var = contrast @ (s10 / m + s01 / n) @ contrast
    diff = a_u - a_b
    se = np.sqrt(var) if var > 0 else 0.0
    return float(a_b), float(a_u), [float(diff - Z * se), float(diff + Z * se)]


def table_of(flag_base, flag_updated):
    return {
        "both": int(np.sum(flag_base & flag_updated)),
        "updated_only": int(np.sum(~flag_base & flag_updated)),
        "base_only": int(np.sum(flag_base & ~flag_updated)),
        "neither": int(np.sum(~flag_base & ~flag_updated)),
    }


def expected(s):
    xb = np.array(s["x_base"], dtype=np.float64)
    xu = np.array(s["x_updated"], dtype=np.float64)
    y = np.array(s["labels"])
    fb = xb > 0  # sigmoid(x) > 0.5
    fu = xu > 0
    tpr_table = table_of(fb[y == 1], fu[y == 1])
    fpr_table = table_of(fb[y == 0], fu[y == 0])
    tpr_value, tpr_ci = newcombe10(tpr_table["both"], tpr_table["updated_only"], tpr_table["base_only"], tpr_table["neither"])
    fpr_value, fpr_ci = newcombe10(fpr_table["both"], fpr_table["updated_only"], fpr_table["base_only"], fpr_table["neither"])
    auroc_b, auroc_u, delong = delong_ci(xb, xu, y)
    tpr_b, tpr_u = fb[y == 1].mean(), fu[y == 1].mean()
    fpr_b, fpr_u = fb[y == 0].mean(), fu[y == 0].mean()
    crossed = {
        "auroc": auroc_b - auroc_u >= TOLERANCE["auroc_drop"] - EPSILON,
        "tpr": tpr_b - tpr_u >= TOLERANCE["tpr_drop"] - EPSILON,
        "fpr": fpr_u - fpr_b >= TOLERANCE["fpr_rise"] - EPSILON,
    }
    cleared = {
        "auroc": delong[1] <= -TOLERANCE["auroc_drop"] + EPSILON,
        "tpr": tpr_ci[1] <= -TOLERANCE["tpr_drop"] + EPSILON,
        "fpr": fpr_ci[0] >= TOLERANCE["fpr_rise"] - EPSILON,
    }
    return {
        "auroc": [auroc_b, auroc_u],
        "tpr": [float(tpr_b), float(tpr_u)],
        "fpr": [float(fpr_b), float(fpr_u)],
        "delong_ci95": delong,
        "tpr_change": {"value": tpr_value, "ci95": tpr_ci, "n": int(np.sum(y == 1)), **{k: tpr_table[k] for k in ("both", "base_only", "updated_only")}},
        "fpr_change": {"value": fpr_value, "ci95": fpr_ci, "n": int(np.sum(y == 0)), **{k: fpr_table[k] for k in ("both", "base_only", "updated_only")}},
        "crossed": [k for k in ("auroc", "tpr", "fpr") if crossed[k]],
        "not_significant": [k for k in ("auroc", "tpr", "fpr") if crossed[k] and not cleared[k]],
        "verdict": "stale" if any(crossed.values()) else "fresh",
        "verdict_requiring_significance": "stale" if any(crossed[k] and cleared[k] for k in crossed) else "fresh",
    }


def main():
    scenarios = build_scenarios()
    for s in scenarios:
        s["expected"] = expected(s)
    write_fixture(
        OUT,
        {
            "generator": "scripts/make-paired-reference.py",
            "source": "Newcombe (1998) Statistics in Medicine 17:2635-2650, method 10 (hybrid score interval, no continuity correction); Wilson limits as numpy.roots of the score equation; DeLong et al. (1988) psi kernel; see the script's docstring",
            "published_check": {"table": "Cavo et al. 2012 [[59, 6], [16, 80]], Newcombe square-and-add with the n/2 correction of phi", "published": [-0.0621, -0.1186, -0.0046], "computed": [_cavo[0], *_cavo[1]]},
            "versions": {"python": platform.python_version(), "numpy": np.__version__},
            "z": Z,
            "tables": TABLES,
            "gate": {"threshold": THRESHOLD, "tolerance": TOLERANCE, "scenarios": scenarios},
        },
        allow_nan=False,
    )
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
