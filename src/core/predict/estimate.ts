/**
 * Label-free estimate of a monitor's operating point after an update, from paired rows: the same
 * inputs through the base and the updated model, scored by the same frozen probe.
 *
 * Confidence-based performance estimation (as NannyML's CBPE does for a deployed model): the base
 * probe's calibrated score on the base row is taken as the probability q that the row is positive,
 * so the expected TPR at the deployed threshold t is sum q [z > t] / sum q (FPR likewise with 1 - q),
 * on the base scores and on the updated scores of the same rows. Staleness is mostly an
 * operating-point change, which this sees directly and AUROC hides.
 *
 * Everything works on the probe's logit scale z (the gate's probabilities are mapped through logit).
 * Soft labels: `platt` (sigmoid(a z + b) fitted on base eval labels, cross-fitted over two folds so no
 * row's own label sets its soft label), `raw` (sigmoid(z): no labels at all), or `labels` (0/1).
 * The Python reference is scripts/research/features.py (cbpe, weighted_change, hanley_mcneil_se).
 */
import { erfc } from '../metrics/delong.ts';
import type { MonitorEstimate } from '../types.ts';
import { rememberMonotoneOrder, scoreOrder } from '../metrics/sort.ts';
import { containsNaN, markNaNFree } from '../metrics/auroc.ts';

export type SoftLabelSource = 'platt' | 'raw' | 'labels';

export interface Tolerances {
  auroc_drop: number;
  tpr_drop: number;
  fpr_rise: number;
}

/** A rate on the base and the updated rows, its change (updated - base) and the change's standard error. */
export interface RateEstimate {
  base: number;
  updated: number;
  change: number;
  se: number;
}

export interface OperatingPointEstimate {
  soft_labels: SoftLabelSource;
  rows: number;
  /** Sum of the soft labels: how many positives the rows hold in expectation. */
  positives: number;
  tpr: RateEstimate;
  fpr: RateEstimate;
  auroc: RateEstimate;
  /** max(tpr drop / tolerance, fpr rise / tolerance, auroc drop / tolerance): 1 is the stale line. */
  score: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-Math.min(60, Math.max(-60, z))));

/** Probabilities are float32 on the way out of a probe: 1 - p resolves to about 6e-8, so logits stop near +-16.6. */
const PROBABILITY_FLOOR = 1e-7;

/** The probe's logit from its probability output (clamped away from 0 and 1). */
export function logitOfProbability(p: number): number {
  const q = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
  return Math.log(q / (1 - q));
}

export function logitsOfProbabilities(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  const finite = logitsInto(p, out);
  if (finite) markNaNFree(out);
  // the metrics sort the probabilities anyway; the logits' order follows from theirs
  if (finite && p instanceof Float64Array) rememberMonotoneOrder(p, out);
  return out;
}

/** Writes the logits of p into out; false when some p is NaN. A function of its own for V8's sake (see countFlips in metrics/shift.ts). */
function logitsInto(p: ArrayLike<number>, out: Float64Array): boolean {
  let finite = true;
  for (let i = 0; i < p.length; i++) {
    out[i] = logitOfProbability(p[i]);
    finite &&= !Number.isNaN(p[i]);
  }
  return finite;
}

/** P(N(0, 1) > x). */
export const normalSf = (x: number): number => 0.5 * erfc(x / Math.SQRT2);

// ------------------------------------------------------------------------------------------ soft labels

/** Platt's sigmoid(a z + b) on one score, as scikit-learn's LogisticRegression(C) fits it (a penalized, b free). */
export interface PlattMap {
  a: number;
  b: number;
}

const PLATT_C = 1e4;

export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, rows?: ArrayLike<number>, C = PLATT_C): PlattMap {
  const idx = rows ?? Array.from({ length: z.length }, (_, i) => i);
  let a = 0;
  let b = 0;
  // two-parameter Newton on C * sum logloss + a^2 / 2, with step halving on the objective
  const objective = (a_: number, b_: number) => {
    let f = 0.5 * a_ * a_;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      const s = a_ * z[i] + b_;
      // log(1 + e^s) - y s, stable
      f += C * ((s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - y[i] * s);
    }
    return f;
  };
  let f = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = a;
    let gb = 0;
    let haa = 1;
    let hab = 0;
    let hbb = 1e-12;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      const p = sigmoid(a * z[i] + b);
      const r = C * (p - y[i]);
      const w = C * p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = objective(a - da, b - db);
    while (next > f && step > 1e-6) {
      step /= 2;
      next = objective(a - step * da, b - step * db);
    }
    if (next > f) break;
    a -= step * da;
    b -= step * db;
    const done = f - next <= 1e-12 * Math.max(1, Math.abs(f));
    f = next;
    if (done) break;
  }
  return { a, b };
}

/**
 * Two folds, stratified by label: within each class, rows alternate between the folds in row order,
 * so the split is deterministic and each fold holds both classes.
 */
export function stratifiedFolds(y: ArrayLike<number>): Uint8Array {
  const fold = new Uint8Array(y.length);
  const seen = [0, 0];
  for (let i = 0; i < y.length; i++) {
    const c = y[i] ? 1 : 0;
    fold[i] = seen[c]++ % 2;
  }
  return fold;
}

/** Each row's Platt soft label from the map fitted on the other fold's labels. */
export function crossFittedPlatt(z: ArrayLike<number>, y: ArrayLike<number>, folds: ArrayLike<number> = stratifiedFolds(y)): Float64Array {
  const q = new Float64Array(z.length);
  for (const f of [0, 1]) {
    const train: number[] = [];
    for (let i = 0; i < z.length; i++) if (folds[i] !== f) train.push(i);
    const { a, b } = fitPlatt(z, y, train);
    for (let i = 0; i < z.length; i++) if (folds[i] === f) q[i] = sigmoid(a * z[i] + b);
  }
  return q;
}

export function rawSoftLabels(z: ArrayLike<number>): Float64Array {
  const q = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) q[i] = sigmoid(z[i]);
  return q;
}

/**
 * Soft labels for paired rows: Platt cross-fitted when base labels are given and hold both classes
 * with at least two rows each per fold, else the raw sigmoid.
 */
export function softLabels(zBase: ArrayLike<number>, labels?: ArrayLike<number>): { q: Float64Array; source: SoftLabelSource } {
  if (labels && labels.length === zBase.length) {
    let pos = 0;
    for (let i = 0; i < labels.length; i++) pos += labels[i] ? 1 : 0;
    if (pos >= 4 && labels.length - pos >= 4) return { q: crossFittedPlatt(zBase, labels), source: 'platt' };
  }
  return { q: rawSoftLabels(zBase), source: 'raw' };
}

// ------------------------------------------------------------------------------------------ statistics

/**
 * The weighted rate on the base and updated rows and its change; the change's standard error treats
 * the rows as a sample of the weighted population: var = sum w (d - mean d)^2 / (sum w)^2, d = fu - fb.
 */
export function weightedChange(w: ArrayLike<number>, fb: ArrayLike<number>, fu: ArrayLike<number>): RateEstimate {
  const [W, sb, su] = weightedSums(w, fb, fu);
  if (!(W > 1e-9)) return { base: NaN, updated: NaN, change: NaN, se: NaN };
  const rb = sb / W;
  const ru = su / W;
  const dm = ru - rb;
  const v = weightedSpread(w, fb, fu, dm);
  return { base: rb, updated: ru, change: dm, se: Math.sqrt(v / (W * W) + 1e-12) };
}

// The loops sit in functions of their own for V8's sake (see countFlips in metrics/shift.ts).

function weightedSums(w: ArrayLike<number>, fb: ArrayLike<number>, fu: ArrayLike<number>): Float64Array {
  let W = 0;
  let sb = 0;
  let su = 0;
  for (let i = 0; i < w.length; i++) {
    W += w[i];
    sb += w[i] * fb[i];
    su += w[i] * fu[i];
  }
  return Float64Array.of(W, sb, su);
}

function weightedSpread(w: ArrayLike<number>, fb: ArrayLike<number>, fu: ArrayLike<number>, dm: number): number {
  let v = 0;
  for (let i = 0; i < w.length; i++) {
    const e = fu[i] - fb[i] - dm;
    v += w[i] * e * e;
  }
  return v;
}

/** Row order by score, ascending; ties keep row order. */
function order(values: ArrayLike<number>): Uint32Array {
  // the radix sort has no place for NaN: the comparator's order (NaN ties with everything) then
  if (containsNaN(values)) return new Uint32Array(values.length).map((_, k) => k).sort((a, b) => values[a] - values[b] || a - b);
  return scoreOrder(values);
}

/**
 * Expected AUROC when row i is positive with probability q_i, independently:
 * sum_{i != j} q_i (1 - q_j) ([s_i > s_j] + [s_i = s_j] / 2) / sum_{i != j} q_i (1 - q_j).
 */
export function softAuroc(scores: ArrayLike<number>, q: ArrayLike<number>): number {
  return softAurocOf(softAurocSums(scores, q, order(scores)));
}

function softAurocOf([num, sumQ, sumN, sumQN]: Float64Array): number {
  const den = sumQ * sumN - sumQN;
  return den > 0 ? num / den : NaN;
}

/** softAuroc(scores, q) and each row's average rank (1-based, ties sharing their mean) from one walk of the order. */
function softAurocAndRanks(scores: ArrayLike<number>, q: ArrayLike<number>): { auroc: number; ranks: Float64Array } {
  const ranked = new Float64Array(scores.length);
  const sums = softAurocSums(scores, q, order(scores), ranked);
  return { auroc: softAurocOf(sums), ranks: ranked };
}

/**
 * [numerator, sum q, sum (1 - q), sum q (1 - q)]; with `ranks`, also each row's average rank
 * (1-based, ties sharing their mean rank). A function of its own for V8's sake (see countFlips in metrics/shift.ts).
 */
function softAurocSums(scores: ArrayLike<number>, q: ArrayLike<number>, idx: Uint32Array, ranks?: Float64Array): Float64Array {
  let below = 0; // negative mass strictly below the current tie block
  let num = 0;
  let sumQ = 0;
  let sumN = 0;
  let sumQN = 0;
  for (let a = 0; a < idx.length; ) {
    let b = a;
    let tieNeg = 0;
    while (b < idx.length && scores[idx[b]] === scores[idx[a]]) tieNeg += 1 - q[idx[b++]];
    for (let k = a; k < b; k++) {
      const i = idx[k];
      const n = 1 - q[i];
      num += q[i] * (below + 0.5 * (tieNeg - n));
      sumQ += q[i];
      sumN += n;
      sumQN += q[i] * n;
    }
    if (ranks) {
      const mean = (a + b + 1) / 2;
      for (let k = a; k < b; k++) ranks[idx[k]] = mean;
    }
    below += tieNeg;
    a = b;
  }
  return Float64Array.of(num, sumQ, sumN, sumQN);
}

/** Spearman's rank correlation from two rank vectors (their Pearson correlation); NaN when either is constant. */
function rankCorrelation(ra: Float64Array, rb: Float64Array): number {
  const [sab, saa, sbb] = centredProducts(ra, rb, (ra.length + 1) / 2);
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** [sum xy, sum xx, sum yy] of x = a - mean, y = b - mean; its own function for V8's sake (see countFlips in metrics/shift.ts). */
function centredProducts(a: Float64Array, b: Float64Array, mean: number): Float64Array {
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - mean;
    const y = b[i] - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return Float64Array.of(sab, saa, sbb);
}

/** Hanley and McNeil's standard error of an AUROC a from npos positives and nneg negatives. */
export function hanleyMcNeilSe(a: number, npos: number, nneg: number): number {
  if (!(npos > 1 && nneg > 1) || !Number.isFinite(a)) return NaN;
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const v = (a * (1 - a) + (npos - 1) * (q1 - a * a) + (nneg - 1) * (q2 - a * a)) / (npos * nneg);
  return Math.sqrt(Math.max(v, 0));
}

export function estimateScore(tpr: RateEstimate, fpr: RateEstimate, auroc: RateEstimate, tol: Tolerances): number {
  const parts = [-tpr.change / tol.tpr_drop, fpr.change / tol.fpr_rise, -auroc.change / tol.auroc_drop].filter(Number.isFinite);
  return parts.length ? Math.max(...parts) : NaN;
}

// ------------------------------------------------------------------------------------------ the estimate

/**
 * CBPE on paired rows: base logits zb, updated logits zu, deployed threshold t (logit scale),
 * soft labels q. O(rows log rows).
 */
export function cbpeEstimate(zb: ArrayLike<number>, zu: ArrayLike<number>, t: number, q: ArrayLike<number>, tol: Tolerances, source: SoftLabelSource): OperatingPointEstimate {
  const n = zb.length;
  const fb = new Uint8Array(n);
  const fu = new Uint8Array(n);
  const qn = new Float64Array(n);
  const positives = flagRows(zb, zu, t, q, fb, fu, qn);
  const tpr = weightedChange(q, fb, fu);
  const fpr = weightedChange(qn, fb, fu);
  // one walk of each side's order gives its soft AUROC and its ranks (for the rank correlation)
  const base = softAurocAndRanks(zb, q);
  const updated = softAurocAndRanks(zu, q);
  const aurocBase = base.auroc;
  const aurocUpdated = updated.auroc;
  // paired AUROCs on the same rows: the difference's se is well below either one's; sqrt(2 (1 - r))
  // with the scores' rank correlation r as the pairing
  const r = rankCorrelation(base.ranks, updated.ranks);
  const se = hanleyMcNeilSe(aurocBase, positives, n - positives) * Math.sqrt(Math.max(2 * (1 - (Number.isFinite(r) ? r : 0)), 0));
  const auroc = { base: aurocBase, updated: aurocUpdated, change: aurocUpdated - aurocBase, se };
  return { soft_labels: source, rows: n, positives, tpr, fpr, auroc, score: estimateScore(tpr, fpr, auroc, tol) };
}

/**
 * fb, fu: whether each row is flagged at t on the base and updated side; qn: 1 - q. Returns sum q.
 * Its own function for V8's sake (see countFlips in metrics/shift.ts).
 */
function flagRows(zb: ArrayLike<number>, zu: ArrayLike<number>, t: number, q: ArrayLike<number>, fb: Uint8Array, fu: Uint8Array, qn: Float64Array): number {
  let positives = 0;
  for (let i = 0; i < zb.length; i++) {
    fb[i] = zb[i] > t ? 1 : 0;
    fu[i] = zu[i] > t ? 1 : 0;
    qn[i] = 1 - q[i];
    positives += q[i];
  }
  return positives;
}

/** The estimate from paired logits, with Platt soft labels when base labels are given, else raw. */
export function estimateOperatingPoint(zb: ArrayLike<number>, zu: ArrayLike<number>, t: number, tol: Tolerances, labels?: ArrayLike<number>): OperatingPointEstimate {
  const { q, source } = softLabels(zb, labels);
  return cbpeEstimate(zb, zu, t, q, tol, source);
}

// ------------------------------------------------------------------------------------------ for reports

const Z95 = 1.959963984540054;
const round6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : x); // + 0: no -0 in reports
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The report's view of an estimate: rates with a 95% interval for the updated value, changes with theirs. */
export function reportedEstimate(e: OperatingPointEstimate, rows: { source: 'calibration' | 'eval'; rows: number }, transportedOnto?: { source: 'eval'; rows: number }): MonitorEstimate {
  const rate = (r: RateEstimate, bounded: boolean) => {
    const lo = r.updated - Z95 * r.se;
    const hi = r.updated + Z95 * r.se;
    return { base: round6(r.base), updated: round6(r.updated), interval: [round6(bounded ? clamp01(lo) : lo), round6(bounded ? clamp01(hi) : hi)] as [number, number] };
  };
  const change = (r: RateEstimate) => ({ value: round6(r.change), interval: [round6(r.change - Z95 * r.se), round6(r.change + Z95 * r.se)] as [number, number] });
  return {
    soft_labels: e.soft_labels,
    rows,
    ...(transportedOnto ? { transported_onto: transportedOnto } : {}),
    tpr: rate(e.tpr, true),
    fpr: rate(e.fpr, true),
    auroc: { base: round6(e.auroc.base), updated: round6(e.auroc.updated) },
    tpr_delta: change(e.tpr),
    fpr_delta: change(e.fpr),
    auroc_delta: change(e.auroc),
    score: round6(e.score),
  };
}

/** Every number of a reported estimate is finite (JSON has no NaN). */
export function finiteEstimate(e: MonitorEstimate): boolean {
  const nums = [e.tpr.base, e.tpr.updated, ...e.tpr.interval, e.fpr.base, e.fpr.updated, ...e.fpr.interval, e.auroc.base, e.auroc.updated,
    e.tpr_delta.value, ...e.tpr_delta.interval, e.fpr_delta.value, ...e.fpr_delta.interval, e.auroc_delta.value, ...e.auroc_delta.interval, e.score];
  return nums.every(Number.isFinite);
}

/**
 * The gate's estimate from one monitor's paired scores (the probe's probabilities, base and updated, on
 * the same rows) at its deployed threshold (probability scale). No labels: soft labels are the raw sigmoid.
 */
export function estimateFromProbabilities(base: ArrayLike<number>, updated: ArrayLike<number>, threshold: number, tol: Tolerances, labels?: ArrayLike<number>): OperatingPointEstimate {
  return estimateOperatingPoint(logitsOfProbabilities(base), logitsOfProbabilities(updated), logitOfProbability(threshold), tol, labels);
}
