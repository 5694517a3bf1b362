/**
 * Metrics at an operating point. A row is flagged when score > threshold (strict), the same
 * rule the deployed monitors use.
 */
import type { OperatingMetrics } from '../types.ts';
import {
  aurocFromSorted,
  checkScores,
  classCounts,
  countAtOrBelow,
  sortedByClass,
  type Labels,
  type Scores,
  type SortedClasses,
} from './auroc.ts';

function checkThreshold(threshold: number): void {
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number, got NaN');
}

/** TPR and FPR when rows with score > threshold are flagged. Throws when a class is empty. */
export function ratesAtThreshold(scores: Scores, labels: Labels, threshold: number): { tpr: number; fpr: number } {
  checkThreshold(threshold);
  checkScores(scores, labels);
  const { positives, negatives } = classCounts(labels);
  if (positives === 0 || negatives === 0) {
    throw new Error(`metrics need both classes; found ${positives} positives and ${negatives} negatives`);
  }
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] > threshold) {
      if (labels[i] === 1) tp++;
      else fp++;
    }
  }
  return { tpr: tp / positives, fpr: fp / negatives };
}

/** Same as ratesAtThreshold on already sorted classes: rows above the threshold are those not <= it. */
export function ratesFromSorted({ pos, neg }: SortedClasses, threshold: number): { tpr: number; fpr: number } {
  checkThreshold(threshold);
  return {
    tpr: (pos.length - countAtOrBelow(pos, threshold)) / pos.length,
    fpr: (neg.length - countAtOrBelow(neg, threshold)) / neg.length,
  };
}

/**
 * Highest TPR over the cuts a strict threshold can make whose FPR is <= maxFpr.
 * Walks the distinct scores from the top: lowering the threshold past a value flags every
 * row with that value at once (a tie cannot be split), so the FPR is checked after each
 * whole tie group. "Flag nothing" (TPR 0, FPR 0) is always a candidate.
 */
export function recallAtFprFromSorted({ pos, neg }: SortedClasses, maxFpr: number): number {
  const m = pos.length;
  const n = neg.length;
  let i = m - 1; // positives above the cut are pos[i+1 .. m-1]
  let j = n - 1;
  let best = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === v) i--;
    while (j >= 0 && neg[j] === v) j--;
    // FPR only grows as the cut moves down, so the first violation ends the search.
    if ((n - 1 - j) / n > maxFpr) break;
    best = (m - 1 - i) / m;
  }
  return best;
}

/** Highest recall (TPR) reachable with FPR <= maxFpr under the strict-threshold rule. */
export function recallAtFpr(scores: Scores, labels: Labels, maxFpr: number): number {
  if (!(maxFpr >= 0)) throw new RangeError(`maxFpr must be a number >= 0, got ${maxFpr}`);
  return recallAtFprFromSorted(sortedByClass(scores, labels), maxFpr);
}

/** AUROC, TPR/FPR at the deployed threshold, and recall at 1% and 5% FPR; sorts once. */
export function operatingMetrics(scores: Scores, labels: Labels, threshold: number, presorted?: SortedClasses): OperatingMetrics {
  checkThreshold(threshold);
  const sorted = presorted ?? sortedByClass(scores, labels);
  const { tpr, fpr } = ratesFromSorted(sorted, threshold);
  return {
    auroc: aurocFromSorted(sorted),
    tpr,
    fpr,
    recall_at_1fpr: recallAtFprFromSorted(sorted, 0.01),
    recall_at_5fpr: recallAtFprFromSorted(sorted, 0.05),
  };
}
