/**
 * `calibrate`: each monitor's threshold on the probability scale at a target false-positive rate on
 * the BASE model's labeled eval rows, so nobody converts logits or reads score quantiles by hand.
 * The rows, labels and probe are read and scored exactly as the gate reads and scores them, and a row
 * is flagged when score > threshold, as the gate flags it. Writing the thresholds back edits only the
 * threshold scalars of the config's source text, so comments and formatting stay as they were.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { openActivationBatch, readLabels } from './activations.ts';
import { loadConfig } from './config/index.ts';
import { GateError, describeError, inputError, usageError } from './errors.ts';
import { writeOutputFile } from './report/write.ts';
import { loadProbe, readProbeFile, releaseProbe, scoreBatch, type ExecutionProvider } from './scoring/probe.ts';
import type { GateConfig, MonitorSpec } from './types.ts';

/** One monitor's calibrated threshold, or why it has none. */
export interface CalibratedMonitor {
  id: string;
  /** The threshold in the config now. */
  current: number;
  /** Base eval rows used: negatives decide the FPR, positives the TPR. */
  positives?: number;
  negatives?: number;
  /** The smallest threshold whose base FPR is at most the target. */
  threshold?: number;
  /** Base FPR and TPR when flagging score > threshold. */
  fpr?: number;
  tpr?: number;
  /** Base FPR and TPR at the threshold in the config now. */
  currentFpr?: number;
  currentTpr?: number;
  /**
   * The base FPR of any threshold just below `threshold`: the next step up. When `fpr` is under the
   * target, no threshold reaches it exactly (ties, or too few negatives for that resolution).
   */
  fprJustBelow?: number;
  /** Negatives whose score equals `threshold` (ties that move together). */
  tiedNegatives?: number;
  error?: string;
}

export interface CalibrationResult {
  config: string;
  targetFpr: number;
  monitors: CalibratedMonitor[];
}

export interface CalibrateOptions {
  targetFpr: number;
  /** Overrides config.activations.base. */
  baseDir?: string;
  provider?: ExecutionProvider;
}

/**
 * The smallest t with FPR(t) = #{negatives > t} / #negatives <= target. FPR only changes at negative
 * scores, so t is the (k+1)-th largest negative score, k = floor(target * #negatives): at most k
 * negatives lie strictly above it, and any smaller t lets that score through too.
 */
export function thresholdAtFpr(scores: Float64Array, labels: Uint8Array, targetFpr: number): Omit<CalibratedMonitor, 'id' | 'current' | 'currentFpr' | 'currentTpr'> {
  const negatives: number[] = [];
  const positives: number[] = [];
  for (let i = 0; i < scores.length; i++) (labels[i] === 1 ? positives : negatives).push(scores[i]);
  if (negatives.length === 0 || positives.length === 0) {
    return { positives: positives.length, negatives: negatives.length, error: `base eval rows need both classes to calibrate: ${positives.length} positives and ${negatives.length} negatives` };
  }
  negatives.sort((a, b) => b - a);
  // The epsilon keeps 0.05 * 200 = 10 from rounding down to 9 in floating point.
  const k = Math.min(negatives.length, Math.floor(targetFpr * negatives.length + 1e-9));
  // Every negative may be flagged: any threshold below the lowest score does it; 0 is the scale's floor.
  const threshold = k >= negatives.length ? 0 : negatives[k];
  const above = (values: number[], t: number) => values.reduce((n, s) => n + (s > t ? 1 : 0), 0);
  const tied = negatives.reduce((n, s) => n + (s === threshold ? 1 : 0), 0);
  return {
    positives: positives.length,
    negatives: negatives.length,
    threshold,
    fpr: above(negatives, threshold) / negatives.length,
    tpr: above(positives, threshold) / positives.length,
    fprJustBelow: negatives.reduce((n, s) => n + (s >= threshold ? 1 : 0), 0) / negatives.length,
    tiedNegatives: tied,
  };
}

async function calibrateMonitor(spec: MonitorSpec, config: GateConfig, options: CalibrateOptions): Promise<CalibratedMonitor> {
  const baseDir = path.resolve(options.baseDir ?? config.activations.base);
  const batch = await openActivationBatch(baseDir, spec.batch, spec.pooling, spec.mask);
  const labels = await readLabels(spec.labels, batch.file, config.root);
  if (labels.length !== batch.rows) {
    throw inputError(`labels have ${labels.length} rows but the batch '${batch.tensor}' has ${batch.rows}`, { file: batch.file });
  }
  const bytes = await readProbeFile(spec.probe, config.root);
  const probe = await loadProbe(spec.probe, spec.output, { provider: options.provider ?? 'cpu', bytes, timeLimitS: config.defaults.scoring_time_limit });
  let scores: Float64Array;
  try {
    scores = await scoreBatch(probe, batch);
  } finally {
    await releaseProbe(probe);
  }
  const found = thresholdAtFpr(scores, labels, options.targetFpr);
  const current = thresholdAtCurrent(scores, labels, spec.threshold);
  return { id: spec.id, current: spec.threshold, ...found, ...current };
}

function thresholdAtCurrent(scores: Float64Array, labels: Uint8Array, t: number): { currentFpr?: number; currentTpr?: number } {
  let pos = 0;
  let neg = 0;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] === 1) {
      pos++;
      if (scores[i] > t) tp++;
    } else {
      neg++;
      if (scores[i] > t) fp++;
    }
  }
  return pos > 0 && neg > 0 ? { currentFpr: fp / neg, currentTpr: tp / pos } : {};
}

/** Every valid monitor of the config calibrated on its base eval rows; a monitor that fails is an error row, the others go on. */
export async function calibrateConfig(configPath: string, options: CalibrateOptions & { root?: string }): Promise<CalibrationResult> {
  if (!(Number.isFinite(options.targetFpr) && options.targetFpr >= 0 && options.targetFpr < 1)) {
    throw usageError(`the target FPR must be a number from 0 up to (not including) 1, got ${options.targetFpr}`);
  }
  const config = await loadConfig(configPath, options.root === undefined ? {} : { root: options.root });
  const monitors: CalibratedMonitor[] = [];
  for (const spec of config.monitors) {
    try {
      monitors.push(await calibrateMonitor(spec, config, options));
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      monitors.push({ id: spec.id, current: spec.threshold, error: describeError(error) });
    }
  }
  for (const invalid of config.invalidMonitors) {
    monitors.push({ id: invalid.id ?? `monitors[${invalid.index}]`, current: NaN, error: `${config.path}:${invalid.line}:${invalid.column}: ${invalid.message}` });
  }
  return { config: config.path, targetFpr: options.targetFpr, monitors };
}

/** A threshold as the config holds it: the shortest decimal that reads back as the same double. */
export const formatThreshold = (t: number) => String(t);

/**
 * The config's text with each calibrated monitor's `threshold:` value replaced in place: only the
 * characters of those scalars change. A monitor whose threshold is not a plain scalar in its own
 * entry (an alias, a merge key) cannot be edited safely and is an error.
 */
export function withThresholds(text: string, file: string, thresholds: ReadonlyMap<string, number>): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw inputError(`cannot edit: ${doc.errors[0].message.split('\n')[0]}`, { file });
  const monitors = isMap(doc.contents) ? doc.contents.get('monitors', true) : undefined;
  if (!isSeq(monitors)) throw inputError('cannot edit: no monitors: sequence', { file });
  const edits: Array<{ start: number; end: number; value: string }> = [];
  const seen = new Set<string>();
  for (const item of monitors.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id !== 'string' || !thresholds.has(id)) continue;
    const node = item.get('threshold', true);
    if (!isScalar(node) || typeof node.value !== 'number' || !node.range) {
      throw inputError(`cannot edit the threshold of monitor '${id}': it is not a number written in the monitor's own entry`, { file });
    }
    const [start, end] = (node as Scalar).range!;
    edits.push({ start, end, value: formatThreshold(thresholds.get(id)!) });
    seen.add(id);
  }
  const missing = [...thresholds.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) throw inputError(`cannot edit: no entry with id ${missing.map((m) => `'${m}'`).join(', ')}`, { file });
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.value + out.slice(e.end);
  return out;
}

/**
 * Writes the calibrated thresholds into the config file, atomically (a temporary file renamed over
 * it). Returns the ids written. The edited text is loaded back first, and every calibrated
 * monitor must read back with exactly its new threshold, or nothing is written.
 */
export async function writeCalibratedThresholds(configPath: string, result: CalibrationResult, options: { root?: string } = {}): Promise<string[]> {
  const thresholds = new Map(result.monitors.filter((m) => m.threshold !== undefined && m.error === undefined).map((m) => [m.id, m.threshold!]));
  if (thresholds.size === 0) return [];
  const text = await readFile(configPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw inputError(`cannot read the config: ${error.code ?? error.message}`, { file: configPath });
  });
  const edited = withThresholds(text, configPath, thresholds);
  const check = parseDocument(edited).toJS() as { monitors?: Array<{ id?: unknown; threshold?: unknown }> };
  for (const [id, t] of thresholds) {
    const entry = check.monitors?.find((m) => m.id === id);
    if (entry?.threshold !== t) throw inputError(`the edited config would read monitor '${id}' threshold as ${String(entry?.threshold)}, not ${t}; nothing written`, { file: configPath });
  }
  await writeOutputFile(configPath, edited, { what: 'config' });
  // Loaded whole again: what was written is still a valid config.
  await loadConfig(configPath, options.root === undefined ? {} : { root: options.root });
  return [...thresholds.keys()];
}
