/**
 * Label-free choice of the realignment method.
 *
 * The fitting rows are split deterministically (mulberry32) into a fit half and a held-out half.
 * Each method is fitted on the fit half; the repaired probe then scores the held-out rows of the
 * updated model, and the original probe scores the same rows of the base model. The rows are
 * paired (the same inputs through both models), so agreement row by row is the signal: the method
 * whose repaired decisions at the deployed threshold agree best with the base model's wins
 * (flip rate), with the mean gap between the two scores on the logit scale settling near-ties.
 * No labels are read.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../random.ts';
import { loadProbe, releaseProbe, scoreBatch, type ExecutionProvider } from '../scoring/probe.ts';
import { estimateFromProbabilities, type OperatingPointEstimate } from '../predict/estimate.ts';
import { REPAIR_METHODS, type ActivationBatch, type ActivationChunk, type ProbeOutput, type RepairMethod, type Tolerance } from '../types.ts';

/** Seed of the fit/held-out split; fixed so the same inputs give the same repaired probe. */
export const SPLIT_SEED = 0x6d67;

/** Row i is in the fit half when fit[i] === 1, else held out. About half of the rows each, shuffled. */
export function splitRows(rows: number, seed = SPLIT_SEED): Uint8Array {
  const order = Array.from({ length: rows }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fit = new Uint8Array(rows);
  for (let i = 0; i < Math.ceil(rows / 2); i++) fit[order[i]] = 1;
  return fit;
}

/** The rows of `batch` where keep(row) holds, renumbered from 0 (chunk.start counts kept rows). */
export function subsetBatch(batch: ActivationBatch, keep: (row: number) => boolean): ActivationBatch {
  let count = 0;
  for (let i = 0; i < batch.rows; i++) if (keep(i)) count++;
  const D = batch.width;
  async function* chunks(rowsPerChunk?: number): AsyncGenerator<ActivationChunk> {
    let next = 0;
    for await (const chunk of batch.chunks(rowsPerChunk)) {
      const picked: number[] = [];
      for (let r = 0; r < chunk.rows; r++) if (keep(chunk.start + r)) picked.push(r);
      if (picked.length === 0) continue;
      const data = new Float32Array(picked.length * D);
      picked.forEach((r, i) => data.set(chunk.data.subarray(r * D, (r + 1) * D), i * D));
      yield { start: next, rows: picked.length, data };
      next += picked.length;
    }
  }
  return { file: batch.file, tensor: batch.tensor, rows: count, width: D, tokens: batch.tokens, chunks };
}

/** Scores rows with an in-memory ONNX probe (written to a temp file so it loads like any probe). */
export async function scoreModelBytes(
  bytes: Uint8Array,
  output: ProbeOutput,
  batch: ActivationBatch,
  options: { tmpDir?: string; provider?: ExecutionProvider; rowsPerChunk?: number; name?: string } = {},
): Promise<Float64Array> {
  const own = options.tmpDir ? undefined : await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-repair-'));
  const dir = options.tmpDir ?? own!;
  const file = path.join(dir, `${options.name ?? 'probe'}.onnx`);
  try {
    await writeFile(file, bytes);
    const probe = await loadProbe(file, output, { provider: options.provider });
    try {
      return await scoreBatch(probe, batch, options.rowsPerChunk);
    } finally {
      await releaseProbe(probe);
    }
  } finally {
    if (own) await rm(own, { recursive: true, force: true });
    else await rm(file, { force: true });
  }
}

export interface AgreementMetrics {
  /** Share of rows whose decision (score > threshold) differs from the base model's. */
  flipRate: number;
  /** Mean |logit(repaired) - logit(base)| over the rows. */
  meanLogitGap: number;
  /** Of the rows the base model flags, the share the candidate stops flagging (0 when none are flagged). */
  missRate: number;
  /** Of the rows the base model leaves quiet, the share the candidate starts flagging. */
  falseOnRate: number;
  /**
   * The label-free operating-point estimate of the candidate against the base model (predict/estimate.ts):
   * max(expected TPR drop / tolerance, FPR rise / tolerance, AUROC drop / tolerance), soft labels from
   * the base probe's own scores. 1 is the stale line.
   */
  estimateScore: number;
  /** The estimate's expected changes (candidate - base) of TPR, FPR and AUROC. */
  estimateChange: { tpr: number; fpr: number; auroc: number };
  /** The whole estimate, for the report of the chosen repair. */
  estimate: OperatingPointEstimate;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

export function agreement(base: Float64Array, other: Float64Array, threshold: number, tolerance: Tolerance): AgreementMetrics {
  let flips = 0;
  let gap = 0;
  let flagged = 0;
  let missed = 0;
  let falseOn = 0;
  for (let i = 0; i < base.length; i++) {
    const b = base[i] > threshold;
    const o = other[i] > threshold;
    if (b !== o) flips++;
    if (b) {
      flagged++;
      if (!o) missed++;
    } else if (o) falseOn++;
    gap += Math.abs(logit(other[i]) - logit(base[i]));
  }
  const n = Math.max(1, base.length);
  const quiet = base.length - flagged;
  const estimated = estimateFromProbabilities(base, other, threshold, tolerance);
  const estimate = estimated.score;
  return {
    flipRate: flips / n,
    meanLogitGap: gap / n,
    missRate: flagged > 0 ? missed / flagged : 0,
    falseOnRate: quiet > 0 ? falseOn / quiet : 0,
    estimateScore: Number.isFinite(estimate) ? estimate : Infinity,
    estimateChange: { tpr: estimated.tpr.change, fpr: estimated.fpr.change, auroc: estimated.auroc.change },
    estimate: estimated,
  };
}

/**
 * How 'auto' ranks candidates on the held-out rows (lower is better):
 *   directional  max(miss rate / TPR tolerance, false-on rate / FPR tolerance) (the shipped rule)
 *   estimate     the label-free operating-point estimate's score (expected TPR drop, FPR rise, AUROC drop over tolerances)
 *   two-sided    the estimate's changes either way: max(|TPR change| / tol, |FPR change| / tol, AUROC drop / tol)
 *   flip         the flip rate, the logit gap settling near-ties (the rule before issue 14)
 */
export const SELECTION_RULES = ['directional', 'estimate', 'two-sided', 'flip'] as const;
export type SelectionRule = (typeof SELECTION_RULES)[number];
export const DEFAULT_SELECTION_RULE: SelectionRule = 'directional';

export function heldOutScoreOf(m: Omit<AgreementMetrics, 'estimate'>, heldOutRows: number, rule: SelectionRule = DEFAULT_SELECTION_RULE, tolerance?: Tolerance): number {
  switch (rule) {
    case 'estimate':
      return m.estimateScore;
    case 'two-sided': {
      const c = m.estimateChange;
      const score = Math.max(Math.abs(c.tpr) / tolerance!.tpr_drop, Math.abs(c.fpr) / tolerance!.fpr_rise, -c.auroc / tolerance!.auroc_drop);
      return Number.isFinite(score) ? score : Infinity;
    }
    case 'directional':
      return Math.max(m.missRate / tolerance!.tpr_drop, m.falseOnRate / tolerance!.fpr_rise);
    case 'flip':
      return m.flipRate + Math.min(m.meanLogitGap, 10) / (10 * Math.max(1, heldOutRows));
  }
}

export interface CandidateResult extends AgreementMetrics {
  method: RepairMethod;
  /** The simpler method actually fitted, when this one fell back. */
  fellBackTo?: RepairMethod;
  heldOutScore: number;
  /** Ridge strength and rank chosen on the held-out rows (paired-row methods). */
  ridge?: { alpha: number; rank: number };
}

/** The best candidate: lowest held-out score, ties to the simpler method (REPAIR_METHODS order). */
export function pickBest<C extends { method: RepairMethod; fellBackTo?: RepairMethod; heldOutScore: number }>(candidates: readonly C[]): C {
  const rank = (m: RepairMethod) => REPAIR_METHODS.indexOf(m);
  return [...candidates].sort((a, b) => a.heldOutScore - b.heldOutScore || rank(a.fellBackTo ?? a.method) - rank(b.fellBackTo ?? b.method))[0];
}
