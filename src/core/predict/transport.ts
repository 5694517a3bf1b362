/**
 * The operating-point estimate when the only paired rows are unlabeled calibration rows (the eval
 * rows were never run through the updated model): the calibration rows' drift d = z_u - z_b is
 * carried onto the BASE eval rows, whose base scores and soft labels (or labels) are known since
 * deployment, and the updated operating point is estimated there.
 *
 * - driftByScore: per eval row, the calibration drift near the row's base score (kernel-weighted local
 *   linear fit, shrunk toward the global weighted linear fit) and its residual spread.
 * - domainWeights: calibration rows importance-weighted toward the eval rows' domain (covariate shift),
 *   p / (1 - p) of an L2 logistic classifier telling eval from calibration base activations.
 * - transportedEstimate: each eval row's updated score is z_b + m + s e (e Gaussian), so it fires with
 *   P = Phi((z_b + m - t) / s); TPR / FPR / AUROC are their soft-label averages.
 *
 * Python reference: scripts/research/features.py (drift_by_score, domain_weights, transported_estimate).
 */
import { estimateScore, hanleyMcNeilSe, normalSf, softAuroc, type OperatingPointEstimate, type RateEstimate, type SoftLabelSource, type Tolerances } from './estimate.ts';

/** Score kernel width, in standard deviations of the calibration rows' base scores. */
export const TRANSPORT_BANDWIDTH = 0.5;
/** Pseudo-rows pulling the local drift toward the global linear fit. */
export const TRANSPORT_PRIOR_ROWS = 5;
/** Past this many eval rows x calibration rows, the local fit is evaluated on a score grid and interpolated. */
const EXACT_PAIRS = 4_000_000;
const GRID_POINTS = 512;
/** Most eval rows the expected updated AUROC (a sum over row pairs) is computed on; evenly spaced beyond. */
export const TRANSPORT_AUROC_ROWS = 1024;
/** L2 strength (scikit-learn's C) of the eval-vs-calibration domain classifier. */
export const DOMAIN_C = 0.1;
/** Importance weights p / (1 - p) are clipped to [1 / clip, clip]. */
export const DOMAIN_CLIP = 1e3;
/** Rows x width x iterations the domain classifier may spend (about a second of float64 work). */
const DOMAIN_WORK = 4e8;

export interface DriftByScore {
  /** Per reference (eval) row: the expected drift of its score. */
  mean: Float64Array;
  /** Per reference row: the drift's residual spread. */
  spread: Float64Array;
}

function weightedLine(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>): { a: number; b: number; s: number } {
  let S0 = 0;
  let S1 = 0;
  let S2 = 0;
  let T0 = 0;
  let T1 = 0;
  for (let i = 0; i < x.length; i++) {
    S0 += w[i];
    S1 += w[i] * x[i];
    S2 += w[i] * x[i] * x[i];
    T0 += w[i] * y[i];
    T1 += w[i] * x[i] * y[i];
  }
  const det = S0 * S2 - S1 * S1;
  const b = det > 1e-12 * Math.max(S0 * S2, 1e-30) ? (S0 * T1 - S1 * T0) / det : 0;
  const a = S0 > 0 ? (T0 - b * S1) / S0 : 0;
  let r = 0;
  for (let i = 0; i < x.length; i++) {
    const e = y[i] - a - b * x[i];
    r += w[i] * e * e;
  }
  return { a, b, s: Math.sqrt(r / Math.max(S0, 1e-300)) + 1e-6 };
}

function std(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2;
  return Math.sqrt(v / x.length);
}

/** The drift near each reference score; O(reference rows x calibration rows), or a grid when that is large. */
export function driftByScore(zbCal: ArrayLike<number>, drift: ArrayLike<number>, zbRef: ArrayLike<number>, weights?: ArrayLike<number>, bandwidth = TRANSPORT_BANDWIDTH): DriftByScore {
  const n = zbCal.length;
  const wc = weights ?? new Float64Array(n).fill(1);
  const sd = std(zbCal) || 1;
  const h = bandwidth * sd;
  const glob = weightedLine(zbCal, drift, wc);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += wc[i];
  const prior = (TRANSPORT_PRIOR_ROWS * wsum) / n;
  const at = (z: number): [number, number] => {
    let S0 = 0;
    let S1 = 0;
    let S2 = 0;
    let T0 = 0;
    let T1 = 0;
    for (let i = 0; i < n; i++) {
      const u = zbCal[i] - z;
      const k = wc[i] * Math.exp(-0.5 * (u / h) ** 2);
      S0 += k;
      S1 += k * u;
      S2 += k * u * u;
      T0 += k * drift[i];
      T1 += k * u * drift[i];
    }
    const det = S0 * S2 - S1 * S1;
    let loc: number;
    let slope: number;
    if (det > 1e-9 * Math.max(S0 * S2, 1e-30)) {
      loc = (S2 * T0 - S1 * T1) / det;
      slope = (S0 * T1 - S1 * T0) / det;
    } else {
      loc = S0 > 1e-12 ? T0 / S0 : 0;
      slope = 0;
    }
    let r = 0;
    for (let i = 0; i < n; i++) {
      const u = zbCal[i] - z;
      const k = wc[i] * Math.exp(-0.5 * (u / h) ** 2);
      const e = drift[i] - loc - slope * u;
      r += k * e * e;
    }
    const m = (S0 * loc + prior * (glob.a + glob.b * z)) / (S0 + prior);
    const s = Math.sqrt(Math.max((r + prior * glob.s * glob.s) / (S0 + prior), 1e-12));
    return [m, s];
  };
  const mean = new Float64Array(zbRef.length);
  const spread = new Float64Array(zbRef.length);
  if (zbRef.length * n <= EXACT_PAIRS) {
    for (let j = 0; j < zbRef.length; j++) [mean[j], spread[j]] = at(zbRef[j]);
    return { mean, spread };
  }
  // many rows: the fit is smooth in z (bandwidth h), so a grid far finer than h loses nothing
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < zbRef.length; j++) {
    lo = Math.min(lo, zbRef[j]);
    hi = Math.max(hi, zbRef[j]);
  }
  const step = (hi - lo) / (GRID_POINTS - 1) || 1;
  const gm = new Float64Array(GRID_POINTS);
  const gs = new Float64Array(GRID_POINTS);
  for (let g = 0; g < GRID_POINTS; g++) [gm[g], gs[g]] = at(lo + g * step);
  for (let j = 0; j < zbRef.length; j++) {
    const x = (zbRef[j] - lo) / step;
    const g = Math.min(GRID_POINTS - 2, Math.max(0, Math.floor(x)));
    const f = Math.min(1, Math.max(0, x - g));
    mean[j] = gm[g] * (1 - f) + gm[g + 1] * f;
    spread[j] = gs[g] * (1 - f) + gs[g + 1] * f;
  }
  return { mean, spread };
}

// ------------------------------------------------------------------------------------------ domain weights

/** Rows of a row-major matrix with D columns. */
export interface RowMatrix {
  data: ArrayLike<number>;
  rows: number;
  width: number;
}

/**
 * Importance weights of the calibration rows toward the reference rows' domain: an L2 logistic
 * classifier (objective C * sum logloss + |w|^2 / 2, intercept free, as scikit-learn's) on activations
 * standardized by the calibration rows, fitted by L-BFGS; weight = p / (1 - p), clipped. O(iterations x rows x D),
 * with the iterations capped so that the product stays near DOMAIN_WORK.
 */
export function domainWeights(cal: RowMatrix, ref: RowMatrix, C = DOMAIN_C, clip = DOMAIN_CLIP): Float64Array {
  const D = cal.width;
  if (ref.width !== D) throw new Error(`domain weights: calibration rows have width ${D} but reference rows ${ref.width}`);
  const mu = new Float64Array(D);
  const sd = new Float64Array(D);
  for (let i = 0; i < cal.rows; i++) for (let k = 0; k < D; k++) mu[k] += cal.data[i * D + k];
  for (let k = 0; k < D; k++) mu[k] /= cal.rows;
  for (let i = 0; i < cal.rows; i++) for (let k = 0; k < D; k++) sd[k] += (cal.data[i * D + k] - mu[k]) ** 2;
  for (let k = 0; k < D; k++) sd[k] = Math.sqrt(sd[k] / cal.rows) + 1e-6;
  const N = cal.rows + ref.rows;
  const X = new Float64Array(N * D);
  const y = new Float64Array(N);
  for (let i = 0; i < cal.rows; i++) for (let k = 0; k < D; k++) X[i * D + k] = (cal.data[i * D + k] - mu[k]) / sd[k];
  for (let i = 0; i < ref.rows; i++) {
    y[cal.rows + i] = 1;
    for (let k = 0; k < D; k++) X[(cal.rows + i) * D + k] = (ref.data[i * D + k] - mu[k]) / sd[k];
  }
  const P = D + 1; // weights, then the intercept
  const s = new Float64Array(N);
  const fg = (theta: Float64Array, grad: Float64Array): number => {
    let f = 0;
    grad.fill(0);
    for (let k = 0; k < D; k++) {
      f += 0.5 * theta[k] * theta[k];
      grad[k] = theta[k];
    }
    for (let i = 0; i < N; i++) {
      let z = theta[D];
      const row = i * D;
      for (let k = 0; k < D; k++) z += X[row + k] * theta[k];
      s[i] = z;
      f += C * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z);
      const r = C * (1 / (1 + Math.exp(-z)) - y[i]);
      for (let k = 0; k < D; k++) grad[k] += r * X[row + k];
      grad[D] += r;
    }
    return f;
  };
  // each iteration costs about 2 N D multiply-adds: a wide, many-row problem gets fewer iterations
  const iterations = Math.max(50, Math.min(1000, Math.floor(DOMAIN_WORK / (N * D))));
  const theta = lbfgs(fg, new Float64Array(P), 10, iterations);
  const w = new Float64Array(cal.rows);
  for (let i = 0; i < cal.rows; i++) {
    let z = theta[D];
    for (let k = 0; k < D; k++) z += X[i * D + k] * theta[k];
    // p / (1 - p) = e^z
    w[i] = Math.min(clip, Math.max(1 / clip, Math.exp(Math.min(50, Math.max(-50, z)))));
  }
  return w;
}

/** Limited-memory BFGS with a backtracking Armijo line search; deterministic. */
function lbfgs(fg: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, memory = 10, maxIterations = 1000, gtol = 1e-7): Float64Array {
  const P = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(P);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(P);
  const alpha = new Array<number>(memory);
  const scale0 = Math.max(1, Math.abs(f));
  for (let iter = 0; iter < maxIterations; iter++) {
    let gmax = 0;
    for (let k = 0; k < P; k++) gmax = Math.max(gmax, Math.abs(g[k]));
    if (gmax <= gtol * scale0) break;
    // two-loop recursion
    for (let k = 0; k < P; k++) d[k] = -g[k];
    for (let j = S.length - 1; j >= 0; j--) {
      let a = 0;
      for (let k = 0; k < P; k++) a += S[j][k] * d[k];
      a *= rho[j];
      alpha[j] = a;
      for (let k = 0; k < P; k++) d[k] -= a * Y[j][k];
    }
    if (S.length > 0) {
      const j = S.length - 1;
      let sy = 0;
      let yy = 0;
      for (let k = 0; k < P; k++) {
        sy += S[j][k] * Y[j][k];
        yy += Y[j][k] * Y[j][k];
      }
      const gamma = sy / yy;
      for (let k = 0; k < P; k++) d[k] *= gamma;
    } else {
      const gn = Math.sqrt(g.reduce((acc, v) => acc + v * v, 0));
      for (let k = 0; k < P; k++) d[k] /= Math.max(gn, 1);
    }
    for (let j = 0; j < S.length; j++) {
      let b = 0;
      for (let k = 0; k < P; k++) b += Y[j][k] * d[k];
      b *= rho[j];
      for (let k = 0; k < P; k++) d[k] += S[j][k] * (alpha[j] - b);
    }
    let slope = 0;
    for (let k = 0; k < P; k++) slope += g[k] * d[k];
    if (!(slope < 0)) {
      for (let k = 0; k < P; k++) d[k] = -g[k];
      slope = -g.reduce((acc, v) => acc + v * v, 0);
      S.length = Y.length = rho.length = 0;
    }
    let step = 1;
    const xn = new Float64Array(P);
    const gn = new Float64Array(P);
    let fn = 0;
    for (let tries = 0; tries < 60; tries++) {
      for (let k = 0; k < P; k++) xn[k] = x[k] + step * d[k];
      fn = fg(xn, gn);
      if (fn <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fn <= f)) break;
    const sk = new Float64Array(P);
    const yk = new Float64Array(P);
    let sy = 0;
    for (let k = 0; k < P; k++) {
      sk[k] = xn[k] - x[k];
      yk[k] = gn[k] - g[k];
      sy += sk[k] * yk[k];
    }
    const progress = f - fn;
    x = xn;
    g = gn;
    f = fn;
    if (sy > 1e-12) {
      S.push(sk);
      Y.push(yk);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    if (progress <= 1e-15 * Math.max(1, Math.abs(f))) break;
  }
  return x;
}

// ------------------------------------------------------------------------------------------ the estimate

/**
 * The updated operating point on the reference rows (base logits zbRef, soft labels or labels w) when
 * each row's logit moves by mean +- spread. The standard errors of the TPR / FPR changes follow
 * weightedChange with d_i = P(fires after) - [fires before]; the AUROC change's is the unpaired
 * Hanley-McNeil bound.
 */
export function transportedEstimate(zbRef: ArrayLike<number>, w: ArrayLike<number>, drift: DriftByScore, t: number, tol: Tolerances, source: SoftLabelSource): OperatingPointEstimate {
  const n = zbRef.length;
  const pu = new Float64Array(n);
  const fb = new Float64Array(n);
  let W = 0;
  let Wn = 0;
  for (let i = 0; i < n; i++) {
    pu[i] = normalSf((t - zbRef[i] - drift.mean[i]) / drift.spread[i]);
    fb[i] = zbRef[i] > t ? 1 : 0;
    W += w[i];
    Wn += 1 - w[i];
  }
  const rate = (weight: (i: number) => number, total: number): RateEstimate => {
    let sb = 0;
    let su = 0;
    for (let i = 0; i < n; i++) {
      sb += weight(i) * fb[i];
      su += weight(i) * pu[i];
    }
    const base = sb / total;
    const updated = su / total;
    const change = updated - base;
    let v = 0;
    for (let i = 0; i < n; i++) v += weight(i) * (pu[i] - fb[i] - change) ** 2;
    return { base, updated, change, se: Math.sqrt(v / (total * total) + 1e-12) };
  };
  const tpr = rate((i) => w[i], W);
  const fpr = rate((i) => 1 - w[i], Wn);
  const aurocBase = softAuroc(zbRef, w);
  const aurocUpdated = expectedSoftAuroc(zbRef, w, drift);
  // no pairing to lean on (the updated scores are predicted, not read): the unpaired bound sqrt(2) x se
  const auroc = { base: aurocBase, updated: aurocUpdated, change: aurocUpdated - aurocBase, se: Math.SQRT2 * hanleyMcNeilSe(aurocBase, W, Wn) };
  return { soft_labels: source, rows: n, positives: W, tpr, fpr, auroc, score: estimateScore(tpr, fpr, auroc, tol) };
}

/**
 * E[soft AUROC] when row i's score is N(z_i + m_i, s_i^2), independently: sum over ordered pairs
 * i != j of w_i (1 - w_j) P(score_i > score_j), on at most TRANSPORT_AUROC_ROWS evenly spaced rows.
 */
function expectedSoftAuroc(z: ArrayLike<number>, w: ArrayLike<number>, drift: DriftByScore): number {
  const n = z.length;
  const take = Math.min(n, TRANSPORT_AUROC_ROWS);
  const rows = Array.from({ length: take }, (_, k) => Math.floor((k * n) / take));
  let num = 0;
  let den = 0;
  for (const i of rows) {
    const mi = z[i] + drift.mean[i];
    const vi = drift.spread[i] ** 2;
    for (const j of rows) {
      if (i === j) continue;
      const pair = w[i] * (1 - w[j]);
      if (pair === 0) continue;
      const diff = mi - z[j] - drift.mean[j];
      num += pair * normalSf(-diff / Math.sqrt(vi + drift.spread[j] ** 2));
      den += pair;
    }
  }
  return den > 0 ? num / den : NaN;
}
