#!/usr/bin/python3
"""Writes test/fixtures/logistic-reference.json: a few small seeded datasets and the L2-regularized
logistic regression scikit-learn fits to them, so test/predict-logistic.test.ts can check
src/core/predict/logistic.ts without Python in CI.

Run with Debian's scientific Python (apt-get install python3-sklearn python3-scipy python3-numpy):

    /usr/bin/python3 scripts/make-logistic-reference.py

Reference: sklearn.linear_model.LogisticRegression(penalty='l2', C=1/l2, fit_intercept=True,
solver='lbfgs', tol=1e-12, max_iter=10000) (penalty=None where l2 = 0) on features standardized
here the way logistic.ts documents it:
  - center = mean, scale = population std (ddof 0), both weighted by the sample weights and
    over the finite values only;
  - a feature whose finite values are all equal gets center = that value and scale 1;
  - a missing value (NaN; null in the JSON) standardizes to 0.
sklearn minimizes C * sum_i w_i logloss_i + ||w||^2 / 2, i.e. (1/l2) times our
sum_i w_i logloss_i + (l2/2) ||w||^2, so both have the same minimizer.

sklearn 1.2 passes only gtol (= tol) to scipy's L-BFGS-B, which then also stops on its default
relative-reduction test (ftol ~2.2e-9): on these datasets that leaves max |gradient| up to 4e-3 and
coefficients up to 2e-4 off the optimum, whatever tol says. So the lbfgs fit runs with ftol = 0
injected into that one scipy call, and tol = 1e-12 governs as intended. As a second, independent
check, sklearn's 'newton-cholesky' solver (tol 1e-12) is stored too where l2 > 0 (it cannot handle
the zero column of a constant feature without a penalty); the script asserts the two agree.
"""

import contextlib
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy import optimize
from sklearn.linear_model import LogisticRegression

from fixture_json import write_fixture

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "logistic-reference.json")


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def bernoulli(rng, logit):
    return (rng.random(len(logit)) < sigmoid(logit)).astype(np.uint8)


def make_datasets():
    datasets = []

    # 1. A known signal on features of very different scales and offsets.
    rng = np.random.default_rng(20240901)
    n = 200
    scales = np.array([1.0, 10.0, 0.01, 1000.0, 3.0])
    offsets = np.array([0.0, 50.0, -2.0, 1e4, 7.0])
    x = np.round(rng.normal(size=(n, 5)) * scales + offsets, 4)
    z = (x - offsets) / scales
    y = bernoulli(rng, 0.3 + 1.2 * z[:, 0] - 0.8 * z[:, 1] + 0.5 * z[:, 2] + 0.0 * z[:, 3] + 0.3 * z[:, 4])
    datasets.append(("signal", "200 x 5, known signal, feature scales 0.01..1000", 1.0, None, x, y))

    # 2. One feature constant (scale 1, coefficient 0), unpenalized: l2 = 0 on non-separable data.
    rng = np.random.default_rng(77)
    n = 150
    x = np.round(rng.normal(size=(n, 4)), 4)
    x[:, 2] = 0.1  # not exactly representable: its float mean is not 0.1
    y = bernoulli(rng, -0.5 + 0.9 * x[:, 0] + 0.4 * x[:, 1] - 0.6 * x[:, 3])
    datasets.append(("constant-feature-unpenalized", "150 x 4, feature 2 constant, l2 = 0", 0.0, None, x, y))

    # 3. The same with a penalty.
    datasets.append(("constant-feature", "150 x 4, feature 2 constant, l2 = 0.5", 0.5, None, x.copy(), y.copy()))

    # 4. Nearly separable: a wide margin with three labels flipped, a light penalty.
    rng = np.random.default_rng(4242)
    n = 120
    x = np.round(rng.normal(size=(n, 3)), 4)
    margin = 2.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5 * x[:, 2]
    y = (margin > 0).astype(np.uint8)
    flipped = np.argsort(np.abs(margin))[:3]
    y[flipped] = 1 - y[flipped]
    datasets.append(("nearly-separable", "120 x 3, linearly separable but for the 3 rows nearest the boundary; l2 = 0.05", 0.05, None, x, y))

    # 5. Perfectly separable: only the penalty keeps the coefficients finite.
    rng = np.random.default_rng(5150)
    n = 80
    x = np.round(rng.normal(size=(n, 2)), 4)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(np.uint8)
    datasets.append(("separable", "80 x 2, perfectly separable, l2 = 1", 1.0, None, x, y))

    # 6. Missing values (NaN) in three of six features, about 10% each; one row missing everything.
    rng = np.random.default_rng(31337)
    n = 300
    x = np.round(rng.normal(size=(n, 6)) * [1, 2, 1, 0.5, 1, 4], 4)
    y = bernoulli(rng, -0.2 + 0.8 * x[:, 0] - 0.5 * x[:, 1] + 0.7 * x[:, 3] + 0.2 * x[:, 5])
    for j in (1, 3, 5):
        x[rng.random(n) < 0.1, j] = np.nan
    x[17, :] = np.nan
    datasets.append(("missing-values", "300 x 6, ~10% NaN in features 1, 3, 5 and all of row 17; l2 = 2", 2.0, None, x, y))

    # 7. Sample weights, including zero weights on rows whose values would otherwise move the center.
    rng = np.random.default_rng(8080)
    n = 180
    x = np.round(rng.normal(size=(n, 4)) + [0, 1, 2, 3], 4)
    y = bernoulli(rng, 0.4 + 1.0 * x[:, 0] - 0.7 * (x[:, 1] - 1) + 0.3 * (x[:, 3] - 3))
    w = np.round(rng.uniform(0.2, 3.0, n), 3)
    w[:5] = 0.0
    x[:5, 0] = 100.0
    datasets.append(("weighted", "180 x 4 with sample weights in [0.2, 3], five zero-weight outlier rows; l2 = 1", 1.0, w, x, y))

    # 8. More features, the size the staleness predictor works at, with correlated columns.
    rng = np.random.default_rng(909)
    n, p = 600, 15
    base = rng.normal(size=(n, 5))
    mix = rng.normal(size=(5, p))
    x = np.round(base @ mix + 0.5 * rng.normal(size=(n, p)), 3)
    y = bernoulli(rng, base @ np.array([1.0, -0.5, 0.3, 0.0, 0.8]))
    datasets.append(("wide-correlated", "600 x 15 from 5 latent factors (correlated columns); l2 = 3", 3.0, None, x, y))

    return datasets


def standardize(x, w):
    n, p = x.shape
    center = np.zeros(p)
    scale = np.ones(p)
    z = np.zeros_like(x)
    for j in range(p):
        col = x[:, j]
        used = ~np.isnan(col) & (w > 0)
        if used.sum() == 0 or np.min(col[used]) == np.max(col[used]):
            center[j] = col[used][0] if used.sum() else 0.0
            scale[j] = 1.0
        else:
            center[j] = np.average(col[used], weights=w[used])
            scale[j] = np.sqrt(np.average((col[used] - center[j]) ** 2, weights=w[used]))
        z[:, j] = np.where(np.isnan(col), 0.0, (col - center[j]) / scale[j])
    return center, scale, z


@contextlib.contextmanager
def lbfgs_without_ftol():
    """Makes scipy's L-BFGS-B stop on gtol alone while sklearn calls it (see the module docstring)."""
    original = optimize.minimize

    def minimize(*args, **kwargs):
        if kwargs.get("method") == "L-BFGS-B":
            kwargs["options"] = dict(kwargs.get("options") or {}, ftol=0.0)
        return original(*args, **kwargs)

    optimize.minimize = minimize
    try:
        yield
    finally:
        optimize.minimize = original


def fit(z, y, w, l2, solver):
    penalty = {"penalty": None} if l2 == 0 else {"penalty": "l2", "C": 1.0 / l2}
    model = LogisticRegression(fit_intercept=True, solver=solver, tol=1e-12, max_iter=10000, **penalty)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning must not slip into the fixture
        if solver == "lbfgs":
            with lbfgs_without_ftol():
                model.fit(z, y, sample_weight=w)
        else:
            model.fit(z, y, sample_weight=w)
    return model


def gradient(z, y, w, l2, coef, intercept):
    """Gradient of sum_i w_i logloss_i + (l2/2) ||coef||^2: how far sklearn stopped from the optimum."""
    p = sigmoid(z @ coef + intercept)
    r = w * (p - y)
    return np.concatenate([[r.sum()], z.T @ r + l2 * coef])


def main():
    out = {
        "generator": "scripts/make-logistic-reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "datasets": [],
    }
    for name, description, l2, weights, x, y in make_datasets():
        n, p = x.shape
        w = np.ones(n) if weights is None else weights
        center, scale, z = standardize(x, w)
        model = fit(z, y, w, l2, "lbfgs")
        coef = model.coef_[0]
        intercept = float(model.intercept_[0])
        g = gradient(z, y, w, l2, coef, intercept)
        cholesky = None
        if l2 > 0:
            check = fit(z, y, w, l2, "newton-cholesky")
            cholesky = {"coefficients": [float(v) for v in check.coef_[0]], "intercept": float(check.intercept_[0])}
            gap = np.max(np.abs(np.concatenate([[intercept - check.intercept_[0]], coef - check.coef_[0]])))
            assert gap < 1e-6, f"{name}: lbfgs and newton-cholesky differ by {gap}"
        out["datasets"].append(
            {
                "name": name,
                "description": description,
                "l2": l2,
                "features": [f"f{j}" for j in range(p)],
                "rows": [[None if np.isnan(v) else float(v) for v in row] for row in x],
                "labels": [int(v) for v in y],
                "sample_weights": None if weights is None else [float(v) for v in weights],
                "reference": {
                    "center": [float(v) for v in center],
                    "scale": [float(v) for v in scale],
                    "coefficients": [float(v) for v in coef],
                    "intercept": intercept,
                    "probabilities": [float(v) for v in model.predict_proba(z)[:, 1]],
                    "max_abs_gradient": float(np.max(np.abs(g))),
                    "newton_cholesky": cholesky,
                },
            }
        )
        print(
            f"{name}: n={n} p={p} pos={int(y.sum())} l2={l2} lbfgs iterations={int(model.n_iter_[0])} "
            f"max|coef|={np.max(np.abs(coef)):.3f} max|gradient|={np.max(np.abs(g)):.2e}"
            + ("" if cholesky is None else f" |lbfgs - newton-cholesky|={gap:.1e}"),
            file=sys.stderr,
        )

    write_fixture(OUT, out, allow_nan=False)


if __name__ == "__main__":
    main()
