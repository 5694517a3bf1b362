/**
 * DeLong, DeLong & Clarke-Pearson (1988) test for two correlated AUROCs measured on the same
 * rows, with the structural components computed by the fast midrank algorithm of
 * Sun & Xu (2014), "Fast Implementation of DeLong's Algorithm for Comparing the Areas
 * Under Correlated Receiver Operating Characteristic Curves", IEEE SPL 21(11).
 */
import type { DeLongResult } from '../types.ts';
import { checkScores, classCounts, countBelow, type Labels, type Scores, type SortedClasses } from './auroc.ts';
import { sortedScores } from './sort.ts';

/** Two-sided 95% normal quantile, Φ^-1(0.975). */
const Z_95 = 1.959963984540054;

export type DeLongPairedResult = DeLongResult & { auroc_base: number; auroc_updated: number };

interface StructuralComponents {
  auroc: number;
  /** V10[i]: share of negatives a positive outscores (ties 1/2), positives in row order. */
  v10: Float64Array;
  /** V01[j]: share of positives that outscore a negative (ties 1/2), negatives in row order. */
  v01: Float64Array;
}

/**
 * Sun & Xu: with Tx, Ty, Tz the midranks of a score within the positives, the negatives and
 * the combined sample,
 *   AUC    = (sum_i Tz(x_i) - m(m+1)/2) / (m n)
 *   V10_i  = (Tz(x_i) - Tx(x_i)) / n
 *   V01_j  = 1 - (Tz(y_j) - Ty(y_j)) / m
 * The midranks come from one merge walk over the sorted positives and negatives (a tie group
 * at positions [i, iEnd) of the positives and [j, jEnd) of the negatives has Tx = (i + iEnd + 1)/2
 * and Tz = (i + j + iEnd + jEnd + 1)/2); each row then finds its group with one binary search.
 * O(N log N) overall, no O(m n) kernel.
 */
function structuralComponents(scores: Scores, labels: Labels, m: number, n: number, sorted?: SortedClasses): StructuralComponents {
  const x = new Float64Array(m);
  const y = new Float64Array(n);
  let p = 0;
  let q = 0;
  for (let r = 0; r < labels.length; r++) {
    const v = scores[r] + 0; // fold -0 into +0
    if (labels[r] === 1) x[p++] = v;
    else y[q++] = v;
  }
  // the same values sorted: reuse the caller's sort when it has one
  const xs = sorted ? sorted.pos : sortedScores(x);
  const ys = sorted ? sorted.neg : sortedScores(y);

  // Components per sorted position (equal for a whole tie group).
  const v10Sorted = new Float64Array(m);
  const v01Sorted = new Float64Array(n);
  let sumTzPos = 0; // integers and halves below 2^53: exact
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    const v = i >= m ? ys[j] : j >= n ? xs[i] : Math.min(xs[i], ys[j]);
    let iEnd = i;
    while (iEnd < m && xs[iEnd] === v) iEnd++;
    let jEnd = j;
    while (jEnd < n && ys[jEnd] === v) jEnd++;
    const tz = (i + j + iEnd + jEnd + 1) / 2;
    if (iEnd > i) {
      const tx = (i + iEnd + 1) / 2;
      v10Sorted.fill((tz - tx) / n, i, iEnd);
      sumTzPos += (iEnd - i) * tz;
    }
    if (jEnd > j) {
      const ty = (j + jEnd + 1) / 2;
      v01Sorted.fill(1 - (tz - ty) / m, j, jEnd);
    }
    i = iEnd;
    j = jEnd;
  }

  // Back to row order, so base and updated components pair up row by row.
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let k = 0; k < m; k++) v10[k] = v10Sorted[countBelow(xs, x[k])];
  for (let k = 0; k < n; k++) v01[k] = v01Sorted[countBelow(ys, y[k])];
  return { auroc: (sumTzPos - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

/**
 * Sample variance (denominator k - 1) of a[i] - b[i]. Equals Saa + Sbb - 2 Sab of the 2x2
 * covariance, computed without the cancellation that form suffers for highly correlated
 * (near-identical) score vectors. Fewer than two rows carry no variance information: 0.
 */
function varianceOfDifference(a: Float64Array, b: Float64Array): number {
  const k = a.length;
  if (k < 2) return 0;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += a[i] - b[i];
  mean /= k;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    const d = a[i] - b[i] - mean;
    ss += d * d;
  }
  return ss / (k - 1);
}

/**
 * erfc(x) with ~1.2e-7 relative accuracy everywhere (Numerical Recipes' erfcc, the same
 * Chebyshev fit simple-statistics uses for errorFunction). Hand-written because
 * simple-statistics only offers erf = 1 - erfc, which rounds tail p-values below ~1e-16 to 0,
 * and cumulativeStdNormalProbability, a 4-digit table that stops at |z| = 3.09 (p >= 0.002).
 */
export function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const tau =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? tau : 2 - tau;
}

/** Two-sided normal p-value, 2 (1 - Φ(|z|)) = erfc(|z| / √2), clamped to [0, 1]. */
export function twoSidedNormalP(z: number): number {
  if (z === 0) return 1;
  return Math.min(1, Math.max(0, erfc(Math.abs(z) / Math.SQRT2)));
}

/**
 * Paired DeLong test of auroc_updated - auroc_base on the same labelled rows.
 * se = sqrt(L S L'), S = S10/m + S01/n, L = [-1, 1]; z = diff / se; two-sided normal p;
 * ci95 = diff ± 1.96 se. With zero estimated variance (identical scores, both AUROCs 1, ...)
 * se = 0, z = 0, ci95 = [diff, diff] and p = 1 when diff = 0 (else 0: the estimate has no
 * spread, so any non-zero difference is as significant as it gets). Never NaN.
 */
export function delongPairedTest(scoresBase: Scores, scoresUpdated: Scores, labels: Labels, sorted?: { base: SortedClasses; updated: SortedClasses }): DeLongPairedResult {
  if (scoresBase.length !== scoresUpdated.length) {
    throw new Error(`base scores have ${scoresBase.length} rows but updated scores have ${scoresUpdated.length}`);
  }
  checkScores(scoresBase, labels, 'base scores');
  checkScores(scoresUpdated, labels, 'updated scores');
  const { positives: m, negatives: n } = classCounts(labels);
  if (m === 0 || n === 0) {
    throw new Error(`the DeLong test needs both classes; found ${m} positives and ${n} negatives`);
  }
  const base = structuralComponents(scoresBase, labels, m, n, sorted?.base);
  const updated = structuralComponents(scoresUpdated, labels, m, n, sorted?.updated);
  const diff = updated.auroc - base.auroc;
  const variance = varianceOfDifference(updated.v10, base.v10) / m + varianceOfDifference(updated.v01, base.v01) / n;
  const se = variance > 0 ? Math.sqrt(variance) : 0;
  if (se === 0) {
    return {
      diff,
      se: 0,
      z: 0,
      p_value: diff === 0 ? 1 : 0,
      ci95: [diff, diff],
      auroc_base: base.auroc,
      auroc_updated: updated.auroc,
    };
  }
  const z = diff / se;
  return {
    diff,
    se,
    z,
    p_value: twoSidedNormalP(z),
    ci95: [diff - Z_95 * se, diff + Z_95 * se],
    auroc_base: base.auroc,
    auroc_updated: updated.auroc,
  };
}
