/**
 * Measuring a label-free repair with the labels: the measurement stage, not the repair module, reads
 * labels and judges. repairStaleMonitor() repairs a stale monitor without labels (repair/) and then
 * scores the repaired probe on the updated eval rows: AUROC, TPR and FPR at the original threshold,
 * and whether the monitor is fresh again against the base model under its tolerances.
 */
import path from 'node:path';
import { openActivationBatch, readLabels } from '../activations.ts';
import { inputError } from '../errors.ts';
import { operatingMetrics } from '../metrics/index.ts';
import { repairMonitor, repairReportOf, scoreModelBytes, type RepairMonitorOptions, type RepairResult } from '../repair/index.ts';
import type { ExecutionProvider } from '../scoring/probe.ts';
import type { MonitorRepair, MonitorSpec, OperatingMetrics } from '../types.ts';
import { judgeStaleness } from '../verdict.ts';

export interface RepairEvaluation {
  metrics: OperatingMetrics;
  verdict_after: 'fresh' | 'stale';
  reasons: string[];
}

/**
 * The repaired probe on the updated eval rows, with their labels: metrics at the monitor's threshold,
 * and fresh/stale against the base model's metrics under the monitor's tolerances.
 */
export async function measureRepairedProbe(options: {
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
  const evaluation = await measureRepairedProbe({
    monitor: options.monitor,
    baseDir: options.baseDir,
    updatedDir: options.updatedDir,
    modelBytes: result.modelBytes,
    baseMetrics: options.baseMetrics,
    provider: options.provider,
    rowsPerChunk: options.rowsPerChunk,
  });
  const repair: MonitorRepair = {
    ...repairReportOf(result),
    auroc: evaluation.metrics.auroc,
    tpr: evaluation.metrics.tpr,
    fpr: evaluation.metrics.fpr,
    verdict_after: evaluation.verdict_after,
  };
  return { repair, modelBytes: result.modelBytes, result, evaluation };
}

