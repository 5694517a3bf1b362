/**
 * AUROC with exact tie handling, plus the small array helpers the other metric files share.
 *
 * Everything here works on sorted Float64Array copies (a radix sort on the float64 bits, no
 * per-row objects: sort.ts), so a million rows cost a couple of typed-array sorts and linear walks.
 */

import { scoreOrder, sortedScores } from './sort.ts';

/** Scores as the pipeline produces them (Float64Array) or as tests and callers may pass them. */
export type Scores = Float64Array | Float32Array | readonly number[];
/** 0/1 class labels, one per row. */
export type Labels = Uint8Array;

/** Sorted (ascending) scores of the positive and the negative rows. */
export interface SortedClasses {
  pos: Float64Array;
  neg: Float64Array;
}

/**
 * Checks a score vector (and optional labels) before any metric touches it: same length,
 * labels strictly 0/1, no NaN (a NaN would silently corrupt every sort-based statistic).
 */
export function checkScores(scores: Scores, labels?: Labels, what = 'scores'): void {
  if (labels && scores.length !== labels.length) {
    throw new Error(`${what} has ${scores.length} rows but labels have ${labels.length}`);
  }
  const nan = knownNaNFree(scores) ? -1 : firstNaN(scores);
  if (nan >= 0) throw new Error(`${what} contains NaN at row ${nan}`);
  if (labels) {
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] > 1) throw new Error(`labels must be 0 or 1; row ${i} is ${labels[i]}`);
    }
  }
}

function firstNaN(scores: ArrayLike<number>): number {
  for (let i = 0; i < scores.length; i++) if (Number.isNaN(scores[i])) return i;
  return -1;
}

/**
 * Score vectors known to hold no NaN: the stream's, checked value by value as they were written and
 * only read afterwards (the same contract as the sort orders remembered in sort.ts). Every metric
 * checks its inputs, so a monitor's vectors would otherwise be scanned a dozen times.
 */
const nanFree = new WeakSet<Float64Array>();
export function markNaNFree(scores: Float64Array): void {
  nanFree.add(scores);
}
function knownNaNFree(scores: ArrayLike<number>): boolean {
  return nanFree.has(scores as Float64Array);
}
export function containsNaN(scores: ArrayLike<number>): boolean {
  return !knownNaNFree(scores) && firstNaN(scores) >= 0;
}

/** Counts positives (label 1) and negatives (label 0). */
export function classCounts(labels: Labels): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  return { positives, negatives: labels.length - positives };
}

/** A sorted Float64Array copy; -0 is folded into +0 so that it groups with 0 everywhere. */
export function sortedCopy(values: Scores): Float64Array {
  return sortedScores(values);
}

/**
 * Splits scores by label into two ascending Float64Arrays. Validates the input and throws
 * when either class is empty (AUROC, TPR and FPR are undefined then).
 */
export function sortedByClass(scores: Scores, labels: Labels): SortedClasses {
  checkScores(scores, labels);
  const { positives, negatives } = classCounts(labels);
  if (positives === 0 || negatives === 0) {
    throw new Error(`metrics need both classes; found ${positives} positives and ${negatives} negatives`);
  }
  // one order of all the scores, split by class: each class comes out sorted
  const order = scoreOrder(scores);
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  splitInOrder(scores, labels, order, pos, neg);
  return { pos, neg };
}

/** A function of its own for V8's sake (see countFlips in shift.ts). */
function splitInOrder(scores: Scores, labels: Labels, order: Uint32Array, pos: Float64Array, neg: Float64Array): void {
  let p = 0;
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const v = scores[i] + 0;
    if (labels[i] === 1) pos[p++] = v;
    else neg[n++] = v;
  }
}

/** Number of elements of an ascending array strictly less than x (lower bound). */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements of an ascending array less than or equal to x (upper bound). */
export function countAtOrBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mann-Whitney U / (m n) from the two sorted classes in one merge walk:
 * every positive counts the negatives below it, plus half of those tied with it.
 * U is a sum of integers and halves below 2^53, so it is exact.
 */
export function aurocFromSorted({ pos, neg }: SortedClasses): number {
  const m = pos.length;
  const n = neg.length;
  let u = 0;
  let j = 0; // negatives strictly below the current positive value
  let i = 0;
  while (i < m) {
    const v = pos[i];
    let iEnd = i + 1;
    while (iEnd < m && pos[iEnd] === v) iEnd++;
    while (j < n && neg[j] < v) j++;
    let jEnd = j;
    while (jEnd < n && neg[jEnd] === v) jEnd++;
    u += (iEnd - i) * (j + 0.5 * (jEnd - j));
    i = iEnd;
  }
  return u / (m * n);
}

/**
 * Exact AUROC (probability that a random positive outscores a random negative, ties 1/2),
 * i.e. the Mann-Whitney U statistic over midranks divided by n_pos * n_neg.
 * Throws when a class is empty or the inputs are malformed.
 */
export function aurocWithTies(scores: Scores, labels: Labels): number {
  return aurocFromSorted(sortedByClass(scores, labels));
}
