/**
 * The change of a rate at the deployed threshold (TPR among positives, FPR among negatives) on
 * paired rows: the same labeled rows flagged or not by the frozen probe on the base and on the
 * updated activations. Its 95% interval is Newcombe's hybrid score interval for a difference of
 * paired proportions (method 10 of Newcombe 1998, "Improved confidence intervals for the difference
 * between binomial proportions based on paired data", Statistics in Medicine 17:2635-2650), written
 * from the paper's formulas:
 *
 *   a = flagged on both, b = updated only, c = base only, d = neither, n = a + b + c + d
 *   p1 = (a + b)/n (the updated rate), p2 = (a + c)/n (the base rate), change = p1 - p2 = (b - c)/n
 *   [l1, u1], [l2, u2]: Wilson score limits (no continuity correction) of p1 and p2
 *   phi = (ad - bc) / sqrt((a+b)(c+d)(a+c)(b+d)), 0 when any of those margins is 0
 *   lower = change - sqrt((p1 - l1)^2 - 2 phi (p1 - l1)(u2 - p2) + (u2 - p2)^2)
 *   upper = change + sqrt((u1 - p1)^2 - 2 phi (u1 - p1)(p2 - l2) + (p2 - l2)^2)
 *
 * The limits stay inside [-1, 1] and are finite for every table, including n = 1, no discordant
 * row and every row discordant. (Some texts, e.g. Altman et al.'s "Statistics with Confidence",
 * shrink phi's numerator by n/2 as a continuity correction; method 10 as used here does not.)
 */
import type { PairedRateChange } from '../types.ts';
import { checkScores, type Labels, type Scores } from './auroc.ts';
import { Z_95 } from './delong.ts';

/** The paired 2x2 table of one class: how many rows were flagged on both sides, on one, on neither. */
export interface PairedTable {
  both: number;
  updated_only: number;
  base_only: number;
  neither: number;
}

/** Wilson's score interval for x successes of n, without continuity correction; [0, 1] when n is 0. */
export function wilsonInterval(x: number, n: number, z = Z_95): [number, number] {
  if (!(n > 0)) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt(Math.max(0, (p * (1 - p)) / n + z2 / (4 * n * n)));
  // At x = 0 the lower limit is 0 and at x = n the upper is 1 exactly; rounding would leave a hair.
  return [x <= 0 ? 0 : Math.max(0, center - half), x >= n ? 1 : Math.min(1, center + half)];
}

/**
 * Newcombe's method 10 interval for the paired change (updated rate - base rate) = (b - c)/n.
 * An empty table (no row of the class) says nothing: change 0, interval [-1, 1].
 */
export function newcombePairedInterval(table: PairedTable, z = Z_95): { value: number; ci95: [number, number] } {
  const { both: a, updated_only: b, base_only: c, neither: d } = table;
  for (const [name, count] of Object.entries(table)) {
    if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`paired table count ${name} must be a whole number >= 0, got ${count}`);
  }
  const n = a + b + c + d;
  if (n === 0) return { value: 0, ci95: [-1, 1] };
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const value = (b - c) / n;
  const [l1, u1] = wilsonInterval(a + b, n, z);
  const [l2, u2] = wilsonInterval(a + c, n, z);
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  const phi = margins === 0 ? 0 : (a * d - b * c) / Math.sqrt(margins);
  const dl1 = p1 - l1;
  const du1 = u1 - p1;
  const dl2 = p2 - l2;
  const du2 = u2 - p2;
  // With |phi| <= 1 both sums are >= (x - y)^2 >= 0; the max only absorbs rounding.
  const below = Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  const above = Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  return { value, ci95: [Math.max(-1, value - below), Math.min(1, value + above)] };
}

/** The paired table of the rows of one class (label `positive`), flagged when score > threshold. */
export function pairedTable(scoresBase: Scores, scoresUpdated: Scores, labels: Labels, threshold: number, positive: 0 | 1): PairedTable {
  const table: PairedTable = { both: 0, updated_only: 0, base_only: 0, neither: 0 };
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== positive) continue;
    const base = scoresBase[i] > threshold;
    const updated = scoresUpdated[i] > threshold;
    if (base && updated) table.both++;
    else if (updated) table.updated_only++;
    else if (base) table.base_only++;
    else table.neither++;
  }
  return table;
}

/** A paired table and its change with Newcombe's interval, as the report carries it. */
export function pairedRateChange(table: PairedTable, z = Z_95): PairedRateChange {
  const { value, ci95 } = newcombePairedInterval(table, z);
  return { value, ci95, n: table.both + table.updated_only + table.base_only + table.neither, both: table.both, base_only: table.base_only, updated_only: table.updated_only };
}

/**
 * The TPR change (among positives) and the FPR change (among negatives) at the deployed threshold,
 * each with Newcombe's 95% interval, from the scores of the same rows on both models.
 */
export function pairedRateChanges(scoresBase: Scores, scoresUpdated: Scores, labels: Labels, threshold: number): { tpr_change: PairedRateChange; fpr_change: PairedRateChange } {
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number, got NaN');
  if (scoresBase.length !== scoresUpdated.length) {
    throw new Error(`base scores have ${scoresBase.length} rows but updated scores have ${scoresUpdated.length}`);
  }
  checkScores(scoresBase, labels, 'base scores');
  checkScores(scoresUpdated, labels, 'updated scores');
  return {
    tpr_change: pairedRateChange(pairedTable(scoresBase, scoresUpdated, labels, threshold, 1)),
    fpr_change: pairedRateChange(pairedTable(scoresBase, scoresUpdated, labels, threshold, 0)),
  };
}

/** The table a reported change rests on: `neither` is what the other counts leave of n. */
export function tableOfChange(change: Pick<PairedRateChange, 'n' | 'both' | 'base_only' | 'updated_only'>): PairedTable {
  return { both: change.both, updated_only: change.updated_only, base_only: change.base_only, neither: change.n - change.both - change.base_only - change.updated_only };
}
