import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readLabels } from './activations.ts';
import { GateError, describeError, inputError } from './errors.ts';
import { delongPairedTest, operatingMetrics, pairedRateChanges, shiftMetrics, sortedByClass } from './metrics/index.ts';
import { releaseProbe, type ExecutionProvider } from './scoring/probe.ts';
import { GroupRegistry, planMonitor, type PlannedMonitor } from './engine/plan.ts';
import { streamGroups, type StreamRequest, type StreamedMonitor } from './engine/stream.ts';
import { HeaderCache } from './stream/headers.ts';
import type { UpdateEvent } from './detect/types.ts';
import { needsMeasurement } from './detect/needs-measurement.ts';
import { repairMonitor, repairReportOf } from './repair/index.ts';
import { repairStaleMonitor } from './measure/repaired-probe.ts';
import { fileFingerprint, selectShard } from './shard.ts';
import type { GateConfig, GateReport, Logger, MonitorPrediction, MonitorResult, MonitorSpec, OperatingMetrics, PredictionSummary, ShardSpec, ShiftMetrics } from './types.ts';
import { ACTIVATION_DRIFT_FEATURES, FEATURE_NAMES, NO_ESTIMATE, NO_SCORE_DRIFT, activationDriftFeatures, estimateFeatures, eventFeatures, monitorFeatures, type FeatureVector } from './predict/features.ts';
import { estimateFromProbabilities, finiteEstimate, logitOfProbability, logitsOfProbabilities, rawSoftLabels, reportedEstimate, type OperatingPointEstimate } from './predict/estimate.ts';
import { domainWeights, driftByScore, transportedEstimate } from './predict/transport.ts';
import type { MonitorEstimate } from './types.ts';
import { observationOf, type MonitorObservation } from './predict/observe.ts';
import { builtInPredictor, estimateRisk, loadPredictor, type Predictor, type RiskEstimate } from './predict/predictor.ts';
import { budgetCount, formatBudget, rankByRisk, selectForRevalidation, type RevalidationBudget } from './predict/triage.ts';
import { changeIntervals, judgeStaleness, summarizeResults, unjudgeableBase, withSampleRisk } from './verdict.ts';
import { TOOL_VERSION } from './version.ts';
import { emitter, type ProgressSink } from './progress.ts';
import { readSampleRiskBatch } from './sample-risk/batch.ts';
import { rankSampleRisk, type SampleRiskSection } from './sample-risk/rank.ts';

export interface GateRunOptions {
  /** Overrides config.activations.base (CLI --base, action input base-activations). */
  baseDir?: string;
  /** Overrides config.activations.updated. */
  updatedDir?: string;
  provider?: ExecutionProvider;
  rowsPerChunk?: number;
  /** Adds generatedAt; off by default so the same inputs give the same bytes. */
  timestamp?: boolean;
  logger?: Logger;
  /** Evaluate only this shard's monitors and write a partial report (merge the parts with mergeReports). */
  shard?: ShardSpec;
  /** The update event of the change (detected or declared); family none skips measurement only with skip-when-unchanged. */
  event?: UpdateEvent;
  /** Write a label-free repaired probe <repairDir>/<monitor id>.onnx for each stale monitor, measured in the report. */
  repairDir?: string;
  /** The commit being gated, recorded in the report so shard reports from different commits do not merge. */
  commit?: string;
  /** Predict every monitor's risk without reading any labels; no monitor is measured. */
  predictOnly?: boolean;
  /** Overrides the config's revalidation-budget (CLI --budget, action input revalidation-budget). */
  budget?: RevalidationBudget;
  /** Overrides the config's predictor (tests, fit-predictor evaluation). */
  predictor?: { predictor: Predictor; name: string };
  /** Require significance for every monitor, whatever the config says (CLI --require-significance, action input require-significance). */
  requireSignificance?: boolean;
  /** Progress events: files as they stream, monitors as their results are final (progress.ts). */
  progress?: ProgressSink;
}

/**
 * What the gate knows about one monitor, stage by stage: its result row (filled in by measurement),
 * its plan, its label-free observation, features and estimate, and its predicted risk.
 */
interface MonitorRecord {
  result: MonitorResult;
  /** The predictor's inputs: static ones until the monitor is observed. */
  features: FeatureVector;
  /** Index into the planned monitors; absent when the monitor was never planned (invalid, skipped, no folder). */
  planIndex?: number;
  /** Set when the label-free observation succeeded: the monitor is then a candidate for measurement. */
  observation?: MonitorObservation;
  driftRows?: MonitorPrediction['drift_rows'];
  estimated?: MonitorEstimate;
  risk?: RiskEstimate;
}

const silentLogger: Logger = { info() {}, warning() {}, error() {}, debug() {} };

/**
 * Paths in reports and messages are relative to the working directory with forward slashes, so
 * reports compare across machines; a path outside the working directory stays absolute.
 */
export function displayPath(p: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(process.cwd(), abs) || '.';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}

function requireFolder(dir: string, role: string): void {
  if (!existsSync(dir)) throw inputError(`${role} activation folder not found`, { file: displayPath(dir) });
  if (!statSync(dir).isDirectory()) throw inputError(`${role} activations must be a folder of batch files`, { file: displayPath(dir) });
}

/**
 * The whole gate. Every monitor is first observed without labels (probe type, drift of its scores
 * and activations) and given a predicted risk; then the monitors the revalidation budget pays for
 * (all of them by default, none with predictOnly) are measured with labels. Each monitor stands on
 * its own, so one broken probe or batch becomes one `error` row while the rest still get measured.
 */
export async function runGate(config: GateConfig, options: GateRunOptions = {}): Promise<GateReport> {
  const logger = options.logger ?? silentLogger;
  const baseDir = path.resolve(options.baseDir ?? config.activations.base);
  const updatedDir = path.resolve(options.updatedDir ?? config.activations.updated);
  const { monitors, invalidMonitors } = options.shard ? selectShard(config, options.shard) : config;
  // Fail closed: only a change positively recognized as not touching a model, with skipping opted into, skips.
  const decision = needsMeasurement(options.event, { skipWhenUnchanged: config.skipWhenUnchanged });
  const skipped = decision.measure ? undefined : decision.reason;
  if (options.event) logger.info(decision.reason);
  // A missing activation folder affects every monitor: report it once, per monitor, without crashing.
  let folderProblem: string | undefined;
  if (!skipped) {
    try {
      requireFolder(baseDir, 'base');
      requireFolder(updatedDir, 'updated');
    } catch (error) {
      folderProblem = describeError(error);
      logger.error(folderProblem);
    }
  }
  const { predictor, name: predictorName } = choosePredictor(config, options, logger);
  const budget = options.budget ?? config.triage.budget;
  const mode: PredictionSummary['mode'] = options.predictOnly ? 'predict-only' : budget ? 'budget' : 'measure-all';
  // the activation drift is a pass of moments, projections and CKA per file: paid only when something reads it
  const activationDrift = config.triage.activationDrift === 'always' || predictor.features.some((f) => (ACTIVATION_DRIFT_FEATURES as readonly string[]).includes(f));

  // one record per monitor, in the order monitors are met; each stage fills in its part
  const records: MonitorRecord[] = [];
  for (const invalid of invalidMonitors) {
    const result: MonitorResult = {
      id: invalid.id ?? `monitors[${invalid.index}]`,
      category: invalid.category ?? 'other',
      layer: invalid.layer ?? null,
      blocking: invalid.blocking,
      verdict: 'error',
      reasons: [],
      error: `${config.path}:${invalid.line}:${invalid.column}: ${invalid.message}`,
      source: { file: config.path, line: invalid.line, column: invalid.column },
    };
    records.push({ result, features: staticFeatures(config, options.event, result, undefined) });
  }

  // ---- plan: what every monitor reads, grouped by tensor; then one stream per tensor ----
  const folders = [baseDir, updatedDir];
  const headers = new HeaderCache();
  const registry = new GroupRegistry();
  const planned: PlannedMonitor[] = [];
  const streamedAll = new Map<number, StreamedMonitor>();
  try {
    for (const monitor of monitors) {
      const result = baseResult(config, monitor);
      const record: MonitorRecord = { result, features: staticFeatures(config, options.event, result, undefined) };
      records.push(record);
      if (skipped) {
        Object.assign(result, { verdict: 'skipped', reasons: [skipped] });
        continue;
      }
      if (folderProblem) {
        result.error = folderProblem;
        continue;
      }
      record.planIndex = planned.length;
      planned.push(await planMonitor(monitor, { folders, headers, root: config.root, scoringTimeLimitS: config.defaults.scoring_time_limit, provider: options.provider, logger, withEval: mode !== 'predict-only', withReference: mode !== 'measure-all' }, registry));
    }
    // eval rows stream in the same pass when every monitor is measured; with a budget only the chosen ones are, later
    const requests: StreamRequest[] = planned.flatMap((p, monitor) => [
      { monitor, role: 'drift' as const },
      ...(mode === 'measure-all' ? [{ monitor, role: 'eval' as const }] : []),
      ...(p.reference ? [{ monitor, role: 'reference' as const }] : []),
    ]);
    const domainWeightsCache = new Map<string, Float64Array>();
    const labelsCache = new Map<string, Promise<Uint8Array>>();
    for (const [k, v] of await streamGroups(planned, requests, { rowsPerChunk: options.rowsPerChunk, provider: options.provider, logger, activationDrift, progress: options.progress })) streamedAll.set(k, v);

    // ---- observe: label-free, every monitor ----
    for (const record of records) {
      const { result, planIndex: index } = record;
      if (index === undefined) continue;
      const { spec: monitor } = planned[index];
      try {
        const observation = observationOf(planned[index], streamedAll.get(index), mode !== 'predict-only');
        for (const warning of observation.warnings) logger.warning(`${monitor.id}: ${warning}`);
        record.observation = observation;
        // a budget run measures with labels, so the base eval labels are there to weight the reference rows; predict-only reads none
        const referenceLabels = mode === 'budget' && planned[index].reference ? await readMonitorLabels(monitor, baseDir, config.root, labelsCache).catch(() => undefined) : undefined;
        const { estimate, view } = labelFreeEstimate(monitor, observation, planned[index], streamedAll.get(index), domainWeightsCache, logger, referenceLabels);
        if (view && finiteEstimate(view)) record.estimated = view;
        record.features = {
          ...staticFeatures(config, options.event, result, observation.linearProbe),
          ...observation.scoreDrift,
          ...activationDriftFeatures(observation.activationDrift),
          ...estimateFeatures(estimate, monitor.tolerance),
        };
        record.driftRows = observation.driftRows;
      } catch (thrown) {
        result.error = reportError(monitor, thrown, logger);
        record.features = staticFeatures(config, options.event, result, undefined);
      }
    }

  // ---- progress: each monitor once, when its result is final ----
  const emit = emitter(options.progress);
  const done = new Set<number>();
  const monitorDone = (index: number) => {
    if (done.has(index)) return;
    done.add(index);
    const { result, planIndex } = records[index];
    const read = planIndex === undefined ? undefined : streamedAll.get(planIndex)?.read;
    emit({ kind: 'monitor-done', result, bytes: read?.bytes ?? 0, seconds: read?.seconds ?? 0 });
  };

  // ---- predict and rank ----
  const risks = records.map((record, index) => ({ index, risk: record.risk ??= estimateRisk(predictor, record.features) }));
  const ranks = rankByRisk(risks.map(({ index, risk }) => ({ index, risk: risk.risk })));
  const candidates = risks.filter(({ index }) => records[index].observation !== undefined).map(({ index, risk }) => ({ index, risk: risk.risk }));
  const measureCount = mode === 'predict-only' ? 0 : budget ? budgetCount(budget, candidates.length) : candidates.length;
  const measured = selectForRevalidation(candidates, measureCount);
  if (mode === 'budget') logger.info(`revalidation budget ${formatBudget(budget!)}: measuring ${measured.size} of ${candidates.length} monitors, highest predicted risk first`);

  // ---- measure with labels: the budget's monitors, highest risk first ----
  const order = [...measured].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  // with a budget, the chosen monitors' eval rows stream now (those that were not their drift rows)
  const late: StreamRequest[] = order
    .map((index) => records[index].planIndex!)
    .filter((p) => !streamedAll.get(p)?.eval)
    .map((monitor) => ({ monitor, role: 'eval' as const }));
  if (late.length > 0) {
    for (const [k, v] of await streamGroups(planned, late, { rowsPerChunk: options.rowsPerChunk, provider: options.provider, logger, progress: options.progress })) {
      const before = streamedAll.get(k)!;
      streamedAll.set(k, { ...before, eval: v.eval, read: { bytes: before.read.bytes + v.read.bytes, seconds: before.read.seconds + v.read.seconds } });
    }
  }
  for (const index of order) {
    const { result, observation, planIndex } = records[index] as Required<Pick<MonitorRecord, 'observation' | 'planIndex'>> & MonitorRecord;
    const monitor = planned[planIndex].spec;
    logger.debug(`measuring ${monitor.id}`);
    try {
      const p = planned[planIndex];
      if (p.evalError !== undefined) throw p.evalError;
      const evalScores = observation.evalScores ?? scoresOf(streamedAll.get(planIndex)?.eval);
      Object.assign(result, await measureMonitor(config, monitor, baseDir, evalScores, labelsCache, options.requireSignificance === true || monitor.requireSignificance === true));
      if (result.verdict === 'error') logger.error(`${monitor.id}: ${result.error}`);
      if (result.verdict === 'stale' && options.repairDir) await attachRepair(result, monitor, baseDir, updatedDir, options, logger);
    } catch (thrown) {
      result.verdict = 'error';
      result.error = reportError(monitor, thrown, logger);
    }
    monitorDone(index);
  }

  const riskThreshold = config.triage.riskThreshold;
  records.forEach((record, index) => {
    const { result } = record;
    const estimate = record.risk!;
    const wasMeasured = measured.has(index);
    const predictedStale = estimate.risk >= riskThreshold;
    if (record.observation && !wasMeasured) {
      result.verdict = predictedStale ? 'predicted-stale' : 'predicted-fresh';
      const why = mode === 'predict-only' ? 'check --predict-only' : `outside the revalidation budget of ${formatBudget(budget!)}`;
      result.reasons = [
        `not measured (${why}); predicted risk ${estimate.risk.toFixed(2)} ${predictedStale ? '>=' : '<'} risk-threshold ${riskThreshold}` +
          (estimate.top.length ? `; top features: ${estimate.top.map((t) => `${t.feature} ${t.contribution >= 0 ? '+' : ''}${t.contribution.toFixed(2)}`).join(', ')}` : ''),
      ];
    }
    const agreeable = wasMeasured && (result.verdict === 'fresh' || result.verdict === 'stale');
    const vector = record.features;
    result.predicted = {
      risk: estimate.risk,
      rank: ranks.get(index)!,
      measured: wasMeasured,
      ...(agreeable ? { agrees: predictedStale === (result.verdict === 'stale') } : {}),
      top: estimate.top,
      features: Object.fromEntries(FEATURE_NAMES.map((name) => [name, Number.isFinite(vector[name]) ? vector[name] : null])),
      ...(record.driftRows ? { drift_rows: record.driftRows } : {}),
      ...(record.estimated ? { estimated: record.estimated } : {}),
    };
  });

  // predicted stale and not measured: a label-free repair with its estimated operating point, written as unverified
  if (options.repairDir) {
    for (const { result, planIndex } of records) {
      if (result.verdict !== 'predicted-stale' || planIndex === undefined) continue;
      await attachUnverifiedRepair(result, planned[planIndex].spec, baseDir, updatedDir, options, logger);
    }
  }

  // every monitor not measured is final now
  records.forEach((_, index) => monitorDone(index));

  // Report rows follow config order, whatever order they were evaluated in.
  const configOrder = (r: MonitorResult) => r.source.line * 1e6 + r.source.column;
  const results = records.map((r) => r.result).sort((a, b) => configOrder(a) - configOrder(b));

  const policy = { failOnPredicted: config.triage.failOnPredicted };
  const { verdict, summary } = summarizeResults(results, policy);
  const report: GateReport = {
    schemaVersion: 1,
    tool: { name: 'monitor-gate', version: TOOL_VERSION },
    config: config.path,
    fingerprint: fileFingerprint(config.path),
    activations: { base: displayPath(baseDir), updated: displayPath(updatedDir) },
    commit: options.commit,
    shard: options.shard ? { index: options.shard.index, count: options.shard.count } : undefined,
    verdict,
    event: options.event,
    skipped,
    prediction: {
      predictor: predictorName,
      mode,
      risk_threshold: riskThreshold,
      fail_on_predicted: policy.failOnPredicted,
      ...(mode === 'budget' ? { budget: { requested: formatBudget(budget!), measured: measured.size } } : {}),
    },
    summary,
    monitors: results,
  };
  if (config.sampleRisk) {
    report.sample_risk = await sampleRiskSection(config, config.sampleRisk, logger);
    report.verdict = withSampleRisk(report.verdict, report);
  }
  if (options.timestamp) report.generatedAt = new Date().toISOString();
  // Optional fields left undefined are dropped, so the report keeps the same bytes as before.
  for (const key of ['fingerprint', 'commit', 'shard', 'event', 'skipped'] as const) if (report[key] === undefined) delete report[key];
  return report;
  } finally {
    for (const p of planned) if (p.probe) await releaseProbe(p.probe.probe);
  }
}

/** The report's sample_risk: the batch ranked for the config's monitors, or the one-line reason it could not be read. */
async function sampleRiskSection(config: GateConfig, sampleRisk: NonNullable<GateConfig['sampleRisk']>, logger: Logger): Promise<SampleRiskSection> {
  const shownBatch = displayPath(sampleRisk.batch);
  try {
    const batch = await readSampleRiskBatch(sampleRisk.batch, config.root);
    const section = rankSampleRisk(batch, { monitorIds: config.monitors.map((m) => m.id), top: sampleRisk.top, shownBatch, shownDatasetRoot: displayPath(sampleRisk.datasetRoot) });
    if (section.monitors.length === 0) throw inputError(`scores none of the config's monitors (it scores ${batch.monitors.join(', ')})`, { file: batch.file });
    if (section.unknown_monitors) logger.warning(`${shownBatch}: scores monitors the config does not have: ${section.unknown_monitors.join(', ')}`);
    if (section.unscored_monitors) logger.warning(`${shownBatch}: has no scores for ${section.unscored_monitors.join(', ')}`);
    return section;
  } catch (error) {
    const line = describeError(error);
    logger.error(`sample-risk: ${line}`);
    return { batch: shownBatch, samples: 0, files: [], monitors: [], top: [], error: line };
  }
}

/** The config's predictor, else the built-in one; an unusable predictor file warns and falls back. */
function choosePredictor(config: GateConfig, options: GateRunOptions, logger: Logger): { predictor: Predictor; name: string } {
  if (options.predictor) return options.predictor;
  if (!config.predictor) return { predictor: builtInPredictor(), name: 'built-in' };
  try {
    return { predictor: loadPredictor(config.predictor, displayPath(config.predictor), { root: config.root }), name: displayPath(config.predictor) };
  } catch (error) {
    logger.warning(`${describeError(error)}; using the built-in predictor`);
    return { predictor: builtInPredictor(), name: 'built-in' };
  }
}

function staticFeatures(config: GateConfig, event: UpdateEvent | undefined, result: MonitorResult, linearProbe: boolean | undefined): FeatureVector {
  return {
    ...eventFeatures(event, result.layer),
    ...monitorFeatures(result, config.model?.num_layers, linearProbe),
    ...NO_SCORE_DRIFT,
    ...activationDriftFeatures(undefined),
    ...NO_ESTIMATE,
  };
}

/**
 * The label-free estimate of one monitor: on the eval rows when both sides were scored; else, when only
 * calibration rows are paired and the base eval rows were read, the calibration drift transported onto
 * the base eval rows (calibration rows weighted toward the eval rows' domain); else on the drift rows.
 * A failure of the transport is a warning and falls back to the drift rows: never a lost observation.
 */
function labelFreeEstimate(
  monitor: MonitorSpec,
  observation: MonitorObservation,
  planned: PlannedMonitor,
  streamed: StreamedMonitor | undefined,
  domainWeightsCache: Map<string, Float64Array>,
  logger: Logger,
  referenceLabels?: Uint8Array,
): { estimate?: OperatingPointEstimate; view?: MonitorEstimate } {
  const paired = pairedRowsForEstimate(observation, streamed);
  if (!paired) return {};
  if (paired.rows.source === 'calibration' && streamed?.reference?.sides && streamed.reference.error === undefined && streamed.driftSample && streamed.referenceSample && planned.reference && planned.drift) {
    try {
      const key = `${planned.drift.group.key}\u0000${planned.reference.key}`;
      let weights = domainWeightsCache.get(key);
      if (!weights) {
        weights = domainWeights(streamed.driftSample, streamed.referenceSample);
        domainWeightsCache.set(key, weights);
      }
      const sampled = streamed.driftSample.index;
      const zbCal = new Float64Array(sampled.length);
      const drift = new Float64Array(sampled.length);
      sampled.forEach((row, k) => {
        zbCal[k] = logitOfProbability(paired.base[row]);
        drift[k] = logitOfProbability(paired.updated[row]) - zbCal[k];
      });
      const zbRef = logitsOfProbabilities(streamed.reference.sides[0]);
      const labeled = referenceLabels && referenceLabels.length === zbRef.length && referenceLabels.some((y) => y === 1) && referenceLabels.some((y) => y === 0);
      const w = labeled ? Float64Array.from(referenceLabels!) : rawSoftLabels(zbRef);
      const estimate = transportedEstimate(zbRef, w, driftByScore(zbCal, drift, zbRef, weights), logitOfProbability(monitor.threshold), monitor.tolerance, labeled ? 'labels' : 'raw');
      return { estimate, view: reportedEstimate(estimate, { source: 'calibration', rows: sampled.length }, { source: 'eval', rows: zbRef.length }) };
    } catch (error) {
      logger.warning(`${monitor.id}: label-free estimate on the calibration rows alone: the transport onto the eval rows failed (${describeError(error)})`);
    }
  }
  const estimate = estimateFromProbabilities(paired.base, paired.updated, monitor.threshold, monitor.tolerance);
  return { estimate, view: reportedEstimate(estimate, paired.rows) };
}

/**
 * The paired rows the label-free estimate reads: the eval rows (labels unread) when both sides were
 * scored in this pass, since they are the rows the monitor is judged on; else the drift rows.
 */
function pairedRowsForEstimate(observation: MonitorObservation, streamed: StreamedMonitor | undefined): { base: Float64Array; updated: Float64Array; rows: { source: 'calibration' | 'eval'; rows: number } } | undefined {
  const evalSides = observation.evalScores ? [observation.evalScores.base, observation.evalScores.updated] : streamed?.eval?.error === undefined ? streamed?.eval?.sides : undefined;
  if (evalSides && evalSides.length === 2 && evalSides[0].length > 0) return { base: evalSides[0], updated: evalSides[1], rows: { source: 'eval', rows: evalSides[0].length } };
  const drift = streamed?.drift;
  if (drift?.sides && drift.error === undefined && drift.sides.length === 2 && drift.sides[0].length > 0) return { base: drift.sides[0], updated: drift.sides[1], rows: observation.driftRows };
  return undefined;
}

function reportError(monitor: MonitorSpec, thrown: unknown, logger: Logger): string {
  const error = withDisplayPath(thrown);
  const message = describeError(error);
  if (!(error instanceof GateError)) logger.debug(error instanceof Error && error.stack ? error.stack : message);
  logger.error(`${monitor.id}: ${message}`);
  return message;
}

function baseResult(config: GateConfig, monitor: MonitorSpec): MonitorResult {
  return {
    id: monitor.id,
    category: monitor.category,
    layer: monitor.layer,
    blocking: monitor.blocking,
    verdict: 'error',
    threshold: monitor.threshold,
    reasons: [],
    source: { file: config.path, line: monitor.line, column: monitor.column },
  };
}

/** The scores a stream gave, or the error that stopped it. */
function scoresOf(scores: StreamedMonitor['eval']): { base: Float64Array; updated: Float64Array } {
  if (!scores) throw new Error('eval rows were not streamed');
  if (scores.error !== undefined) throw scores.error;
  return { base: scores.sides![0], updated: scores.sides![1] };
}

/** A monitor's eval labels, read once per tensor and shared. */
function readMonitorLabels(monitor: MonitorSpec, baseDir: string, root: string | undefined, labelsCache: Map<string, Promise<Uint8Array>>): Promise<Uint8Array> {
  const baseFile = path.join(baseDir, monitor.batch.file);
  const key = monitor.labels.kind === 'file' ? `file:${monitor.labels.path}#${monitor.labels.tensor ?? ''}` : `batch:${baseFile}#${monitor.labels.tensor}`;
  if (!labelsCache.has(key)) {
    const read = readLabels(monitor.labels, baseFile, root);
    read.catch(() => undefined);
    labelsCache.set(key, read);
  }
  return labelsCache.get(key)!;
}

/** Labeled measurement of one monitor from its eval scores; labels are read once per tensor and shared. */
async function measureMonitor(
  config: GateConfig,
  monitor: MonitorSpec,
  baseDir: string,
  evalScores: { base: Float64Array; updated: Float64Array; shift?: ShiftMetrics },
  labelsCache: Map<string, Promise<Uint8Array>>,
  requireSignificance = false,
): Promise<MonitorResult> {
  const result = baseResult(config, monitor);
  const baseFile = path.join(baseDir, monitor.batch.file);
  const rows = evalScores.base.length;
  const labels = await readMonitorLabels(monitor, baseDir, config.root, labelsCache);
  if (labels.length !== rows) {
    throw inputError(`labels have ${labels.length} rows but the batch has ${rows}`, {
      file: monitor.labels.kind === 'file' ? displayPath(monitor.labels.path) : displayPath(baseFile),
    });
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw inputError(`labels must contain both classes; found ${positives} positives and ${negatives} negatives`, {
      file: monitor.labels.kind === 'file' ? displayPath(monitor.labels.path) : displayPath(baseFile),
    });
  }
  result.rows = { total: labels.length, positives, negatives };
  const { base: baseScores, updated: updatedScores } = evalScores;

  // each sort done once and shared by the metrics that need it
  const sorted = { base: sortedByClass(baseScores, labels), updated: sortedByClass(updatedScores, labels) };
  const baseMetrics = operatingMetrics(baseScores, labels, monitor.threshold, sorted.base);
  const updatedMetrics = operatingMetrics(updatedScores, labels, monitor.threshold, sorted.updated);
  result.base = baseMetrics;
  result.updated = updatedMetrics;
  result.delta = subtractMetrics(updatedMetrics, baseMetrics);
  const delong = delongPairedTest(baseScores, updatedScores, labels);
  result.tests = {
    delong: { diff: delong.diff, se: delong.se, z: delong.z, p_value: delong.p_value, ci95: delong.ci95 },
    // the same rows flagged or not on each side: the TPR and FPR changes with their paired intervals
    ...pairedRateChanges(baseScores, updatedScores, labels, monitor.threshold),
    ...(requireSignificance ? { require_significance: true as const } : {}),
  };
  // the drift rows' shift when they were these rows (observation computed it), else now
  result.shift = evalScores.shift ? { ...evalScores.shift } : shiftMetrics(baseScores, updatedScores, monitor.threshold);

  const judgement = judgeStaleness(baseMetrics, updatedMetrics, monitor.tolerance, requireSignificance ? changeIntervals(result.tests) : undefined);
  result.reasons = judgement.reasons;
  const minRows = config.defaults.min_class_rows;
  const unjudgeable = unjudgeableBase(baseMetrics);
  if (unjudgeable) {
    // the metrics stay in the report; only the verdict says they cannot be trusted
    result.verdict = 'error';
    result.error = `${displayPath(monitor.probe)}: ${unjudgeable}`;
    result.reasons = [];
  } else if (positives < minRows || negatives < minRows) {
    result.verdict = 'inconclusive';
    result.reasons = [
      `too few labeled rows to judge: ${positives} positives and ${negatives} negatives (min_class_rows ${minRows})`,
      ...judgement.reasons,
    ];
  } else {
    result.verdict = judgement.verdict;
  }
  return result;
}

/**
 * Realigns a stale monitor without labels and measures the repaired probe. Only a repair measured
 * fresh is written (<repairDir>/<monitor id>.onnx, ready to adopt); one that stays stale is reported
 * and not written, so nothing under the folder can be shipped by mistake. A failed repair is a
 * warning on the monitor, never a lost measurement.
 */
async function attachRepair(
  result: MonitorResult,
  monitor: MonitorSpec,
  baseDir: string,
  updatedDir: string,
  options: GateRunOptions,
  logger: Logger,
): Promise<void> {
  try {
    const repaired = await repairStaleMonitor({ monitor, baseDir, updatedDir, provider: options.provider, logger, baseMetrics: result.base! });
    if (repaired.repair.verdict_after !== 'fresh') {
      result.repair = repaired.repair;
      logger.info(`${monitor.id}: repaired with ${repaired.repair.method} -> still stale; not written (retrain the probe)`);
      return;
    }
    const file = path.join(path.resolve(options.repairDir!), `${monitor.id}.onnx`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, repaired.modelBytes);
    result.repair = { ...repaired.repair, file: displayPath(file) };
    logger.info(`${monitor.id}: repaired with ${repaired.repair.method} -> fresh (${displayPath(file)})`);
  } catch (thrown) {
    const message = describeError(withDisplayPath(thrown));
    logger.warning(`${monitor.id}: no repair: ${message}`);
    result.reasons.push(`label-free repair failed: ${message}`);
  }
}

/**
 * A monitor predicted stale but not measured (--predict-only, outside a budget): repaired without
 * labels and written as <id>.unverified.onnx with the repair's label-free estimated operating point on
 * the held-out half of its fitting rows. Nothing says it is fresh: it needs a labeled check before
 * anyone adopts it.
 */
async function attachUnverifiedRepair(result: MonitorResult, monitor: MonitorSpec, baseDir: string, updatedDir: string, options: GateRunOptions, logger: Logger): Promise<void> {
  try {
    const repaired = await repairMonitor({ monitor, baseDir, updatedDir, provider: options.provider, logger, heldOutEstimate: true });
    const chosen = repaired.candidates.find((c) => (c.fellBackTo ?? c.method) === repaired.method);
    const estimated = chosen && Number.isFinite(chosen.estimate.score) ? reportedEstimate(chosen.estimate, { source: repaired.fit.source, rows: chosen.estimate.rows }) : undefined;
    const file = path.join(path.resolve(options.repairDir!), `${monitor.id}.unverified.onnx`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, repaired.modelBytes);
    result.repair = {
      ...repairReportOf(repaired),
      ...(estimated && finiteEstimate(estimated) ? { estimated } : {}),
      file: displayPath(file),
    };
    logger.info(`${monitor.id}: repaired without labels with ${repaired.method}; not measured, written as ${displayPath(file)} (measure it with labels before adopting it)`);
  } catch (thrown) {
    const message = describeError(withDisplayPath(thrown));
    logger.warning(`${monitor.id}: no repair: ${message}`);
    result.reasons.push(`label-free repair failed: ${message}`);
  }
}

/** Errors name files as the user wrote them relative to where they ran, not as absolute paths. */
function withDisplayPath(error: unknown): unknown {
  if (error instanceof GateError && error.file && path.isAbsolute(error.file)) {
    return new GateError(error.kind, error.message, { file: displayPath(error.file), where: error.where, help: error.help });
  }
  return error;
}

function subtractMetrics(a: OperatingMetrics, b: OperatingMetrics): OperatingMetrics {
  return {
    auroc: a.auroc - b.auroc,
    tpr: a.tpr - b.tpr,
    fpr: a.fpr - b.fpr,
    recall_at_1fpr: a.recall_at_1fpr - b.recall_at_1fpr,
    recall_at_5fpr: a.recall_at_5fpr - b.recall_at_5fpr,
  };
}
