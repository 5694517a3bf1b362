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
import { LinalgError, allFinite, symmetricEigen, times, transposeTimes, useExact } from './linalg.ts';

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

/** A [m, n] B [n, p] (or A^T B for A stored [n, m]): onnxruntime float32 when there is an engine and the product is large, else float64 loops. */
async function product(ctx: FitContext, a: Float64Array, b: Float64Array, m: number, n: number, p: number, transA = false): Promise<Float64Array> {
  if (onRuntime(ctx) && m * n * p >= 1 << 24) return ctx.engine!.dense(a, b, m, n, p, transA);
  return transA ? transposeTimes(a, b, n, m, p) : times(a, b, m, n, p);
}

const float32Copies = new WeakMap<Float64Array, Float32Array>();
/** The float32 copy of a D x D statistic, made once (the same covariances feed several products). */
function singlePrecision(m: Float64Array): Float32Array {
  let copy = float32Copies.get(m);
  if (!copy) float32Copies.set(m, (copy = Float32Array.from(m)));
  return copy;
}

/** Wide fits multiply on onnxruntime in float32; up to the exact width everything stays float64. */
const onRuntime = (ctx: FitContext) => !!ctx.engine && !useExact(ctx.engine.width, ctx.linalg);

// ---------- the basis ----------

/** Orthonormal directions U [D, k] (row-major) with U^T C_u U = diag(values), values descending. */
interface Basis {
  k: number;
  vectors: Float64Array;
  values: Float64Array;
}

/** M U for a D x D matrix M and U [D, k]: onnxruntime when there is an engine of this width, else float64 loops. */
async function matrixTimes(m: Float64Array, u: Float64Array, D: number, k: number, ctx: FitContext, transpose = false): Promise<Float64Array> {
  if (onRuntime(ctx) && ctx.engine!.width === D) return ctx.engine!.panel(singlePrecision(m), u, k, transpose);
  if (transpose) return transposeTimes(m, u, D, D, k);
  return times(m, u, D, D, k);
}

/** Symmetric eigendecomposition with eigenvalues descending (vectors' columns in the same order). */
function eigenDescending(matrix: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const { values, vectors } = symmetricEigen(matrix, k);
  const v = new Float64Array(k * k);
  const vals = new Float64Array(k);
  for (let dst = 0; dst < k; dst++) {
    const src = k - 1 - dst;
    vals[dst] = values[src];
    for (let r = 0; r < k; r++) v[r * k + dst] = vectors[r * k + src];
  }
  return { values: vals, vectors: v };
}

/** Eigenbasis of the subspace's Rayleigh quotient of `cov` (or of all of R^D when `subspace` is undefined). */
async function eigenBasis(cov: Float64Array, D: number, subspace: Float64Array | undefined, k: number, ctx: FitContext): Promise<Basis> {
  let inner: Float64Array;
  if (!subspace) inner = cov;
  else {
    inner = await product(ctx, subspace, await matrixTimes(cov, subspace, D, k, ctx), k, D, k, true);
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) inner[i * k + j] = inner[j * k + i] = 0.5 * (inner[i * k + j] + inner[j * k + i]);
  }
  const { values, vectors } = eigenDescending(inner, k);
  for (let i = 0; i < k; i++) values[i] = Math.max(0, values[i]);
  return { k, vectors: subspace ? await product(ctx, subspace, vectors, D, k, k) : vectors, values };
}

/**
 * An orthonormal basis [D, r] of the columns of y [D, m]: twice y V diag(lambda)^-1/2 from the
 * eigendecomposition of y^T y, dropping directions below 1e-10 of the largest (dependent columns).
 */
async function orthonormalBasis(y: Float64Array, D: number, m: number, ctx: FitContext): Promise<{ q: Float64Array; r: number }> {
  let q = y;
  let r = m;
  for (let pass = 0; pass < 2; pass++) {
    const gram = await product(ctx, q, q, r, D, r, true);
    const { values, vectors } = eigenDescending(gram, r);
    const keep = values.reduce((n, v) => n + (v > 1e-10 * values[0] ? 1 : 0), 0);
    const scale = new Float64Array(r * keep);
    for (let i = 0; i < r; i++) for (let j = 0; j < keep; j++) scale[i * keep + j] = vectors[i * r + j] / Math.sqrt(values[j]);
    q = await product(ctx, q, scale, D, r, keep);
    r = keep;
  }
  return { q, r };
}

/** Top principal directions of `cov` (randomized subspace iteration) together with the columns of W. */
async function principalSubspace(cov: Float64Array, D: number, first: FirstLayer | undefined, ctx: FitContext): Promise<{ vectors: Float64Array; k: number }> {
  const m = Math.min(SUBSPACE_RANK, D);
  const random = mulberry32(BASIS_SEED);
  let y: Float64Array = new Float64Array(D * m).map(() => random() - 0.5);
  let width = m;
  for (let step = 0; step <= POWER_STEPS; step++) {
    const next = await orthonormalBasis(await matrixTimes(cov, y, D, width, ctx), D, width, ctx);
    y = next.q;
    width = next.r;
  }
  const H = first?.hidden ?? 0;
  const both = new Float64Array(D * (H + width));
  for (let d = 0; d < D; d++) {
    for (let h = 0; h < H; h++) both[d * (H + width) + h] = first!.weights[d * H + h];
    for (let j = 0; j < width; j++) both[d * (H + width) + H + j] = y[d * width + j];
  }
  const basis = await orthonormalBasis(both, D, H + width, ctx);
  return { vectors: basis.q, k: basis.r };
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

/**
 * U^T R P [k, h] with R = Cross - C_u = E[(x_u - mu_u)^T ((x_b - mu_b) - (x_u - mu_u))] (rows: updated
 * dimensions) and P = W [D, H] or the identity, without forming R.
 */
async function projectedGap(stats: PairedStats, basis: Basis, D: number, first: FirstLayer | undefined, ctx: FitContext): Promise<Float64Array> {
  const { k } = basis;
  const cross = stats.cross!;
  const cu = stats.updated.covariance!;
  if (first) {
    const H = first.hidden;
    const crossW = await matrixTimes(cross, first.weights, D, H, ctx);
    const cuW = await matrixTimes(cu, first.weights, D, H, ctx);
    for (let i = 0; i < crossW.length; i++) crossW[i] -= cuW[i];
    return product(ctx, basis.vectors, crossW, k, D, H, true);
  }
  if (k === D && !onRuntime(ctx)) {
    const r = cross.map((v, i) => v - cu[i]);
    return transposeTimes(basis.vectors, r, D, k, D);
  }
  // (Cross^T U - C_u U)^T: two panel products
  const cu_u = await matrixTimes(cu, basis.vectors, D, k, ctx);
  const crossU = await matrixTimes(cross, basis.vectors, D, k, ctx, true);
  const out = new Float64Array(k * D);
  for (let j = 0; j < D; j++) for (let i = 0; i < k; i++) out[i * D + j] = crossU[j * k + i] - cu_u[j * k + i];
  return out;
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
/** What both paired-row methods share for one split: the bases and the held-out covariance in the fit basis. */
export interface RidgeCache {
  bases?: Promise<SharedBases>;
}

interface SharedBases {
  exact: boolean;
  k: number;
  fit: Basis;
  all: Basis;
  /** U_fit^T C_u(held) U_fit [k, k]. */
  heldCov: Float64Array;
}

async function sharedBases(halves: { fit: PairedStats; heldOut: PairedStats; all: PairedStats }, first: FirstLayer | undefined, ctx: FitContext): Promise<SharedBases> {
  const D = halves.all.width;
  const exact = useExact(D, ctx.linalg);
  const subspace = exact ? undefined : await principalSubspace(halves.all.updated.covariance!, D, first, ctx);
  const k = subspace ? subspace.k : D;
  const fit = await eigenBasis(halves.fit.updated.covariance!, D, subspace?.vectors, k, ctx);
  const all = await eigenBasis(halves.all.updated.covariance!, D, subspace?.vectors, k, ctx);
  const heldU = await matrixTimes(halves.heldOut.updated.covariance!, fit.vectors, D, k, ctx); // C U [D, k]
  const heldCov = await product(ctx, fit.vectors, heldU, k, D, k, true);
  return { exact, k, fit, all, heldCov };
}

/**
 * Fits a paired-row ridge realignment: strength (and rank, beyond EXACT_MAX_WIDTH) chosen by the
 * held-out half's error, then the same map on the fit half (for comparing methods) and on all rows.
 * `cache` shares the bases between the two methods on the same split.
 */
export async function fitRidge(
  method: RidgeMethod,
  halves: { fit: PairedStats; heldOut: PairedStats; all: PairedStats },
  first: FirstLayer | undefined,
  ctx: FitContext,
  cache: RidgeCache = {},
): Promise<RidgeFit> {
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

  const bases = await (cache.bases ??= sharedBases(halves, first, ctx));
  const { k, exact } = bases;
  const fitBasis = bases.fit;
  const projected: Projected = {
    fitTarget: await projectedGap(fit, fitBasis, D, target, ctx),
    heldTarget: await projectedGap(heldOut, fitBasis, D, target, ctx),
    heldCov: bases.heldCov,
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

  const fitMap = await mapFrom(method, fit, fitBasis, projected.fitTarget, best.alpha * scaleFit, best.rank, first, D, ctx);
  const allTarget = await projectedGap(all, bases.all, D, target, ctx);
  const allMap = await mapFrom(method, all, bases.all, allTarget, best.alpha * scaleAll, best.rank, first, D, ctx);
  return { fitHalf: fitMap, all: allMap, choice: { alpha: best.alpha, rank: best.rank } };
}

/** The map from the projected solution beta = diag(1 / (lambda + lam)) U^T R P (top `rank` directions). */
async function mapFrom(method: RidgeMethod, stats: PairedStats, basis: Basis, target: Float64Array, lam: number, rank: number, first: FirstLayer | undefined, D: number, ctx: FitContext): Promise<AffineMap> {
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
  let map: AffineMap;
  if (method === 'probe-space') {
    const change = await product(ctx, ur, scaled, D, r, h); // B W [D, H]: row convention x B
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
    const change = await product(ctx, ur, scaled, D, r, h); // B [D, D]
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
  if (map.A) return times(map.A, x, D, D, 1);
  const out = new Float64Array(D);
  for (let d = 0; d < D; d++) out[d] = map.scale ? map.scale[d] * x[d] : x[d];
  if (map.lowRank) {
    const { U, V, rank } = map.lowRank;
    const vx = new Float64Array(rank);
    for (let d = 0; d < D; d++) for (let i = 0; i < rank; i++) vx[i] += V[d * rank + i] * x[d];
    for (let d = 0; d < D; d++) for (let i = 0; i < rank; i++) out[d] += U[d * rank + i] * vx[i];
  }
  return out;
}
