"""Label-free realignment maps for a frozen probe, fitted on paired unlabeled rows (issue 14 reference).

Every method takes base rows Xb and updated rows Xu (row i of both = the same input through the two
models) and the frozen probe, and returns a Repair whose .logit(X_updated) is the repaired probe's logit.
Maps are row-vector affine maps x' = (x - mu_u) A + mu_b (+ extras), so a linear probe folds them in.

  identity       no change (the unrepaired probe)
  mean_shift     x - mu_u + mu_b
  standardize    (x - mu_u) / sd_u * sd_b + mu_b                          per dimension, eps 1e-6
  coral          (x - mu_u) Cu^-1/2 Cb^1/2 + mu_b,  C = 0.9 cov + 0.1 tr(cov)/D I
  procrustes     (x - mu_u) R + mu_b,  R = polar factor of (Xu_c^T Xb_c / n + rho I), rho = 1e-3 ||M||_F / sqrt D
  ridge_affine   x + (x - mu_u) B + mu_b - mu_u,  B = argmin ||Xu_c B - (Xb_c - Xu_c)||^2 + lam ||B||^2
                 (ridge toward the identity map), lam = alpha * tr(Xu_c^T Xu_c) / D, alpha from RIDGE_GRID
                 chosen on a held-out half of the given rows by activation MSE, then refitted on all rows
  ridge_affine_probe   the same map, alpha chosen by held-out MSE of the probe's first-layer pre-activations
  lowrank_affine the ridge map truncated to rank k (reduced-rank ridge: top-k right singular vectors of the
                 fitted change), (alpha, k) chosen on the held-out half by activation MSE
  probe_space    refit only what the probe reads: the first layer's pre-activations H_b = Xb W1^T + b1
                 (for a linear probe, the logit) regressed on Xu with ridge toward the frozen W1:
                 W1' = W1 + B, B = argmin ||Xu_c B^T - (H_b - Xu W1^T)_c||^2 + lam ||B||^2; alpha chosen on
                 the held-out half by pre-activation MSE. Later layers are kept.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from packlib import Probe

RIDGE_GRID = (10.0, 1.0, 1e-1, 1e-2, 1e-3, 1e-4)  # strong to weak: ties go to the stronger
RANK_GRID = (1, 2, 4, 8, 16, 32, 64)
CORAL_SHRINK = 0.1
PROCRUSTES_PULL = 1e-3
SPLIT_SEED = 0x6d67
# simplest first: ties go to the earlier method
METHODS = ("identity", "mean_shift", "standardize", "probe_space", "procrustes", "coral", "lowrank_affine",
           "ridge_affine", "ridge_affine_probe")


@dataclass
class Repair:
    method: str
    probe: Probe
    A: np.ndarray | None = None  # D x D (row convention), None = identity / diagonal
    scale: np.ndarray | None = None
    mu_u: np.ndarray | None = None
    mu_b: np.ndarray | None = None
    W1: np.ndarray | None = None  # replaced first layer (probe_space)
    b1: np.ndarray | None = None
    info: dict | None = None

    def transform(self, X: np.ndarray) -> np.ndarray:
        if self.method in ("identity", "probe_space"):
            return X
        Xc = X - self.mu_u
        if self.A is not None:
            Xc = Xc @ self.A
        elif self.scale is not None:
            Xc = Xc * self.scale
        return Xc + self.mu_b

    def logit(self, X: np.ndarray) -> np.ndarray:
        if self.method == "probe_space":
            return self.probe.logit_from_pre(np.asarray(X) @ self.W1.T + self.b1)
        return self.probe.logit(self.transform(X))


def halves(n: int, seed: int = SPLIT_SEED) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    k = (n + 1) // 2
    return np.sort(order[:k]), np.sort(order[k:])


def _wmean(X, w):
    return X.mean(0) if w is None else (w[:, None] * X).sum(0) / w.sum()


def _sym_pow(C, p):
    w, V = np.linalg.eigh(C)
    w = np.clip(w, 1e-8, None)
    return (V * w ** p) @ V.T


def _shrunk_cov(X, m, w=None):
    D = X.shape[1]
    Xc = X - m
    C = Xc.T @ Xc / len(X) if w is None else (Xc * (w / w.sum())[:, None]).T @ Xc
    return (1 - CORAL_SHRINK) * C + CORAL_SHRINK * (np.trace(C) / D) * np.eye(D)


def _ridge_solver(Xc: np.ndarray):
    """Solves (Xc^T Xc + lam I) B = Xc^T T for many lam from one eigendecomposition."""
    G = Xc.T @ Xc
    w, V = np.linalg.eigh(G)
    w = np.clip(w, 0, None)
    scale = np.trace(G) / G.shape[0]

    def solve(T: np.ndarray, alpha: float) -> np.ndarray:
        lam = alpha * scale + 1e-12
        return V @ ((V.T @ (Xc.T @ T)) / (w + lam)[:, None])

    return solve


def _fit_ridge_map(Xb, Xu, alpha, w=None):
    mu_b, mu_u = _wmean(Xb, w), _wmean(Xu, w)
    Xc, Yc = Xu - mu_u, Xb - mu_b
    if w is not None:  # weighted least squares: rows scaled by sqrt(w / mean w)
        r = np.sqrt(w / w.mean())[:, None]
        Xc, Yc = Xc * r, Yc * r
    B = _ridge_solver(Xc)(Yc - Xc, alpha)
    return mu_b, mu_u, B


def _wmse(err, w):
    e = (err ** 2).mean(1) if err.ndim == 2 else err ** 2
    return float(e.mean() if w is None else (w * e).sum() / w.sum())


def _choose(n, fit_eval, grid):
    """fit_eval(train_idx, test_idx, g) -> held-out loss; returns the grid entry with the lowest loss
    (ties to the earlier entry)."""
    tr, te = halves(n, SPLIT_SEED + 1)
    losses = [fit_eval(tr, te, g) for g in grid]
    return grid[int(np.argmin(losses))], losses


def fit(method: str, Xb: np.ndarray, Xu: np.ndarray, probe: Probe, w: np.ndarray | None = None) -> Repair:
    """w: optional per-row weights (e.g. importance weights toward the monitor's own domain); every
    statistic, least-squares fit and held-out loss is weighted by them."""
    D = Xb.shape[1]
    mu_b, mu_u = _wmean(Xb, w), _wmean(Xu, w)
    wt = (lambda idx: None) if w is None else (lambda idx: w[idx])
    if method == "identity":
        return Repair(method, probe)
    if method == "mean_shift":
        return Repair(method, probe, mu_u=mu_u, mu_b=mu_b)
    if method == "standardize":
        sd = lambda X, m: np.sqrt(_wmean((X - m) ** 2, w))
        return Repair(method, probe, scale=(sd(Xb, mu_b) + 1e-6) / (sd(Xu, mu_u) + 1e-6), mu_u=mu_u, mu_b=mu_b)
    if method == "coral":
        A = _sym_pow(_shrunk_cov(Xu, mu_u, w), -0.5) @ _sym_pow(_shrunk_cov(Xb, mu_b, w), 0.5)
        return Repair(method, probe, A=A, mu_u=mu_u, mu_b=mu_b)
    if method == "procrustes":
        ww = np.full(len(Xb), 1.0 / len(Xb)) if w is None else w / w.sum()
        M = ((Xu - mu_u) * ww[:, None]).T @ (Xb - mu_b)
        M = M + PROCRUSTES_PULL * np.linalg.norm(M) / math.sqrt(D) * np.eye(D)
        U, _, Vt = np.linalg.svd(M)
        return Repair(method, probe, A=U @ Vt, mu_u=mu_u, mu_b=mu_b)
    if method in ("ridge_affine", "ridge_affine_probe"):
        by_probe = method == "ridge_affine_probe"

        def loss(tr, te, alpha):
            mb, mu, B = _fit_ridge_map(Xb[tr], Xu[tr], alpha, wt(tr))
            pred = Xu[te] + (Xu[te] - mu) @ B + mb - mu
            if by_probe:
                return _wmse(probe.pre(pred) - probe.pre(Xb[te]), wt(te))
            return _wmse(pred - Xb[te], wt(te))

        alpha, losses = _choose(len(Xb), loss, RIDGE_GRID)
        mb, mu, B = _fit_ridge_map(Xb, Xu, alpha, w)
        return Repair(method, probe, A=np.eye(D) + B, mu_u=mu, mu_b=mb, info={"alpha": alpha})
    if method == "lowrank_affine":
        ranks = [k for k in RANK_GRID if k < D]
        grid = [(a, k) for a in RIDGE_GRID for k in ranks]

        def lowrank(Xb_, Xu_, alpha, k, w_=None):
            mb, mu, B = _fit_ridge_map(Xb_, Xu_, alpha, w_)
            F = (Xu_ - mu) @ B
            if w_ is not None:
                F = F * np.sqrt(w_ / w_.mean())[:, None]
            _, _, Vt = np.linalg.svd(F, full_matrices=False)
            Vk = Vt[:k].T
            return mb, mu, B @ Vk @ Vk.T

        def loss(tr, te, g):
            mb, mu, B = lowrank(Xb[tr], Xu[tr], *g, wt(tr))
            return _wmse(Xu[te] + (Xu[te] - mu) @ B + mb - mu - Xb[te], wt(te))

        g, _ = _choose(len(Xb), loss, grid)
        mb, mu, B = lowrank(Xb, Xu, *g, w)
        return Repair(method, probe, A=np.eye(D) + B, mu_u=mu, mu_b=mb, info={"alpha": g[0], "rank": g[1]})
    if method == "probe_space":
        Hb = probe.pre(Xb)

        def fit_first(Xb_, Xu_, Hb_, alpha, w_=None):
            mu = _wmean(Xu_, w_)
            R = Hb_ - (Xu_ @ probe.W1.T + probe.b1)  # what the frozen first layer misses
            Rm = _wmean(R, w_)
            r = 1.0 if w_ is None else np.sqrt(w_ / w_.mean())[:, None]
            Bt = _ridge_solver((Xu_ - mu) * r)((R - Rm) * r, alpha)  # D x H
            W1 = probe.W1 + Bt.T
            b1 = probe.b1 + Rm - mu @ Bt
            return W1, b1

        def loss(tr, te, alpha):
            W1, b1 = fit_first(Xb[tr], Xu[tr], Hb[tr], alpha, wt(tr))
            return _wmse(Xu[te] @ W1.T + b1 - Hb[te], wt(te))

        alpha, _ = _choose(len(Xb), loss, RIDGE_GRID)
        W1, b1 = fit_first(Xb, Xu, Hb, alpha, w)
        return Repair(method, probe, W1=W1, b1=b1, info={"alpha": alpha})
    raise ValueError(method)
