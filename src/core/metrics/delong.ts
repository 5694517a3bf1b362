/**
 * DeLong, DeLong & Clarke-Pearson (1988) test for two correlated AUROCs measured on the same
 * rows, with the structural components computed by the fast midrank algorithm of
 * Sun & Xu (2014), "Fast Implementation of DeLong's Algorithm for Comparing the Areas
 * Under Correlated Receiver Operating Characteristic Curves", IEEE SPL 21(11).
 */
import type { DeLongResult } from '../types.ts';
import { checkScores, classCounts, type Labels, type Scores } from './auroc.ts';
import { scoreOrder } from './sort.ts';

/** Two-sided 95% normal quantile, Φ^-1(0.975). */
export const Z_95 = 1.959963984540054;

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
 * The midranks come from one walk over all rows in score order (scoreOrder, shared with the other
 * metrics): a tie group holding positives [i, iEnd) and negatives [j, jEnd) of the classes' sorted
 * positions has Tx = (i + iEnd + 1)/2 and Tz = (i + j + iEnd + jEnd + 1)/2, and every row of the
 * group takes its value directly. O(N log N) for the sort, then linear; no O(m n) kernel.
 */
function structuralComponents(scores: Scores, labels: Labels, m: number, n: number): StructuralComponents {
  const classIndex = placesInClass(labels);
  const order = scoreOrder(scores);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  const sumTzPos = fillComponents(scores, labels, order, classIndex, v10, v01, m, n);
  return { auroc: (sumTzPos - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

/** Each row's place among its own class, in row order (the order v10 and v01 are returned in). */
function placesInClass(labels: Labels): Uint32Array {
  const classIndex = new Uint32Array(labels.length);
  let p = 0;
  let q = 0;
  for (let r = 0; r < labels.length; r++) classIndex[r] = labels[r] === 1 ? p++ : q++;
  return classIndex;
}

/**
 * Writes each row's structural component into v10 (positives) and v01 (negatives) and returns the
 * sum of the positives' mid-ranks. Its own function so that V8 compiles the loop with the code after
 * it already seen (see countFlips in shift.ts).
 */
function fillComponents(scores: Scores, labels: Labels, order: Uint32Array, classIndex: Uint32Array, v10: Float64Array, v01: Float64Array, m: number, n: number): number {
  let sumTzPos = 0; // integers and halves below 2^53: exact
  let i = 0; // positives below the current tie group
  let j = 0; // negatives below it
  for (let a = 0; a < order.length; ) {
    const v = scores[order[a]] + 0; // fold -0 into +0
    let b = a;
    let iEnd = i;
    let jEnd = j;
    while (b < order.length && scores[order[b]] + 0 === v) {
      if (labels[order[b]] === 1) iEnd++;
      else jEnd++;
      b++;
    }
    const tz = (i + j + iEnd + jEnd + 1) / 2;
    const c10 = (tz - (i + iEnd + 1) / 2) / n;
    const c01 = 1 - (tz - (j + jEnd + 1) / 2) / m;
    for (let k = a; k < b; k++) {
      const r = order[k];
      if (labels[r] === 1) v10[classIndex[r]] = c10;
      else v01[classIndex[r]] = c01;
    }
    sumTzPos += (iEnd - i) * tz;
    i = iEnd;
    j = jEnd;
    a = b;
  }
  return sumTzPos;
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
export function delongPairedTest(scoresBase: Scores, scoresUpdated: Scores, labels: Labels): DeLongPairedResult {
  if (scoresBase.length !== scoresUpdated.length) {
    throw new Error(`base scores have ${scoresBase.length} rows but updated scores have ${scoresUpdated.length}`);
  }
  checkScores(scoresBase, labels, 'base scores');
  checkScores(scoresUpdated, labels, 'updated scores');
  const { positives: m, negatives: n } = classCounts(labels);
  if (m === 0 || n === 0) {
    throw new Error(`the DeLong test needs both classes; found ${m} positives and ${n} negatives`);
  }
  const base = structuralComponents(scoresBase, labels, m, n);
  const updated = structuralComponents(scoresUpdated, labels, m, n);
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
