/**
 * Realignment maps fitted on paired, UNLABELED activation rows of the base and the updated model:
 * the same inputs through both models, row i of one batch paired with row i of the other.
 * Every map sends updated-model activations back toward base-model statistics:
 *
 *   mean-shift   x' = x - mu_u + mu_b
 *   standardize  x' = (x - mu_u) / (sd_u + 1e-6) * (sd_b + 1e-6) + mu_b        per dimension
 *   coral        x' = Cb^{1/2} Cu^{-1/2} (x - mu_u) + mu_b,   C = 0.9 cov + 0.1 (tr cov / D) I
 *                (whitening and recoloring with shrinkage; symmetric roots; population covariance)
 *   procrustes   x' = R^T (x - mu_u) + mu_b,  R = polar factor of M + rho I,  M = cov(x_u, x_b),
 *                rho = 0.001 ||M||_F / sqrt(D): the rotation closest to mapping the updated rows onto
 *                the base rows, with a slight pull toward the identity so it is defined when the
 *                rows do not span every dimension.
 *
 * Statistics stream from ActivationBatch chunks and accumulate in float64 (chunk-centered, merged with
 * Chan's formulas, so large means do not cancel); the D x D products are onnxruntime MatMuls.
 * A map is x' = A x + c for column vectors x; A null means diagonal (`scale`) or identity.
 */
import { inputError } from '../errors.ts';
import type { ActivationBatch, RepairMethod } from '../types.ts';
import { fitRidge, isRidgeMethod, type FirstLayer, type RidgeCache, type RidgeFit, type RidgeMethod } from './ridge.ts';
import {
  LinalgError,
  MatrixEngine,
  allFinite,
  matmul64,
  polarFactorExact,
  polarFactorIterative,
  symmetricFunction,
  symmetricRootIterative,
  times,
  useExact,
  type IterationReport,
  type LinalgEngine,
} from './linalg.ts';

export interface AffineMap {
  method: RepairMethod;
  width: number;
  /** Row-major D x D matrix of x' = A x + c; null: diagonal (`scale`), identity plus `lowRank`, or identity. */
  A: Float32Array | null;
  /** Per-dimension scale when A is null. */
  scale?: Float64Array;
  /** A = I + U V^T when A is null: U and V are [D, rank] row-major (the paired-row maps, ridge.ts). */
  lowRank?: { rank: number; U: Float64Array; V: Float64Array };
  c: Float64Array;
}

export const STANDARDIZE_EPSILON = 1e-6;
export const CORAL_SHRINKAGE = 0.1;
export const PROCRUSTES_PULL = 0.001;

// ---------- statistics ----------

export interface SideStats {
  mean: Float64Array;
  /** Population variance per dimension. */
  variance: Float64Array;
  /** Population covariance, row-major D x D (when asked for). */
  covariance?: Float64Array;
}

export interface PairedStats {
  rows: number;
  width: number;
  base: SideStats;
  updated: SideStats;
  /** Population cross-covariance E[(x_u - mu_u)(x_b - mu_b)^T], rows = updated dimensions (when asked for). */
  cross?: Float64Array;
}

export interface StatsOptions {
  /** Rows to use (by index in the batch); default all. */
  include?: (row: number) => boolean;
  covariance?: boolean;
  /** The base side's covariance too (default: with `covariance`); the paired-row methods need only the updated side's. */
  baseCovariance?: boolean;
  cross?: boolean;
  /** Needed for covariance or cross. */
  engine?: MatrixEngine;
  rowsPerChunk?: number;
}

/**
 * Rows per chunk for the statistics pass: about 64 MB of float32 per side, so the Gram products are
 * large and few (each chunk's products are merged into the float64 sums once).
 */
export function defaultRowsPerChunk(...batches: ActivationBatch[]): number {
  const perRow = Math.max(...batches.map((b) => (b.tokens ?? 1) * b.width * 4));
  return Math.max(1, Math.floor((64 * 1024 * 1024) / perRow));
}

class Accumulator {
  n = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  readonly gram?: Float64Array;

  constructor(
    readonly width: number,
    withGram: boolean,
  ) {
    this.mean = new Float64Array(width);
    this.m2 = new Float64Array(width);
    if (withGram) this.gram = new Float64Array(width * width);
  }
}

/**
 * Means, variances and (optionally) covariances of paired rows, streamed chunk by chunk. The two
 * batches must pair row for row (checkPairedBatches).
 */
export async function pairedStats(base: ActivationBatch, updated: ActivationBatch, options: StatsOptions = {}): Promise<PairedStats> {
  const D = base.width;
  if (updated.width !== D || updated.rows !== base.rows) throw new Error('pairedStats: batches do not pair');
  const wantGram = !!(options.covariance || options.cross);
  if (wantGram && !options.engine) throw new Error('pairedStats: covariances need a MatrixEngine');
  const rowsPerChunk = options.rowsPerChunk ?? defaultRowsPerChunk(base, updated);
  const baseCovariance = !!options.covariance && options.baseCovariance !== false;
  const accB = new Accumulator(D, baseCovariance);
  const accU = new Accumulator(D, !!options.covariance);
  const cross = options.cross ? new Float64Array(D * D) : undefined;

  const itB = base.chunks(rowsPerChunk)[Symbol.asyncIterator]();
  const itU = updated.chunks(rowsPerChunk)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const [b, u] = await Promise.all([itB.next(), itU.next()]);
      if (b.done || u.done) {
        if (!b.done || !u.done) throw new Error('pairedStats: batches ended at different rows');
        break;
      }
      const chunkB = b.value;
      const chunkU = u.value;
      if (chunkB.start !== chunkU.start || chunkB.rows !== chunkU.rows) throw new Error('pairedStats: chunks do not line up');
      const picked: number[] = [];
      for (let r = 0; r < chunkB.rows; r++) if (!options.include || options.include(chunkB.start + r)) picked.push(r);
      const k = picked.length;
      if (k === 0) continue;
      // chunk means and centered rows
      const muB = new Float64Array(D);
      const muU = new Float64Array(D);
      for (const r of picked) {
        const o = r * D;
        for (let d = 0; d < D; d++) {
          muB[d] += chunkB.data[o + d];
          muU[d] += chunkU.data[o + d];
        }
      }
      for (let d = 0; d < D; d++) {
        muB[d] /= k;
        muU[d] /= k;
      }
      const xb = new Float32Array(k * D);
      const xu = new Float32Array(k * D);
      const m2B = new Float64Array(D);
      const m2U = new Float64Array(D);
      picked.forEach((r, i) => {
        const o = r * D;
        const t = i * D;
        for (let d = 0; d < D; d++) {
          const vb = chunkB.data[o + d] - muB[d];
          const vu = chunkU.data[o + d] - muU[d];
          xb[t + d] = vb;
          xu[t + d] = vu;
          m2B[d] += vb * vb;
          m2U[d] += vu * vu;
        }
      });
      let grams: { gramU: Float32Array; gramB?: Float32Array; cross?: Float32Array } | undefined;
      if (wantGram) grams = await options.engine!.gram(xu, xb, k, !!options.cross, baseCovariance);
      const n = accB.n;
      const total = n + k;
      const weight = (n * k) / total;
      const deltaB = new Float64Array(D);
      const deltaU = new Float64Array(D);
      for (let d = 0; d < D; d++) {
        deltaB[d] = muB[d] - accB.mean[d];
        deltaU[d] = muU[d] - accU.mean[d];
      }
      merge(accB, muB, m2B, deltaB, k, weight, baseCovariance ? grams!.gramB : undefined);
      merge(accU, muU, m2U, deltaU, k, weight, options.covariance ? grams!.gramU : undefined);
      if (cross) {
        const c = grams!.cross!;
        for (let i = 0; i < D; i++) {
          const row = i * D;
          const du = deltaU[i] * weight;
          for (let j = 0; j < D; j++) cross[row + j] += c[row + j] + du * deltaB[j];
        }
      }
    }
  } finally {
    await itB.return?.();
    await itU.return?.();
  }
  const n = accB.n;
  const scaled = <T extends Float64Array | undefined>(values: T): T => {
    if (values) for (let i = 0; i < values.length; i++) values[i] = n > 0 ? values[i] / n : NaN;
    return values;
  };
  const side = (acc: Accumulator): SideStats => ({ mean: acc.mean, variance: scaled(acc.m2), covariance: scaled(acc.gram) });
  return { rows: n, width: D, base: side(accB), updated: side(accU), cross: scaled(cross) };
}

function merge(acc: Accumulator, mu: Float64Array, m2: Float64Array, delta: Float64Array, k: number, weight: number, gram?: Float32Array): void {
  const D = acc.width;
  const total = acc.n + k;
  for (let d = 0; d < D; d++) {
    acc.mean[d] += (delta[d] * k) / total;
    acc.m2[d] += m2[d] + delta[d] * delta[d] * weight;
  }
  if (acc.gram && gram) {
    const g = acc.gram;
    for (let i = 0; i < D; i++) {
      const row = i * D;
      const di = delta[i] * weight;
      for (let j = 0; j < D; j++) g[row + j] += gram[row + j] + di * delta[j];
    }
  }
  acc.n = total;
}

// ---------- the maps ----------

export interface FitContext {
  /** For D x D work; required for coral and procrustes on the iterative path. */
  engine?: MatrixEngine;
  linalg?: LinalgEngine;
  /** Warnings for the user collect here (one line each). */
  warnings: string[];
  /** Iteration details (for --verbose and the benchmark). */
  trace?: (line: string) => void;
  /** Filled with the iterations' reports on the iterative path. */
  reports?: { step: string; report: IterationReport }[];
}

const sd = (variance: Float64Array) => variance.map((v) => Math.sqrt(Math.max(0, v)));

function checkStats(stats: PairedStats): void {
  if (stats.rows === 0) throw inputError('no rows to fit a realignment on');
  if (!allFinite(stats.base.mean) || !allFinite(stats.updated.mean)) throw inputError('activation means are not finite; cannot fit a realignment');
}

/** Dimensions whose updated-model values are (numerically) constant over the fitting rows. */
export function constantDimensions(stats: PairedStats): number[] {
  const s = sd(stats.updated.variance);
  const rms = Math.sqrt(s.reduce((a, v) => a + v * v, 0) / s.length);
  const out: number[] = [];
  s.forEach((v, d) => {
    if (v === 0 || v * 1e6 <= rms) out.push(d);
  });
  return out;
}

const listDims = (dims: number[]) => `${dims.slice(0, 5).join(', ')}${dims.length > 5 ? `, ... (${dims.length} in all)` : ''}`;

export function fitMeanShift(stats: PairedStats): AffineMap {
  checkStats(stats);
  const c = new Float64Array(stats.width);
  for (let d = 0; d < stats.width; d++) c[d] = stats.base.mean[d] - stats.updated.mean[d];
  return { method: 'mean-shift', width: stats.width, A: null, c };
}

export function fitStandardize(stats: PairedStats, warnings: string[] = []): AffineMap {
  checkStats(stats);
  const D = stats.width;
  const sdB = sd(stats.base.variance);
  const sdU = sd(stats.updated.variance);
  if (!allFinite(sdB) || !allFinite(sdU)) throw new LinalgError('activation variances are not finite');
  const constant = new Set(constantDimensions(stats));
  if (constant.size === D) throw new LinalgError('the updated rows are constant in every dimension, so there is no spread to standardize');
  if (constant.size > 0) {
    const one = constant.size === 1;
    warnings.push(
      `dimension${one ? '' : 's'} ${listDims([...constant])} ${one ? 'is' : 'are'} constant in the updated rows; ` +
        `standardize only shifts ${one ? 'it' : 'them'} (rescaling a constant would amplify noise without bound)`,
    );
  }
  const scale = new Float64Array(D);
  const c = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    scale[d] = constant.has(d) ? 1 : (sdB[d] + STANDARDIZE_EPSILON) / (sdU[d] + STANDARDIZE_EPSILON);
    c[d] = stats.base.mean[d] - scale[d] * stats.updated.mean[d];
  }
  return { method: 'standardize', width: D, A: null, scale, c };
}

/** C = (1 - shrinkage) cov + shrinkage (tr cov / D) I, and its eigenvalue floor shrinkage * tr / D. */
export function shrunkCovariance(cov: Float64Array, D: number, shrinkage = CORAL_SHRINKAGE): { matrix: Float64Array; floor: number } {
  let trace = 0;
  for (let d = 0; d < D; d++) trace += cov[d * D + d];
  const target = (shrinkage * trace) / D;
  if (!(target > 0) || !Number.isFinite(target)) throw new LinalgError(trace === 0 ? 'every dimension is constant, so there is no covariance to align' : 'the covariance is not finite');
  const matrix = new Float64Array(D * D);
  for (let i = 0; i < D * D; i++) matrix[i] = (1 - shrinkage) * cov[i];
  for (let d = 0; d < D; d++) matrix[d * D + d] += target;
  return { matrix, floor: target };
}

function rankWarning(stats: PairedStats, what: string, ctx: FitContext): void {
  const constant = constantDimensions(stats);
  if (constant.length > 0) {
    const one = constant.length === 1;
    ctx.warnings.push(
      `dimension${one ? '' : 's'} ${listDims(constant)} ${one ? 'is' : 'are'} constant in the updated rows; ${what} stays finite there only through its regularization`,
    );
  }
  if (stats.rows <= stats.width) {
    ctx.warnings.push(`${what} is fitted on ${stats.rows} rows for D=${stats.width} dimensions, so the covariance is rank-deficient; the fit relies on its regularization (more calibration rows than dimensions give a better estimate)`);
  }
}

function affineFrom(method: RepairMethod, A: Float32Array, stats: PairedStats): AffineMap {
  const D = stats.width;
  const amu = times(A, stats.updated.mean, D, D, 1);
  const c = stats.base.mean.map((m, i) => m - amu[i]);
  if (!allFinite(A) || !allFinite(c)) throw new LinalgError(`the ${method} map is not finite`);
  return { method, width: D, A, c };
}

export async function fitCoral(stats: PairedStats, ctx: FitContext): Promise<AffineMap> {
  checkStats(stats);
  const D = stats.width;
  if (!stats.base.covariance || !stats.updated.covariance) throw new Error('fitCoral: stats have no covariances');
  if (!allFinite(stats.base.covariance) || !allFinite(stats.updated.covariance)) {
    throw new LinalgError('the covariance is not finite (activations too large for float32 products?)');
  }
  rankWarning(stats, 'coral', ctx);
  const cu = shrunkCovariance(stats.updated.covariance, D);
  const cb = shrunkCovariance(stats.base.covariance, D);
  let A: Float32Array;
  if (useExact(D, ctx.linalg)) {
    const wu = symmetricFunction(cu.matrix, D, (l) => 1 / Math.sqrt(l));
    const sb = symmetricFunction(cb.matrix, D, (l) => Math.sqrt(l));
    A = Float32Array.from(matmul64(sb, wu, D));
  } else {
    const engine = requireEngine(ctx, D);
    const inv = await symmetricRootIterative(engine, cu.matrix, 'inverse-sqrt', cu.floor, { trace: ctx.trace });
    ctx.reports?.push({ step: 'coral: Cu^-1/2', report: inv.report });
    const root = await symmetricRootIterative(engine, cb.matrix, 'sqrt', cb.floor, { trace: ctx.trace });
    ctx.reports?.push({ step: 'coral: Cb^1/2', report: root.report });
    A = await engine.product(root.result, inv.result);
  }
  return affineFrom('coral', A, stats);
}

export async function fitProcrustes(stats: PairedStats, ctx: FitContext): Promise<AffineMap> {
  checkStats(stats);
  const D = stats.width;
  if (!stats.cross) throw new Error('fitProcrustes: stats have no cross-covariance');
  const m = stats.cross;
  if (!allFinite(m)) throw new LinalgError('the cross-covariance is not finite (activations too large for float32 products?)');
  let frob = 0;
  for (let i = 0; i < m.length; i++) frob += m[i] * m[i];
  const rho = (PROCRUSTES_PULL * Math.sqrt(frob)) / Math.sqrt(D);
  if (!(rho > 0)) throw new LinalgError('the base and updated rows do not co-vary (zero cross-covariance), so no rotation can be fitted');
  rankWarning(stats, 'procrustes', ctx);
  const target = Float64Array.from(m);
  for (let d = 0; d < D; d++) target[d * D + d] += rho;
  let R: Float64Array | Float32Array;
  if (useExact(D, ctx.linalg)) {
    R = polarFactorExact(target, D);
  } else {
    const engine = requireEngine(ctx, D);
    const out = await polarFactorIterative(engine, target, rho * 0.5, { trace: ctx.trace });
    ctx.reports?.push({ step: 'procrustes: polar factor', report: out.report });
    R = out.result;
  }
  // x' = (x - mu_u) R + mu_b for row vectors, so A = R^T
  const A = new Float32Array(D * D);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) A[j * D + i] = R[i * D + j];
  return affineFrom('procrustes', A, stats);
}

function requireEngine(ctx: FitContext, D: number): MatrixEngine {
  if (!ctx.engine || ctx.engine.width !== D) throw new Error(`the iterative path needs a MatrixEngine of width ${D}`);
  return ctx.engine;
}

/** What each method needs from the statistics. */
export function statsNeeded(methods: readonly RepairMethod[]): { covariance: boolean; baseCovariance: boolean; cross: boolean } {
  const ridge = methods.some(isRidgeMethod);
  const coral = methods.includes('coral');
  return { covariance: ridge || coral, baseCovariance: coral, cross: ridge || methods.includes('procrustes') };
}

/** What the paired-row (ridge) methods fit on: both halves of the split and their union, and the probe's first layer. */
export interface RidgeInputs {
  halves: { fit: PairedStats; heldOut: PairedStats; all: PairedStats };
  first?: FirstLayer;
  /** Which fit to return: on the fit half (comparing methods) or on every row. */
  use: 'fitHalf' | 'all';
  /** Fits made so far, by method (each ridge fit yields both maps at once). */
  memo: Map<RidgeMethod, RidgeFit>;
  /** The bases both methods share on this split. */
  cache: RidgeCache;
}

/** The method and the simpler ones it falls back to, in order. */
export function fallbackChain(method: RepairMethod): RepairMethod[] {
  switch (method) {
    case 'probe-space':
      return ['probe-space', 'ridge-affine', 'mean-shift'];
    case 'ridge-affine':
      return ['ridge-affine', 'mean-shift'];
    case 'coral':
      return ['coral', 'standardize', 'mean-shift'];
    case 'procrustes':
      return ['procrustes', 'standardize', 'mean-shift'];
    case 'standardize':
      return ['standardize', 'mean-shift'];
    case 'mean-shift':
      return ['mean-shift'];
  }
}

/**
 * Fits `method`, falling back to simpler methods on degenerate input (no spread, non-finite statistics,
 * an iteration that does not converge): each fallback adds a warning that says why. Never returns a
 * non-finite map.
 */
export async function fitRealignment(method: RepairMethod, stats: PairedStats, ctx: FitContext, ridge?: RidgeInputs): Promise<AffineMap> {
  const chain = fallbackChain(method);
  for (let i = 0; i < chain.length; i++) {
    const m = chain[i];
    const before = ctx.warnings.length;
    try {
      switch (m) {
        case 'mean-shift':
          return fitMeanShift(stats);
        case 'standardize':
          return fitStandardize(stats, ctx.warnings);
        case 'coral':
          return await fitCoral(stats, ctx);
        case 'procrustes':
          return await fitProcrustes(stats, ctx);
        case 'probe-space':
        case 'ridge-affine': {
          if (!ridge) throw new LinalgError('no held-out split to choose the ridge strength on');
          let fitted = ridge.memo.get(m);
          if (!fitted) {
            fitted = await fitRidge(m, ridge.halves, ridge.first, ctx, ridge.cache);
            ridge.memo.set(m, fitted);
          }
          return fitted[ridge.use];
        }
      }
    } catch (error) {
      if (!(error instanceof LinalgError) || i === chain.length - 1) throw error;
      ctx.warnings.length = before; // warnings of a fit that was not used would only confuse
      ctx.warnings.push(`${m}: ${error.message}; falling back to ${chain[i + 1]}`);
    }
  }
  throw new Error('unreachable');
}
