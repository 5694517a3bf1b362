/**
 * Repairing one stale monitor without labels, and measuring the repair with them.
 *
 * repairMonitor() fits on the monitor's `calibration:` rows (unlabeled, same file in both activation
 * folders), else on its eval rows with the labels left unread; with method 'auto' it picks the method
 * on held-out rows (choose.ts), refits it on all rows and composes the repaired ONNX probe.
 * evaluateRepair() scores that probe on the updated eval rows with their labels: AUROC, TPR and FPR at
 * the original threshold, and whether the monitor is fresh again against the base model.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openActivationBatch, openPairedBatches, readLabels } from '../activations.ts';
import { GateError, describeError, inputError, probeError } from '../errors.ts';
import { operatingMetrics } from '../metrics/index.ts';
import type { ExecutionProvider } from '../scoring/probe.ts';
import { REPAIR_METHODS, type ActivationBatch, type Logger, type MonitorRepair, type MonitorSpec, type OperatingMetrics, type RepairMethod, type RepairMethodSetting, type TensorRef } from '../types.ts';
import { judgeStaleness } from '../verdict.ts';
import { agreement, heldOutScoreOf, pickBest, scoreModelBytes, splitRows, subsetBatch, type CandidateResult } from './choose.ts';
import { composeRepairedProbe } from './compose.ts';
import { fitRealignment, pairedStats, statsNeeded, type AffineMap, type FitContext, type PairedStats } from './fit.ts';
import { MatrixEngine, type LinalgEngine } from './linalg.ts';

/** Below this many fitting rows there is no meaningful held-out comparison; 'auto' uses mean-shift. */
export const MIN_ROWS_TO_CHOOSE = 8;

const silentLogger: Logger = { info() {}, warning() {}, error() {}, debug() {} };

export interface RepairMonitorOptions {
  monitor: MonitorSpec;
  baseDir: string;
  updatedDir: string;
  /** Default: monitor.repair?.method, else 'auto'. */
  method?: RepairMethodSetting;
  provider?: ExecutionProvider;
  logger?: Logger;
  /** 'exact' float64 or 'iterative' onnxruntime linear algebra; default by width. */
  linalg?: LinalgEngine;
  /** onnxruntime threads for the matrix work. */
  threads?: number;
  /** 'prepend' never folds the map into the probe's weights (for tests). */
  composition?: 'auto' | 'prepend';
  rowsPerChunk?: number;
}

export interface RepairResult {
  monitorId: string;
  requested: RepairMethodSetting;
  /** The method of the repaired probe (after any fallback). */
  method: RepairMethod;
  /** The held-out comparison behind an 'auto' choice (empty when a method was given). */
  candidates: CandidateResult[];
  /** The original probe on the held-out updated rows, for comparison (auto only). */
  unrepaired?: { heldOutScore: number; flipRate: number; meanLogitGap: number };
  map: AffineMap;
  modelBytes: Uint8Array;
  composition: 'folded' | 'prepended';
  fit: { source: 'calibration' | 'eval'; data: string; rows: number };
  warnings: string[];
}

interface FittingData {
  source: 'calibration' | 'eval';
  ref: TensorRef;
  base: ActivationBatch;
  updated: ActivationBatch;
}

const describeRef = (ref: TensorRef) => (ref.tensor ? `${ref.file}#${ref.tensor}` : ref.file);

/** Reads every row once so a non-finite value shows up now, as a GateError, rather than mid-fit. */
async function scanFinite(batch: ActivationBatch): Promise<void> {
  for await (const chunk of batch.chunks()) void chunk;
}

/** The monitor's calibration rows, or (when it has none, or they are unusable) its eval rows; never labels. */
async function fittingData(monitor: MonitorSpec, baseDir: string, updatedDir: string, warnings: string[]): Promise<FittingData> {
  if (monitor.calibration) {
    try {
      const pair = await openPairedBatches(monitor, monitor.calibration, baseDir, updatedDir);
      await scanFinite(pair.base);
      await scanFinite(pair.updated);
      return { source: 'calibration', ref: monitor.calibration, ...pair };
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      warnings.push(`calibration rows ${describeRef(monitor.calibration)} are unusable (${describeError(error)}); fitting on the eval rows instead, without their labels`);
    }
  }
  const pair = await openPairedBatches(monitor, monitor.batch, baseDir, updatedDir);
  await scanFinite(pair.base);
  await scanFinite(pair.updated);
  return { source: 'eval', ref: monitor.batch, ...pair };
}

/**
 * Repairs one monitor: fits the realignment on unlabeled rows (choosing the method on held-out rows
 * for 'auto') and composes the repaired probe. Reads no labels. Deterministic: the same files give
 * the same bytes.
 */
export async function repairMonitor(options: RepairMonitorOptions): Promise<RepairResult> {
  const { monitor } = options;
  const logger = options.logger ?? silentLogger;
  const requested: RepairMethodSetting = options.method ?? monitor.repair?.method ?? 'auto';
  if (requested !== 'auto' && !REPAIR_METHODS.includes(requested)) throw new TypeError(`repairMonitor: unknown method '${String(requested)}'`);
  const warnings: string[] = [];
  const data = await fittingData(monitor, path.resolve(options.baseDir), path.resolve(options.updatedDir), warnings);
  const D = data.base.width;
  const rows = data.base.rows;
  const fitData = `${data.source} ${describeRef(data.ref)}`;
  let original: Uint8Array;
  try {
    original = new Uint8Array(await readFile(monitor.probe));
  } catch (error) {
    throw probeError(`cannot read the probe: ${(error as Error).message}`, { file: monitor.probe });
  }

  let engine: MatrixEngine | undefined;
  const engineFor = (methods: readonly RepairMethod[]) => {
    const need = statsNeeded(methods);
    if ((need.covariance || need.cross) && !engine) engine = new MatrixEngine(D, { threads: options.threads });
    return engine;
  };
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-repair-'));
  const compose = (map: AffineMap, fitRows: number) =>
    composeRepairedProbe(original, map, { method: map.method, monitorId: monitor.id, fitRows, fitData, composition: options.composition, file: monitor.probe });

  try {
    let chosen: RepairMethod;
    let candidates: CandidateResult[] = [];
    let unrepaired: RepairResult['unrepaired'];
    if (requested !== 'auto') {
      chosen = requested;
    } else if (rows < MIN_ROWS_TO_CHOOSE) {
      chosen = 'mean-shift';
      warnings.push(`only ${rows} fitting rows: too few to compare methods on held-out rows, so the repair uses mean-shift`);
    } else {
      const choice = await chooseOnHeldOut();
      chosen = choice.chosen;
      candidates = choice.candidates;
      unrepaired = choice.unrepaired;
    }

    // refit the chosen method on every row
    const all = await pairedStats(data.base, data.updated, { ...statsNeeded([chosen]), engine: engineFor([chosen]), rowsPerChunk: options.rowsPerChunk });
    const ctx: FitContext = { engine, linalg: options.linalg, warnings, trace: (l) => logger.debug(`${monitor.id}: ${l}`) };
    const map = await fitRealignment(chosen, all, ctx);
    const composed = compose(map, all.rows);
    warnings.push(...composed.warnings);
    logger.debug(`${monitor.id}: repaired with ${map.method} (${composed.composition}) fitted on ${all.rows} ${fitData} rows`);
    return {
      monitorId: monitor.id,
      requested,
      method: map.method,
      candidates,
      unrepaired,
      map,
      modelBytes: composed.bytes,
      composition: composed.composition,
      fit: { source: data.source, data: fitData, rows: all.rows },
      warnings,
    };
  } finally {
    await engine?.release();
    await rm(tmpDir, { recursive: true, force: true });
  }

  async function chooseOnHeldOut(): Promise<{ chosen: RepairMethod; candidates: CandidateResult[]; unrepaired: RepairResult['unrepaired'] }> {
    const fitRows = splitRows(rows);
    const fitStats: PairedStats = await pairedStats(data.base, data.updated, {
      ...statsNeeded(REPAIR_METHODS),
      engine: engineFor(REPAIR_METHODS),
      include: (r) => fitRows[r] === 1,
      rowsPerChunk: options.rowsPerChunk,
    });
    const heldOut = (batch: ActivationBatch) => subsetBatch(batch, (r) => fitRows[r] === 0);
    const score = (bytes: Uint8Array, batch: ActivationBatch, name: string) =>
      scoreModelBytes(bytes, monitor.output, heldOut(batch), { tmpDir, provider: options.provider, rowsPerChunk: options.rowsPerChunk, name });
    const baseScores = await score(original, data.base, 'original');
    const heldOutRows = baseScores.length;
    const asIs = agreement(baseScores, await score(original, data.updated, 'original'), monitor.threshold);
    const unrepaired = { ...asIs, heldOutScore: heldOutScoreOf(asIs, heldOutRows) };
    const candidates: CandidateResult[] = [];
    for (const method of REPAIR_METHODS) {
      const ctx: FitContext = { engine, linalg: options.linalg, warnings: [], trace: (l) => logger.debug(`${monitor.id}: ${method} (fit half): ${l}`) };
      const map = await fitRealignment(method, fitStats, ctx);
      const known = candidates.find((c) => c.method === map.method && !c.fellBackTo);
      if (map.method !== method && known) {
        candidates.push({ ...known, method, fellBackTo: map.method });
        continue;
      }
      const m = agreement(baseScores, await score(compose(map, fitStats.rows).bytes, data.updated, `candidate-${method}`), monitor.threshold);
      candidates.push({
        method,
        ...(map.method !== method ? { fellBackTo: map.method } : {}),
        heldOutScore: heldOutScoreOf(m, heldOutRows),
        flipRate: m.flipRate,
        meanLogitGap: m.meanLogitGap,
      });
    }
    const best = pickBest(candidates);
    const chosen = best.fellBackTo ?? best.method;
    logger.debug(
      `${monitor.id}: held-out agreement with the base model on ${heldOutRows} rows (flip rate, mean logit gap): unrepaired ${asIs.flipRate.toFixed(4)}/${asIs.meanLogitGap.toFixed(3)}; ` +
        candidates.map((c) => `${c.method}${c.fellBackTo ? `->${c.fellBackTo}` : ''} ${c.flipRate.toFixed(4)}/${c.meanLogitGap.toFixed(3)}`).join(', ') +
        `; chose ${chosen}`,
    );
    return { chosen, candidates, unrepaired };
  }
}

export interface RepairEvaluation {
  metrics: OperatingMetrics;
  verdict_after: 'fresh' | 'stale';
  reasons: string[];
}

/**
 * The repaired probe on the updated eval rows, with their labels: metrics at the monitor's threshold,
 * and fresh/stale against the base model's metrics under the monitor's tolerances.
 */
export async function evaluateRepair(options: {
  monitor: MonitorSpec;
  updatedDir: string;
  /** Where the labels' batch file is when labels are '#tensor' in the batch (the base folder, as the gate reads them). */
  baseDir: string;
  modelBytes: Uint8Array;
  baseMetrics: OperatingMetrics;
  provider?: ExecutionProvider;
  rowsPerChunk?: number;
}): Promise<RepairEvaluation> {
  const { monitor } = options;
  const updated = await openActivationBatch(path.resolve(options.updatedDir), monitor.batch, monitor.pooling, monitor.mask);
  const labels = await readLabels(monitor.labels, path.join(path.resolve(options.baseDir), monitor.batch.file));
  if (labels.length !== updated.rows) {
    throw inputError(`labels have ${labels.length} rows but the batch has ${updated.rows}`, { file: monitor.labels.kind === 'file' ? monitor.labels.path : updated.file });
  }
  const scores = await scoreModelBytes(options.modelBytes, monitor.output, updated, { provider: options.provider, rowsPerChunk: options.rowsPerChunk, name: `${monitor.id}-repaired` });
  const metrics = operatingMetrics(scores, labels, monitor.threshold);
  const judgement = judgeStaleness(options.baseMetrics, metrics, monitor.tolerance);
  return { metrics, verdict_after: judgement.verdict, reasons: judgement.reasons };
}

export interface StaleMonitorRepair {
  /** For MonitorResult.repair (the caller adds `file` once it has written modelBytes). */
  repair: MonitorRepair;
  modelBytes: Uint8Array;
  result: RepairResult;
  evaluation: RepairEvaluation;
}

/**
 * What the gate calls per stale monitor: repair without labels, then measure the repaired probe with
 * the labels. Write `modelBytes` to <dir>/<monitor id>.onnx and set `repair.file`.
 */
export async function repairStaleMonitor(options: RepairMonitorOptions & { baseMetrics: OperatingMetrics }): Promise<StaleMonitorRepair> {
  const result = await repairMonitor(options);
  const evaluation = await evaluateRepair({
    monitor: options.monitor,
    baseDir: options.baseDir,
    updatedDir: options.updatedDir,
    modelBytes: result.modelBytes,
    baseMetrics: options.baseMetrics,
    provider: options.provider,
    rowsPerChunk: options.rowsPerChunk,
  });
  const repair: MonitorRepair = {
    method: result.method,
    auroc: evaluation.metrics.auroc,
    tpr: evaluation.metrics.tpr,
    fpr: evaluation.metrics.fpr,
    verdict_after: evaluation.verdict_after,
  };
  if (result.candidates.length > 0) {
    repair.candidates = result.candidates.map((c) => ({
      method: c.method,
      heldOutScore: c.heldOutScore,
      flipRate: c.flipRate,
      ...(c.fellBackTo ? { fellBackTo: c.fellBackTo } : {}),
    }));
  }
  if (result.warnings.length > 0) repair.warnings = result.warnings;
  return { repair, modelBytes: result.modelBytes, result, evaluation };
}

