/**
 * Repairing one stale monitor without labels.
 *
 * repairMonitor() fits on the monitor's `calibration:` rows (unlabeled, same file in both activation
 * folders), else on its eval rows with the labels left unread; with method 'auto' it picks the method
 * on held-out rows (choose.ts), refits it on all rows and composes the repaired ONNX probe. This module
 * never reads labels: the measurement stage (measure/repaired-probe.ts) judges the repaired probe.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPairedBatches } from '../activations.ts';
import { GateError, describeError, probeError } from '../errors.ts';
import type { ExecutionProvider } from '../scoring/probe.ts';
import { REPAIR_METHODS, type ActivationBatch, type Logger, type MonitorRepair, type MonitorSpec, type OperatingMetrics, type RepairMethod, type RepairMethodSetting, type TensorRef } from '../types.ts';
import { ProbeGraph } from '../scoring/probe-graph.ts';
import { DEFAULT_SELECTION_RULE, agreement, heldOutScoreOf, pickBest, scoreModelBytes, splitRows, subsetBatch, type AgreementMetrics, type CandidateResult, type SelectionRule } from './choose.ts';
import { composeRepairedProbe } from './compose.ts';
import { fallbackChain, fitRealignment, pairedStats, statsNeeded, type AffineMap, type FitContext, type PairedStats, type RidgeInputs } from './fit.ts';
import { MatrixEngine, type LinalgEngine } from './linalg.ts';
import { isRidgeMethod, mergeStats, type FirstLayer, type RidgeMethod } from './ridge.ts';

/** Below this many fitting rows there is no meaningful held-out comparison; 'auto' uses mean-shift. */
export const MIN_ROWS_TO_CHOOSE = 8;

/**
 * The methods 'auto' compares on the held-out rows: the paired-row maps and the mean shift. Chosen by
 * holding out whole models (scripts/repair-packs.ts): adding standardize, CORAL and Procrustes repaired
 * no more stale cells on any pack, and at production width they cost most of the time.
 */
export const AUTO_CANDIDATES: readonly RepairMethod[] = ['mean-shift', 'probe-space', 'ridge-affine'];

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
  /** Compare a given method on the held-out half too, for its estimated operating point (runs without labels). */
  heldOutEstimate?: boolean;
  /** The methods 'auto' compares (default AUTO_CANDIDATES) and how it ranks them (for the research scripts). */
  candidates?: readonly RepairMethod[];
  rule?: SelectionRule;
}

export interface RepairResult {
  monitorId: string;
  requested: RepairMethodSetting;
  /** The method of the repaired probe (after any fallback). */
  method: RepairMethod;
  /** The held-out comparison behind an 'auto' choice (a given method alone with heldOutEstimate; else empty). */
  candidates: CandidateResult[];
  /** The original probe on the held-out updated rows, for comparison (auto only). */
  unrepaired?: AgreementMetrics & { heldOutScore: number };
  map: AffineMap;
  /** Strength and rank of a paired-row map, chosen on the held-out half. */
  ridge?: { alpha: number; rank: number };
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
  const rule = options.rule ?? DEFAULT_SELECTION_RULE;
  const autoCandidates = options.candidates ?? AUTO_CANDIDATES;
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
  const firstLayer = firstLayerOf(original, monitor.probe, D);

  const choosing = requested === 'auto' && rows >= MIN_ROWS_TO_CHOOSE;
  // a given method is compared on the held-out half too when its estimated operating point is asked for
  const comparing = choosing || (requested !== 'auto' && !!options.heldOutEstimate && rows >= MIN_ROWS_TO_CHOOSE);
  const compared: readonly RepairMethod[] = requested === 'auto' ? autoCandidates : [requested];
  const methods: readonly RepairMethod[] = choosing ? autoCandidates : requested === 'auto' ? ['mean-shift'] : fallbackChain(requested);
  const need = statsNeeded(methods);
  // Gram products of the statistics pass, and the wide fits' matrix work, on onnxruntime
  const matrixEngine = need.covariance || need.cross ? new MatrixEngine(D, { threads: options.threads }) : undefined;
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-repair-'));
  const compose = (map: AffineMap, fitRows: number) =>
    composeRepairedProbe(original, map, { method: map.method, monitorId: monitor.id, fitRows, fitData, composition: options.composition, file: monitor.probe });
  const ctxFor = (label: string, sink: string[]): FitContext => ({ engine: matrixEngine, linalg: options.linalg, warnings: sink, trace: (l) => logger.debug(`${monitor.id}: ${label}: ${l}`) });

  let halves: RidgeInputs['halves'] | undefined;
  const memo: RidgeInputs['memo'] = new Map();
  const cache: RidgeInputs['cache'] = {};
  const ridge = (use: RidgeInputs['use']): RidgeInputs | undefined => (halves ? { halves, first: firstLayer, use, memo, cache } : undefined);
  try {
    // moments of each half of a fixed split (the paired-row methods choose their strength on it) and of all rows
    const split = splitRows(rows);
    const halfStats = async (half: 0 | 1) =>
      pairedStats(data.base, data.updated, { ...need, engine: matrixEngine, include: (r) => split[r] === half, rowsPerChunk: options.rowsPerChunk });
    const ridgeNeeded = methods.some(isRidgeMethod) && rows >= 4;
    let all: PairedStats;
    if (comparing || ridgeNeeded) {
      const fit = await halfStats(1);
      const heldOut = await halfStats(0);
      all = mergeStats(fit, heldOut);
      halves = { fit, heldOut, all };
    } else {
      all = await pairedStats(data.base, data.updated, { ...need, engine: matrixEngine, rowsPerChunk: options.rowsPerChunk });
    }
    let chosen: RepairMethod;
    let candidates: CandidateResult[] = [];
    let unrepaired: RepairResult['unrepaired'];
    if (comparing) {
      const choice = await chooseOnHeldOut(halves!.fit, split);
      chosen = requested === 'auto' ? choice.chosen : requested;
      candidates = choice.candidates;
      unrepaired = choice.unrepaired;
    } else if (requested !== 'auto') {
      chosen = requested;
    } else {
      chosen = 'mean-shift';
      warnings.push(`only ${rows} fitting rows: too few to compare methods on held-out rows, so the repair uses mean-shift`);
    }

    // the chosen method on every row (paired-row methods keep the strength chosen on the held-out half)
    const map = await fitRealignment(chosen, all, ctxFor(chosen, warnings), ridge('all'));
    const composed = compose(map, all.rows);
    warnings.push(...composed.warnings);
    const choiceOf = memo.get(map.method as RidgeMethod)?.choice;
    logger.debug(`${monitor.id}: repaired with ${map.method} (${composed.composition}) fitted on ${all.rows} ${fitData} rows`);
    return {
      monitorId: monitor.id,
      requested,
      method: map.method,
      candidates,
      unrepaired,
      map,
      ...(choiceOf ? { ridge: choiceOf } : {}),
      modelBytes: composed.bytes,
      composition: composed.composition,
      fit: { source: data.source, data: fitData, rows: all.rows },
      warnings,
    };
  } finally {
    await matrixEngine?.release();
    await rm(tmpDir, { recursive: true, force: true });
  }

  async function chooseOnHeldOut(fitStats: PairedStats, split: Uint8Array): Promise<{ chosen: RepairMethod; candidates: CandidateResult[]; unrepaired: RepairResult['unrepaired'] }> {
    const heldOut = (batch: ActivationBatch) => subsetBatch(batch, (r) => split[r] === 0);
    const score = (bytes: Uint8Array, batch: ActivationBatch, name: string) =>
      scoreModelBytes(bytes, monitor.output, heldOut(batch), { tmpDir, provider: options.provider, rowsPerChunk: options.rowsPerChunk, name });
    const baseScores = await score(original, data.base, 'original');
    const heldOutRows = baseScores.length;
    const compare = (scores: Float64Array) => agreement(baseScores, scores, monitor.threshold, monitor.tolerance);
    const asIs = compare(await score(original, data.updated, 'original'));
    const unrepaired = { ...asIs, heldOutScore: heldOutScoreOf(asIs, heldOutRows, rule, monitor.tolerance) };
    const candidates: CandidateResult[] = [];
    for (const method of compared) {
      const map = await fitRealignment(method, fitStats, ctxFor(`${method} (fit half)`, []), ridge('fitHalf'));
      const known = candidates.find((c) => c.method === map.method && !c.fellBackTo);
      if (map.method !== method && known) {
        candidates.push({ ...known, method, fellBackTo: map.method });
        continue;
      }
      const m = compare(await score(compose(map, fitStats.rows).bytes, data.updated, `candidate-${method}`));
      const ridgeChoice = memo.get(map.method as RidgeMethod)?.choice;
      candidates.push({
        method,
        ...(map.method !== method ? { fellBackTo: map.method } : {}),
        ...m,
        heldOutScore: heldOutScoreOf(m, heldOutRows, rule, monitor.tolerance),
        ...(ridgeChoice && isRidgeMethod(map.method) ? { ridge: ridgeChoice } : {}),
      });
    }
    const best = pickBest(candidates);
    const chosen = best.fellBackTo ?? best.method;
    logger.debug(
      `${monitor.id}: held-out comparison with the base model on ${heldOutRows} rows (${rule} score): unrepaired ${unrepaired.heldOutScore.toFixed(4)}; ` +
        candidates.map((c) => `${c.method}${c.fellBackTo ? `->${c.fellBackTo}` : ''} ${c.heldOutScore.toFixed(4)}`).join(', ') +
        `; chose ${chosen}`,
    );
    return { chosen, candidates, unrepaired };
  }
}

/** The probe's first-layer weights [D, H] when it reads its input only through constant-weight Gemm/MatMul nodes. */
function firstLayerOf(bytes: Uint8Array, file: string, D: number): FirstLayer | undefined {
  const targets = ProbeGraph.fromBytes(bytes, file).firstLayer(D);
  if (!targets || targets.length === 0) return undefined;
  const hidden = targets.reduce((s, t) => s + t.hidden, 0);
  const weights = new Float64Array(D * hidden);
  let offset = 0;
  for (const t of targets) {
    for (let d = 0; d < D; d++) for (let h = 0; h < t.hidden; h++) weights[d * hidden + offset + h] = t.op[d * t.hidden + h];
    offset += t.hidden;
  }
  return { weights, hidden };
}

/** The report's view of a repair before any labeled measurement: method and the held-out comparison. */
export function repairReportOf(result: RepairResult): MonitorRepair {
  const repair: MonitorRepair = { method: result.method };
  if (result.candidates.length > 0) {
    repair.candidates = result.candidates.map((c) => ({
      method: c.method,
      heldOutScore: c.heldOutScore,
      flipRate: c.flipRate,
      missRate: c.missRate,
      falseOnRate: c.falseOnRate,
      ...(c.ridge ? { ridge: c.ridge } : {}),
      ...(c.fellBackTo ? { fellBackTo: c.fellBackTo } : {}),
    }));
  }
  if (result.warnings.length > 0) repair.warnings = result.warnings;
  return repair;
}
