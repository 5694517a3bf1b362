/**
 * Paired-row realignments: least squares from the updated model's activations to the base model's,
 * on unlabeled rows that are the same inputs through both models (issue 14).
 *
 *   ridge-affine  x' = x + B^T (x - mu_u) + mu_b - mu_u,
 *                 B = argmin E|(x_b - mu_b) - (x_u - mu_u) - (x_u - mu_u) B|^2 + lam |B|^2
 *                 (ridge toward the identity map), strength chosen by held-out activation error.
 *   probe-space   only what the probe reads: the same regression with targets projected on the
 *                 probe's first-layer weights W (a linear probe's weight vector, an MLP's first layer),
 *                 strength chosen by held-out error of those pre-activations. The frozen probe's base
 *                 pre-activations are the teacher; W' = W + dW. Written as the rank-H map
 *                 A = I + W (W^T W)^-1 dW^T, so repaired(x) = original(A x + c) still holds.
 *
 * lam = alpha * tr(C_u) / D with alpha from RIDGE_GRID. Both regressions share one eigenbasis of the
 * updated covariance, so every strength costs O(k^2) once the projections are made: the held-out loss
 * E|e|^2 = |mean error|^2 + tr(Cov e) is assembled from the held-out half's moments, never its rows.
 *
 * Up to EXACT_MAX_WIDTH the basis is the full eigendecomposition. Wider, B is restricted to a
 * subspace: the top SUBSPACE_RANK principal directions of the updated rows (randomized subspace
 * iteration on onnxruntime) plus the span of W; the rank kept is chosen with the strength.
 */
import { mulberry32 } from '../random.ts';
import type { RepairMethod } from '../types.ts';
import type { AffineMap, FitContext, PairedStats } from './fit.ts';
import { LinalgError, allFinite, symmetricEigen, useExact } from './linalg.ts';

/** Strong to weak: equal held-out losses go to the stronger strength. */
export const RIDGE_GRID = [10, 1, 0.1, 0.01, 1e-3, 1e-4] as const;
/** Principal directions kept beyond EXACT_MAX_WIDTH. */
export const SUBSPACE_RANK = 256;
const RANK_GRID = [16, 32, 64, 128];
const POWER_STEPS = 2;
const BASIS_SEED = 0x7269;

export type RidgeMethod = Extract<RepairMethod, 'ridge-affine' | 'probe-space'>;
export const RIDGE_METHODS: readonly RidgeMethod[] = ['probe-space', 'ridge-affine'];
export const isRidgeMethod = (m: RepairMethod): m is RidgeMethod => (RIDGE_METHODS as readonly string[]).includes(m);

/** The probe's first-layer weights as used, x^T W: [D, H] row-major. */
export interface FirstLayer {
  weights: Float64Array;
  hidden: number;
}

/** Pooled moments of two disjoint row sets (Chan's merge). */
export function mergeStats(a: PairedStats, b: PairedStats): PairedStats {
  const D = a.width;
  const n = a.rows + b.rows;
  const fa = a.rows / n;
  const fb = b.rows / n;
  const w = fa * fb;
  const delta = (x: Float64Array, y: Float64Array) => y.map((v, i) => v - x[i]);
  const dB = delta(a.base.mean, b.base.mean);
  const dU = delta(a.updated.mean, b.updated.mean);
  const mean = (x: Float64Array, y: Float64Array) => x.map((v, i) => fa * v + fb * y[i]);
  const variance = (x: Float64Array, y: Float64Array, d: Float64Array) => x.map((v, i) => fa * v + fb * y[i] + w * d[i] * d[i]);
  const outer = (x: Float64Array | undefined, y: Float64Array | undefined, d1: Float64Array, d2: Float64Array) => {
    if (!x || !y) return undefined;
    const out = new Float64Array(D * D);
    for (let i = 0; i < D; i++) {
      const row = i * D;
      const di = w * d1[i];
      for (let j = 0; j < D; j++) out[row + j] = fa * x[row + j] + fb * y[row + j] + di * d2[j];
    }
    return out;
  };
  return {
    rows: n,
    width: D,
    base: { mean: mean(a.base.mean, b.base.mean), variance: variance(a.base.variance, b.base.variance, dB), covariance: outer(a.base.covariance, b.base.covariance, dB, dB) },
    updated: { mean: mean(a.updated.mean, b.updated.mean), variance: variance(a.updated.variance, b.updated.variance, dU), covariance: outer(a.updated.covariance, b.updated.covariance, dU, dU) },
    cross: outer(a.cross, b.cross, dU, dB),
  };
}

// ---------- dense helpers (row-major) ----------

/** X^T Y for X [n, p], Y [n, q]. */
function transposeTimes(x: Float64Array, y: Float64Array, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let r = 0; r < n; r++) {
    const xr = r * p;
    const yr = r * q;
    for (let i = 0; i < p; i++) {
      const v = x[xr + i];
      if (v === 0) continue;
      const o = i * q;
      for (let j = 0; j < q; j++) out[o + j] += v * y[yr + j];
    }
  }
  return out;
}

/** X Y for X [n, p], Y [p, q]. */
function times(x: Float64Array, y: Float64Array, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(n * q);
  for (let r = 0; r < n; r++) {
    const o = r * q;
    for (let i = 0; i < p; i++) {
      const v = x[r * p + i];
      if (v === 0) continue;
      const yr = i * q;
      for (let j = 0; j < q; j++) out[o + j] += v * y[yr + j];
    }
  }
  return out;
}

/** Columns of `cols` (each length D) made orthonormal by two passes of modified Gram-Schmidt; near-dependent ones dropped. */
function orthonormalColumns(cols: Float64Array[], D: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of cols) {
    const v = Float64Array.from(c);
    const before = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (!(before > 0)) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of out) {
        let dot = 0;
        for (let d = 0; d < D; d++) dot += v[d] * q[d];
        for (let d = 0; d < D; d++) v[d] -= dot * q[d];
      }
    }
    const after = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (!(after > 1e-8 * before)) continue;
    for (let d = 0; d < D; d++) v[d] /= after;
    out.push(v);
  }
  return out;
}

const toRowMajor = (cols: Float64Array[], D: number): Float64Array => {
  const k = cols.length;
  const out = new Float64Array(D * k);
  cols.forEach((c, j) => {
    for (let d = 0; d < D; d++) out[d * k + j] = c[d];
  });
  return out;
};

// ---------- the basis ----------

/** Orthonormal directions U [D, k] (row-major) with U^T C_u U = diag(values), values descending. */
interface Basis {
  k: number;
  vectors: Float64Array;
  values: Float64Array;
}

/** M U for a D x D matrix M and U [D, k]: onnxruntime when there is an engine of this width, else float64 loops. */
async function matrixTimes(m: Float64Array, u: Float64Array, D: number, k: number, ctx: FitContext, transpose = false): Promise<Float64Array> {
  if (ctx.engine && ctx.engine.width === D && D > 64) return ctx.engine.panel(Float32Array.from(m), u, k, transpose);
  if (transpose) return transposeTimes(m, u, D, D, k);
  return times(m, u, D, D, k);
}

/** Eigenbasis of the subspace's Rayleigh quotient of `cov` (or of all of R^D when `subspace` is undefined). */
async function eigenBasis(cov: Float64Array, D: number, subspace: Float64Array | undefined, k: number, ctx: FitContext): Promise<Basis> {
  let inner: Float64Array;
  if (!subspace) inner = cov;
  else {
    inner = transposeTimes(subspace, await matrixTimes(cov, subspace, D, k, ctx), D, k, k);
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) inner[i * k + j] = inner[j * k + i] = 0.5 * (inner[i * k + j] + inner[j * k + i]);
  }
  const { values, vectors } = symmetricEigen(inner, k);
  // descending order
  const order = Array.from({ length: k }, (_, i) => k - 1 - i);
  const v = new Float64Array(k * k);
  const vals = new Float64Array(k);
  order.forEach((src, dst) => {
    vals[dst] = Math.max(0, values[src]);
    for (let r = 0; r < k; r++) v[r * k + dst] = vectors[r * k + src];
  });
  return { k, vectors: subspace ? times(subspace, v, D, k, k) : v, values: vals };
}

/** Top principal directions of `cov` (randomized subspace iteration) together with the columns of W. */
async function principalSubspace(cov: Float64Array, D: number, first: FirstLayer | undefined, ctx: FitContext): Promise<{ vectors: Float64Array; k: number }> {
  const m = Math.min(SUBSPACE_RANK, D);
  const random = mulberry32(BASIS_SEED);
  let y: Float64Array = new Float64Array(D * m).map(() => random() - 0.5);
  for (let step = 0; step <= POWER_STEPS; step++) {
    y = await matrixTimes(cov, y, D, m, ctx);
    const cols = orthonormalColumns(columnsOf(y, D, m), D);
    y = toRowMajor(cols.length === m ? cols : padColumns(cols, D, m), D);
  }
  const cols = [...(first ? columnsOf(first.weights, D, first.hidden) : []), ...columnsOf(y, D, m)];
  const basis = orthonormalColumns(cols, D);
  return { vectors: toRowMajor(basis, D), k: basis.length };
}

function columnsOf(x: Float64Array, D: number, k: number): Float64Array[] {
  return Array.from({ length: k }, (_, j) => {
    const c = new Float64Array(D);
    for (let d = 0; d < D; d++) c[d] = x[d * k + j];
    return c;
  });
}

/** Fills a rank-deficient set up to m columns with coordinate directions (orthonormalized). */
function padColumns(cols: Float64Array[], D: number, m: number): Float64Array[] {
  const extra: Float64Array[] = [];
  for (let d = 0; d < D && cols.length + extra.length < m; d++) {
    const e = new Float64Array(D);
    e[d] = 1;
    extra.push(e);
  }
  return orthonormalColumns([...cols, ...extra], D).slice(0, m);
}

// ---------- the regressions ----------

/** Per-row moments the held-out loss needs, projected on a basis. */
interface Projected {
  /** U^T R P [k, h] with R = Cross - C_u (updated rows against the base-minus-updated gap). */
  fitTarget: Float64Array;
  heldTarget: Float64Array;
  /** U^T C_u(held) U [k, k]. */
  heldCov: Float64Array;
  /** (mu_u held - mu_u fit) U [k]. */
  meanShift: Float64Array;
  /** ((mu_b - mu_u) held - (mu_b - mu_u) fit) P [h]. */
  gapShift: Float64Array;
  h: number;
}

/** R = Cross - C_u: E[(x_u - mu_u)^T ((x_b - mu_b) - (x_u - mu_u))], rows = updated dimensions. */
function gapCovariance(stats: PairedStats): Float64Array {
  const cu = stats.updated.covariance!;
  return stats.cross!.map((v, i) => v - cu[i]);
}

/** R P for P = W [D, H] or the identity. */
function projectTarget(r: Float64Array, D: number, first: FirstLayer | undefined): Float64Array {
  return first ? times(r, first.weights, D, D, first.hidden) : r;
}

async function projectOnBasis(target: Float64Array, basis: Basis, D: number, h: number, ctx: FitContext): Promise<Float64Array> {
  // U^T T [k, h]; for the D x D activation target this is (T^T U)^T, one panel product
  if (h === D && basis.k < D) {
    const tu = await matrixTimes(target, basis.vectors, D, basis.k, ctx, true); // [D(h), k]
    const out = new Float64Array(basis.k * h);
    for (let j = 0; j < h; j++) for (let i = 0; i < basis.k; i++) out[i * h + j] = tu[j * basis.k + i];
    return out;
  }
  return transposeTimes(basis.vectors, target, D, basis.k, h);
}

/** The strength-independent products of the held-out loss: fitTarget fitTarget^T [k, k] and the row-wise fit . held sums [k]. */
function lossProducts(p: Projected, k: number): { pp: Float64Array; crossRows: Float64Array } {
  const h = p.h;
  const pp = new Float64Array(k * k);
  const crossRows = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const ri = i * h;
    let c = 0;
    for (let j = 0; j < h; j++) c += p.fitTarget[ri + j] * p.heldTarget[ri + j];
    crossRows[i] = c;
    for (let l = 0; l <= i; l++) {
      const rl = l * h;
      let acc = 0;
      for (let j = 0; j < h; j++) acc += p.fitTarget[ri + j] * p.fitTarget[rl + j];
      pp[i * k + l] = pp[l * k + i] = acc;
    }
  }
  return { pp, crossRows };
}

/** Held-out mean squared error (up to a constant) for one (strength, rank). */
function heldOutLoss(p: Projected, products: { pp: Float64Array; crossRows: Float64Array }, basis: Basis, lam: number, rank: number): number {
  const { k } = basis;
  const h = p.h;
  const r = Math.min(rank, k);
  const inv = new Float64Array(r);
  for (let i = 0; i < r; i++) inv[i] = 1 / (basis.values[i] + lam);
  // mean error: gapShift - sum_i meanShift_i inv_i fitTarget_i
  const mean = Float64Array.from(p.gapShift);
  for (let i = 0; i < r; i++) {
    const a = p.meanShift[i] * inv[i];
    if (a === 0) continue;
    const row = i * h;
    for (let j = 0; j < h; j++) mean[j] -= a * p.fitTarget[row + j];
  }
  let loss = 0;
  for (let j = 0; j < h; j++) loss += mean[j] * mean[j];
  // -2 tr(beta^T held target) + tr(beta^T heldCov beta), beta = diag(inv) fitTarget
  for (let i = 0; i < r; i++) loss -= 2 * inv[i] * products.crossRows[i];
  for (let i = 0; i < r; i++) for (let l = 0; l < r; l++) loss += p.heldCov[i * k + l] * products.pp[i * k + l] * inv[i] * inv[l];
  return loss;
}

export interface RidgeChoice {
  alpha: number;
  /** The number of eigen-directions of the updated covariance the map uses (D when exact). */
  rank: number;
}

export interface RidgeFit {
  /** Fitted on the fit half, for the held-out comparison of methods. */
  fitHalf: AffineMap;
  /** Refitted on every row with the same strength and rank. */
  all: AffineMap;
  choice: RidgeChoice;
}

function checkMoments(stats: PairedStats): void {
  if (!stats.updated.covariance || !stats.cross) throw new Error('ridge fit: stats have no covariance or cross-covariance');
  if (!allFinite(stats.updated.covariance) || !allFinite(stats.cross)) throw new LinalgError('the covariance is not finite (activations too large for float32 products?)');
}

function traceOf(cov: Float64Array, D: number): number {
  let t = 0;
  for (let d = 0; d < D; d++) t += cov[d * D + d];
  return t;
}

/**
 * Fits a paired-row ridge realignment: strength (and rank, beyond EXACT_MAX_WIDTH) chosen by the
 * held-out half's error, then the same map on the fit half (for comparing methods) and on all rows.
 */
export async function fitRidge(method: RidgeMethod, halves: { fit: PairedStats; heldOut: PairedStats; all: PairedStats }, first: FirstLayer | undefined, ctx: FitContext): Promise<RidgeFit> {
  const { fit, heldOut, all } = halves;
  const D = all.width;
  for (const s of [fit, heldOut, all]) checkMoments(s);
  if (method === 'probe-space' && !first) throw new LinalgError('the probe does not read its input only through constant-weight Gemm/MatMul layers, so there is no first layer to refit');
  if (fit.rows < 2 || heldOut.rows < 2) throw new LinalgError(`too few rows (${all.rows}) to choose a ridge strength on held-out rows`);
  const scaleFit = traceOf(fit.updated.covariance!, D) / D;
  const scaleAll = traceOf(all.updated.covariance!, D) / D;
  if (!(scaleFit > 0) || !(scaleAll > 0)) throw new LinalgError('the updated rows are constant, so there is no spread to regress on');
  const target = method === 'probe-space' ? first : undefined;
  const h = target ? target.hidden : D;

  const exact = useExact(D, ctx.linalg);
  const subspace = exact ? undefined : await principalSubspace(all.updated.covariance!, D, first, ctx);
  const k = subspace ? subspace.k : D;
  const fitBasis = await eigenBasis(fit.updated.covariance!, D, subspace?.vectors, k, ctx);
  const heldProj = await projectOnBasis(heldOut.updated.covariance!, fitBasis, D, D, ctx); // U^T C [k, D]
  const projected: Projected = {
    fitTarget: await projectOnBasis(projectTarget(gapCovariance(fit), D, target), fitBasis, D, h, ctx),
    heldTarget: await projectOnBasis(projectTarget(gapCovariance(heldOut), D, target), fitBasis, D, h, ctx),
    heldCov: times(heldProj, fitBasis.vectors, k, D, k),
    meanShift: new Float64Array(k),
    gapShift: new Float64Array(h),
    h,
  };
  const du = heldOut.updated.mean.map((v, i) => v - fit.updated.mean[i]);
  const dgap = heldOut.base.mean.map((v, i) => v - heldOut.updated.mean[i] - (fit.base.mean[i] - fit.updated.mean[i]));
  projected.meanShift = times(Float64Array.from(du), fitBasis.vectors, 1, D, k);
  projected.gapShift = target ? times(Float64Array.from(dgap), target.weights, 1, D, h) : Float64Array.from(dgap);

  const ranks = exact ? [k] : [...RANK_GRID.filter((r) => r < k), k];
  const products = lossProducts(projected, k);
  let best: RidgeChoice & { loss: number } = { alpha: RIDGE_GRID[0], rank: k, loss: Infinity };
  for (const alpha of RIDGE_GRID) {
    for (const rank of ranks) {
      const loss = heldOutLoss(projected, products, fitBasis, alpha * scaleFit, rank);
      if (loss < best.loss) best = { alpha, rank, loss };
    }
  }
  if (!Number.isFinite(best.loss)) throw new LinalgError('the held-out error of the ridge fit is not finite');
  ctx.trace?.(`${method}: alpha ${best.alpha}, rank ${best.rank} of ${k} (held-out loss ${best.loss.toExponential(3)})`);

  const fitMap = mapFrom(method, fit, fitBasis, projected.fitTarget, best.alpha * scaleFit, best.rank, first, D);
  const allBasis = await eigenBasis(all.updated.covariance!, D, subspace?.vectors, k, ctx);
  const allTarget = await projectOnBasis(projectTarget(gapCovariance(all), D, target), allBasis, D, h, ctx);
  const allMap = mapFrom(method, all, allBasis, allTarget, best.alpha * scaleAll, best.rank, first, D);
  return { fitHalf: fitMap, all: allMap, choice: { alpha: best.alpha, rank: best.rank } };
}

/** The map from the projected solution beta = diag(1 / (lambda + lam)) U^T R P (top `rank` directions). */
function mapFrom(method: RidgeMethod, stats: PairedStats, basis: Basis, target: Float64Array, lam: number, rank: number, first: FirstLayer | undefined, D: number): AffineMap {
  const r = Math.min(rank, basis.k);
  const h = method === 'probe-space' ? first!.hidden : D;
  // scaled [r, h] = diag(inv) target (top r rows)
  const scaled = new Float64Array(r * h);
  for (let i = 0; i < r; i++) {
    const inv = 1 / (basis.values[i] + lam);
    for (let j = 0; j < h; j++) scaled[i * h + j] = inv * target[i * h + j];
  }
  const ur = new Float64Array(D * r); // top r basis columns
  for (let d = 0; d < D; d++) for (let i = 0; i < r; i++) ur[d * r + i] = basis.vectors[d * basis.k + i];
  const change = times(ur, scaled, D, r, h); // B P [D, h]: row convention x B
  let map: AffineMap;
  if (method === 'probe-space') {
    // A = I + W (W^T W)^-1 dW^T with dW = B W: folding gives A^T W = W + dW
    const W = first!.weights;
    const H = first!.hidden;
    const gram = transposeTimes(W, W, D, H, H);
    const { values, vectors } = symmetricEigen(gram, H);
    const top = Math.max(...values);
    const pinv = new Float64Array(H * H);
    for (let e = 0; e < H; e++) {
      if (!(values[e] > 1e-10 * top)) continue;
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) pinv[i * H + j] += (vectors[i * H + e] * vectors[j * H + e]) / values[e];
    }
    map = { method, width: D, A: null, lowRank: { rank: H, U: times(W, pinv, D, H, H), V: change }, c: new Float64Array(D) };
  } else if (r === D) {
    // dense A = I + B^T (column convention)
    const A = new Float32Array(D * D);
    for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) A[i * D + j] = change[j * D + i] + (i === j ? 1 : 0);
    map = { method, width: D, A, c: new Float64Array(D) };
  } else {
    // A = I + B^T = I + scaled^T ur^T: U = scaled^T [D, r], V = ur [D, r]
    const U = new Float64Array(D * r);
    for (let i = 0; i < r; i++) for (let j = 0; j < D; j++) U[j * r + i] = scaled[i * D + j];
    map = { method, width: D, A: null, lowRank: { rank: r, U, V: ur }, c: new Float64Array(D) };
  }
  // c = mu_b - A mu_u
  const amu = applyLinear(map, stats.updated.mean);
  for (let d = 0; d < D; d++) map.c[d] = stats.base.mean[d] - amu[d];
  if (!allFinite(map.c) || (map.A && !allFinite(map.A)) || (map.lowRank && (!allFinite(map.lowRank.U) || !allFinite(map.lowRank.V)))) {
    throw new LinalgError(`the ${method} map is not finite`);
  }
  return map;
}

/** A x for the map's linear part (dense, diagonal, identity plus low rank, or identity). */
export function applyLinear(map: AffineMap, x: ArrayLike<number>): Float64Array {
  const D = map.width;
  const out = new Float64Array(D);
  if (map.A) {
    for (let i = 0; i < D; i++) {
      let acc = 0;
      for (let j = 0; j < D; j++) acc += map.A[i * D + j] * x[j];
      out[i] = acc;
    }
    return out;
  }
  for (let d = 0; d < D; d++) out[d] = map.scale ? map.scale[d] * x[d] : x[d];
  if (map.lowRank) {
    const { U, V, rank } = map.lowRank;
    const vx = new Float64Array(rank);
    for (let d = 0; d < D; d++) for (let i = 0; i < rank; i++) vx[i] += V[d * rank + i] * x[d];
    for (let d = 0; d < D; d++) for (let i = 0; i < rank; i++) out[d] += U[d * rank + i] * vx[i];
  }
  return out;
}
