/**
 * Label-free shift between the base and the updated model's scores.
 */
import { quantileSorted } from 'simple-statistics';
import type { ShiftMetrics } from '../types.ts';
import { checkScores, countAtOrBelow, sortedCopy, type Scores } from './auroc.ts';

function checkNonEmpty(values: Scores, what: string): void {
  if (values.length === 0) throw new Error(`${what} is empty`);
  checkScores(values, undefined, what);
}

/**
 * Two-sample Kolmogorov-Smirnov statistic D = sup_x |F_a(x) - F_b(x)|. The ECDFs are compared
 * only after every copy of a value has been consumed from both samples, so ties never create
 * a spurious gap.
 */
export function ksStatistic(a: Scores, b: Scores): number {
  checkNonEmpty(a, 'first sample');
  checkNonEmpty(b, 'second sample');
  return ksFromSorted(sortedCopy(a), sortedCopy(b));
}

function ksFromSorted(sa: Float64Array, sb: Float64Array): number {
  const na = sa.length;
  const nb = sb.length;
  let i = 0;
  let j = 0;
  let d = 0;
  // Once one sample is exhausted its ECDF is 1 and the gap only shrinks, so stop there.
  while (i < na && j < nb) {
    const v = sa[i] <= sb[j] ? sa[i] : sb[j];
    while (i < na && sa[i] === v) i++;
    while (j < nb && sb[j] === v) j++;
    const gap = Math.abs(i / na - j / nb);
    if (gap > d) d = gap;
  }
  return d;
}

/**
 * Floor on bin proportions. An empty bin would make ln(p_u / p_b) infinite; flooring both
 * sides at 1e-4 (no renormalisation) keeps PSI finite while a bin that empties or fills from
 * nothing still contributes strongly (about 0.1 * ln(0.1 / 1e-4) ≈ 0.69 for a 10% bin).
 */
const PSI_EPSILON = 1e-4;

/**
 * Population stability index, sum over bins of (u - b) ln(u / b) with b and u the shares of
 * the base and updated samples in each bin. Bin edges are the base sample's quantiles
 * k/bins, k = 1..bins-1 (numpy's default linear interpolation, via simple-statistics);
 * duplicate edges from ties in the base collapse, so there can be fewer than `bins` bins.
 * Bins are right-closed, (e_{k-1}, e_k], and the outer ones are open-ended.
 */
export function populationStabilityIndex(base: Scores, updated: Scores, bins = 10): number {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  checkNonEmpty(base, 'base scores');
  checkNonEmpty(updated, 'updated scores');
  return psiFromSorted(sortedCopy(base), sortedCopy(updated), bins);
}

function psiFromSorted(sortedBase: Float64Array, sortedUpdated: Float64Array, bins: number): number {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    // quantileSorted only indexes into its argument, so a Float64Array is fine at runtime.
    const edge = quantileSorted(sortedBase as unknown as number[], k / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }

  // With both samples sorted, the rows in bin k are those between two cut positions.
  let psi = 0;
  let prevBase = 0;
  let prevUpdated = 0;
  for (let k = 0; k <= edges.length; k++) {
    const endBase = k < edges.length ? countAtOrBelow(sortedBase, edges[k]) : sortedBase.length;
    const endUpdated = k < edges.length ? countAtOrBelow(sortedUpdated, edges[k]) : sortedUpdated.length;
    const b = Math.max((endBase - prevBase) / sortedBase.length, PSI_EPSILON);
    const u = Math.max((endUpdated - prevUpdated) / sortedUpdated.length, PSI_EPSILON);
    psi += (u - b) * Math.log(u / b);
    prevBase = endBase;
    prevUpdated = endUpdated;
  }
  return psi;
}

/** KS and PSI (base deciles) from sorted copies made once. */
export function ksAndPsi(base: Scores, updated: Scores): { ks: number; psi: number; sorted: { base: Float64Array; updated: Float64Array } } {
  checkNonEmpty(base, 'first sample');
  checkNonEmpty(updated, 'second sample');
  const sorted = { base: sortedCopy(base), updated: sortedCopy(updated) };
  return { ks: ksFromSorted(sorted.base, sorted.updated), psi: psiFromSorted(sorted.base, sorted.updated, 10), sorted };
}

/** Share of paired rows whose decision (score > threshold) differs between base and updated. */
export function flipRate(base: Scores, updated: Scores, threshold: number): number {
  if (base.length !== updated.length) {
    throw new Error(`base scores have ${base.length} rows but updated scores have ${updated.length}`);
  }
  if (base.length === 0) throw new Error('flip rate needs at least one row');
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number, got NaN');
  checkScores(base, undefined, 'base scores');
  checkScores(updated, undefined, 'updated scores');
  return countFlips(base, updated, threshold) / base.length;
}

// Hot loops live in functions that return right after them: V8 compiles a loop while its first
// call is still inside it, and code after the loop that has not run yet then deoptimizes the
// compiled function again on every later call (measured on the 64-monitor workload, Node 20).
function countFlips(base: Scores, updated: Scores, threshold: number): number {
  let flips = 0;
  for (let i = 0; i < base.length; i++) {
    if (base[i] > threshold !== updated[i] > threshold) flips++;
  }
  return flips;
}

/** KS, PSI (deciles of the base) and flip rate at the deployed threshold. */
export function shiftMetrics(base: Scores, updated: Scores, threshold: number, sorted?: { base: Float64Array; updated: Float64Array }): ShiftMetrics {
  const flip_rate = flipRate(base, updated, threshold); // validates both vectors
  const sortedBase = sorted?.base ?? sortedCopy(base);
  const sortedUpdated = sorted?.updated ?? sortedCopy(updated);
  return {
    ks: ksFromSorted(sortedBase, sortedUpdated),
    psi: psiFromSorted(sortedBase, sortedUpdated, 10),
    flip_rate,
  };
}
