/**
 * Ranking training samples by how hard they push the monitors (the report's `sample_risk`).
 *
 * Pushes of different monitors are in different units (each probe's direction, at its own layer),
 * so across monitors a sample is ranked by its push over the monitor's typical push: the root mean
 * square over all samples of that monitor. Either sign moves the operating point (toward the
 * positive side raises the FPR, away lowers the TPR), so the rank is by magnitude.
 */
import type { SampleRiskBatch } from './batch.ts';

export interface RankedSample {
  file: string;
  line: number;
  monitor: string;
  /** The push along the monitor's direction (signed). */
  push: number;
  /** |push| over the monitor's RMS push: how unusual the sample is for that monitor. */
  ratio: number;
}

export interface MonitorSampleRisk {
  id: string;
  /** Mean signed push over the dataset: the expected drift along the monitor's direction of one epoch's step. */
  mean_push: number;
  /** Root mean square push: the scale `ratio` is measured in. */
  rms_push: number;
  /** The samples with the largest |push| for this monitor, largest first. */
  top: RankedSample[];
}

export interface SampleRiskSection {
  /** The batch file, as the report shows paths. */
  batch: string;
  samples: number;
  files: string[];
  /** The folder the files are relative to, as the report shows paths (annotations point there). */
  dataset_root?: string;
  method?: string;
  model?: string;
  /** One entry per monitor that is both in the config and in the batch, in config order. */
  monitors: MonitorSampleRisk[];
  /** Across the config's monitors: each sample at its largest ratio, largest first. */
  top: RankedSample[];
  /** Batch columns no config monitor has. */
  unknown_monitors?: string[];
  /** Config monitors the batch has no column for. */
  unscored_monitors?: string[];
  /** Set when the batch could not be read: the gate then fails (a screening asked for did not run). */
  error?: string;
}

/** Per-monitor RMS of the pushes (0 for a monitor whose pushes are all 0). */
export function rmsPushes(batch: SampleRiskBatch): Float64Array {
  const M = batch.monitors.length;
  const sums = new Float64Array(M);
  for (let s = 0; s < batch.samples; s++) for (let m = 0; m < M; m++) sums[m] += batch.scores[s * M + m] ** 2;
  return sums.map((v) => Math.sqrt(v / Math.max(1, batch.samples)));
}

/** |push| of sample s on column m over that column's RMS push (0 for a column of zeros). */
function ratioOf(batch: SampleRiskBatch, s: number, m: number, rms: Float64Array): number {
  return rms[m] > 0 ? Math.abs(batch.scores[s * batch.monitors.length + m]) / rms[m] : 0;
}

function sample(batch: SampleRiskBatch, s: number, m: number, rms: Float64Array): RankedSample {
  const push = batch.scores[s * batch.monitors.length + m];
  return { file: batch.files[batch.fileIndex[s]], line: batch.line[s], monitor: batch.monitors[m], push, ratio: ratioOf(batch, s, m, rms) };
}

/** Ties by file, then line, so the order does not depend on the batch's row order. */
function byPlace(batch: SampleRiskBatch): (a: number, b: number) => number {
  return (a, b) => batch.fileIndex[a] - batch.fileIndex[b] || batch.line[a] - batch.line[b];
}

/**
 * Sample indexes, riskiest first, over the given columns: by the largest ratio among them (for one
 * column, the same order as |push|).
 */
export function riskOrder(batch: SampleRiskBatch, columns: readonly number[], rms = rmsPushes(batch)): Uint32Array {
  const key = new Float64Array(batch.samples);
  for (let s = 0; s < batch.samples; s++) {
    for (const m of columns) key[s] = Math.max(key[s], ratioOf(batch, s, m, rms));
  }
  const place = byPlace(batch);
  return Uint32Array.from({ length: batch.samples }, (_, i) => i).sort((a, b) => key[b] - key[a] || place(a, b));
}

/** The column among `columns` whose ratio is largest for sample s. */
function worstColumn(batch: SampleRiskBatch, s: number, columns: readonly number[], rms: Float64Array): number {
  let best = columns[0];
  let bestRatio = -1;
  for (const m of columns) {
    const ratio = ratioOf(batch, s, m, rms);
    if (ratio > bestRatio) {
      best = m;
      bestRatio = ratio;
    }
  }
  return best;
}

/**
 * The report section: for each config monitor the batch scores, its mean push and its top samples;
 * across them, the top samples. `top` samples are listed per monitor and overall.
 */
export function rankSampleRisk(batch: SampleRiskBatch, options: { monitorIds: readonly string[]; top: number; shownBatch: string; shownDatasetRoot?: string }): SampleRiskSection {
  const M = batch.monitors.length;
  const rms = rmsPushes(batch);
  const known = new Set(options.monitorIds);
  const column = new Map(batch.monitors.map((id, m) => [id, m]));
  const monitors: MonitorSampleRisk[] = [];
  for (const id of options.monitorIds) {
    const m = column.get(id);
    if (m === undefined) continue;
    let sum = 0;
    for (let s = 0; s < batch.samples; s++) sum += batch.scores[s * M + m];
    const order = riskOrder(batch, [m], rms);
    monitors.push({
      id,
      mean_push: batch.samples > 0 ? sum / batch.samples : 0,
      rms_push: rms[m],
      top: Array.from(order.subarray(0, options.top), (s) => sample(batch, s, m, rms)),
    });
  }
  const columns = options.monitorIds.flatMap((id) => (column.has(id) ? [column.get(id)!] : []));
  const overall = columns.length > 0 ? riskOrder(batch, columns, rms) : new Uint32Array(0);
  const unknown = batch.monitors.filter((id) => !known.has(id));
  const unscored = options.monitorIds.filter((id) => !column.has(id));
  return {
    batch: options.shownBatch,
    samples: batch.samples,
    files: batch.files,
    ...(options.shownDatasetRoot !== undefined ? { dataset_root: options.shownDatasetRoot } : {}),
    ...(batch.method ? { method: batch.method } : {}),
    ...(batch.model ? { model: batch.model } : {}),
    monitors,
    top: Array.from(overall.subarray(0, options.top), (s) => sample(batch, s, worstColumn(batch, s, columns, rms), rms)),
    ...(unknown.length ? { unknown_monitors: unknown } : {}),
    ...(unscored.length ? { unscored_monitors: unscored } : {}),
  };
}
