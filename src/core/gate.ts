import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPairedBatches, openActivationBatch, readLabels } from './activations.ts';
import { GateError, describeError, inputError } from './errors.ts';
import { delongPairedTest, operatingMetrics, shiftMetrics } from './metrics/index.ts';
import { loadProbe, releaseProbe, scoreBatch, type ExecutionProvider, type Probe } from './scoring/probe.ts';
import type { UpdateEvent } from './detect/types.ts';
import { repairStaleMonitor } from './repair/index.ts';
import { fileFingerprint, selectShard } from './shard.ts';
import type { GateConfig, GateReport, Logger, MonitorResult, MonitorSpec, OperatingMetrics, ShardSpec } from './types.ts';
import { decideGate, judgeStaleness } from './verdict.ts';
import { TOOL_VERSION } from './version.ts';

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
  /** The update event of the change (detected or declared); family none skips measurement unless always-run. */
  event?: UpdateEvent;
  /** Write a label-free repaired probe <repairDir>/<monitor id>.onnx for each stale monitor, measured in the report. */
  repairDir?: string;
  /** The commit being gated, recorded in the report so shard reports from different commits do not merge. */
  commit?: string;
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
 * The whole gate: every monitor is evaluated on its own, so one broken probe or batch
 * becomes one `error` row while the rest still get measured.
 */
export async function runGate(config: GateConfig, options: GateRunOptions = {}): Promise<GateReport> {
  const logger = options.logger ?? silentLogger;
  const baseDir = path.resolve(options.baseDir ?? config.activations.base);
  const updatedDir = path.resolve(options.updatedDir ?? config.activations.updated);
  const { monitors, invalidMonitors } = options.shard ? selectShard(config, options.shard) : config;
  // Changes without a model update (docs, tokenizer tweaks) cannot stale a probe: don't spend the run on them.
  const skipped =
    options.event?.family === 'none' && !config.alwaysRun
      ? 'no model update detected in the changed files; measurement skipped (set always-run: true to measure anyway)'
      : undefined;
  if (skipped) logger.info(skipped);
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
  const results: MonitorResult[] = [];
  for (const invalid of invalidMonitors) {
    results.push({
      id: invalid.id ?? `monitors[${invalid.index}]`,
      category: invalid.category ?? 'other',
      layer: invalid.layer ?? null,
      blocking: invalid.blocking,
      verdict: 'error',
      reasons: [],
      error: `${config.path}:${invalid.line}:${invalid.column}: ${invalid.message}`,
      source: { file: config.path, line: invalid.line, column: invalid.column },
    });
  }
  for (const monitor of monitors) {
    const base = baseResult(config, monitor);
    if (skipped) {
      results.push({ ...base, verdict: 'skipped', reasons: [skipped] });
      continue;
    }
    if (folderProblem) {
      results.push({ ...base, verdict: 'error', error: folderProblem });
      continue;
    }
    logger.debug(`evaluating ${monitor.id}`);
    try {
      const result = await evaluateMonitor(config, monitor, baseDir, updatedDir, options, logger);
      if (result.verdict === 'stale' && options.repairDir) await attachRepair(result, monitor, baseDir, updatedDir, options, logger);
      results.push(result);
    } catch (thrown) {
      const error = withDisplayPath(thrown);
      const message = describeError(error);
      if (!(error instanceof GateError)) logger.debug(error instanceof Error && error.stack ? error.stack : message);
      logger.error(`${monitor.id}: ${message}`);
      results.push({ ...base, verdict: 'error', error: message });
    }
  }

  // Report rows follow config order, whatever order they were evaluated in.
  const order = (r: MonitorResult) => r.source.line * 1e6 + r.source.column;
  results.sort((a, b) => order(a) - order(b));

  const gate = decideGate(results);
  const count = (v: MonitorResult['verdict']) => results.filter((r) => r.verdict === v).length;
  const report: GateReport = {
    schemaVersion: 1,
    tool: { name: 'monitor-gate', version: TOOL_VERSION },
    config: config.path,
    fingerprint: fileFingerprint(config.path),
    activations: { base: displayPath(baseDir), updated: displayPath(updatedDir) },
    commit: options.commit,
    shard: options.shard ? { index: options.shard.index, count: options.shard.count } : undefined,
    verdict: gate.verdict,
    event: options.event,
    skipped,
    summary: {
      monitors: results.length,
      fresh: count('fresh'),
      stale: count('stale'),
      inconclusive: count('inconclusive'),
      error: count('error'),
      blocking_failures: gate.blockingFailures,
    },
    monitors: results,
  };
  if (options.timestamp) report.generatedAt = new Date().toISOString();
  // Optional fields left undefined are dropped, so the report keeps the same bytes as before.
  for (const key of ['fingerprint', 'commit', 'shard', 'event', 'skipped'] as const) if (report[key] === undefined) delete report[key];
  return report;
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

async function evaluateMonitor(
  config: GateConfig,
  monitor: MonitorSpec,
  baseDir: string,
  updatedDir: string,
  options: GateRunOptions,
  logger: Logger,
): Promise<MonitorResult> {
  const result = baseResult(config, monitor);
  const baseFile = path.join(baseDir, monitor.batch.file);
  const baseBatch = await openActivationBatch(baseDir, monitor.batch, monitor.pooling, monitor.mask);
  const updatedBatch = await openActivationBatch(updatedDir, monitor.batch, monitor.pooling, monitor.mask);
  checkPairedBatches(baseBatch, updatedBatch);

  const labels = await readLabels(monitor.labels, baseFile);
  if (labels.length !== baseBatch.rows) {
    throw inputError(`labels have ${labels.length} rows but the batch has ${baseBatch.rows}`, {
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

  let probe: Probe | undefined;
  let baseScores: Float64Array;
  let updatedScores: Float64Array;
  try {
    probe = await loadProbe(monitor.probe, monitor.output, { provider: options.provider, logger });
    baseScores = await scoreBatch(probe, baseBatch, options.rowsPerChunk);
    updatedScores = await scoreBatch(probe, updatedBatch, options.rowsPerChunk);
  } finally {
    if (probe) await releaseProbe(probe);
  }

  const baseMetrics = operatingMetrics(baseScores, labels, monitor.threshold);
  const updatedMetrics = operatingMetrics(updatedScores, labels, monitor.threshold);
  result.base = baseMetrics;
  result.updated = updatedMetrics;
  result.delta = subtractMetrics(updatedMetrics, baseMetrics);
  const delong = delongPairedTest(baseScores, updatedScores, labels);
  result.tests = { delong: { diff: delong.diff, se: delong.se, z: delong.z, p_value: delong.p_value, ci95: delong.ci95 } };
  result.shift = shiftMetrics(baseScores, updatedScores, monitor.threshold);

  const judgement = judgeStaleness(baseMetrics, updatedMetrics, monitor.tolerance);
  result.reasons = judgement.reasons;
  const minRows = config.defaults.min_class_rows;
  if (positives < minRows || negatives < minRows) {
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
 * Realigns a stale monitor without labels and measures the repaired probe. A failed repair is a
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
    const file = path.join(path.resolve(options.repairDir!), `${monitor.id}.onnx`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, repaired.modelBytes);
    result.repair = { ...repaired.repair, file: displayPath(file) };
    logger.info(`${monitor.id}: repaired with ${repaired.repair.method} -> ${repaired.repair.verdict_after} (${displayPath(file)})`);
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
