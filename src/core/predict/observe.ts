/**
 * The label-free look at one monitor that prediction needs: the probe's type, and how its scores
 * and activations drift between the base and updated model on unlabeled rows (the monitor's
 * `calibration:` rows, else its eval rows with the labels unread).
 *
 * The gate observes every monitor at once (engine/plan.ts, engine/stream.ts), reading each tensor
 * once for all of them; observeMonitor is that engine for one monitor.
 */
import { GroupRegistry, planMonitor, type PlannedMonitor } from '../engine/plan.ts';
import { DRIFT_MAX_ROWS, streamGroups, type StreamedMonitor } from '../engine/stream.ts';
import { releaseProbe, type ExecutionProvider } from '../scoring/probe.ts';
import { HeaderCache } from '../stream/headers.ts';
import type { Logger, MonitorSpec, ShiftMetrics } from '../types.ts';
import type { ActivationDrift } from './drift.ts';
import type { scoreDriftFeatures } from './features.ts';

export { DRIFT_MAX_ROWS };

export interface MonitorObservation {
  linearProbe: boolean;
  driftRows: { source: 'calibration' | 'eval'; rows: number };
  scoreDrift: ReturnType<typeof scoreDriftFeatures>;
  /** Absent when it could not be computed (a warning says why). */
  activationDrift?: ActivationDrift;
  /** The eval rows' scores, kept when the drift rows were the eval rows so measurement need not score them again. */
  evalScores?: { base: Float64Array; updated: Float64Array; shift?: ShiftMetrics };
  warnings: string[];
}

export interface ObserveOptions {
  baseDir: string;
  updatedDir: string;
  provider?: ExecutionProvider;
  rowsPerChunk?: number;
  logger?: Logger;
  /** Keep the eval rows' scores when they are the drift rows (the caller will measure this monitor). */
  keepEvalScores?: boolean;
  /** Most rows activation drift is computed on (evenly spaced); default DRIFT_MAX_ROWS. */
  driftMaxRows?: number;
}

/** The observation of a planned and streamed monitor; throws the error that stopped it. */
export function observationOf(planned: PlannedMonitor, streamed: StreamedMonitor | undefined, keepEvalScores: boolean): MonitorObservation {
  if (planned.observeError !== undefined) throw planned.observeError;
  const drift = streamed?.drift;
  if (!drift || drift.error !== undefined || !drift.sides) throw drift?.error ?? new Error(`${planned.spec.id}: its drift rows were not streamed`);
  const { graph } = planned.probe!;
  const batch = planned.drift!.group.batch;
  const [base, updated] = drift.sides;
  return {
    linearProbe: graph.linearWeights(batch.width) !== undefined,
    driftRows: { source: planned.drift!.source, rows: batch.rows },
    scoreDrift: streamed!.scoreDrift!,
    activationDrift: streamed!.activationDrift,
    evalScores: planned.drift!.source === 'eval' && keepEvalScores ? { base, updated, shift: streamed!.scoreShift } : undefined,
    warnings: [...planned.warnings, ...streamed!.warnings],
  };
}

export async function observeMonitor(monitor: MonitorSpec, options: ObserveOptions): Promise<MonitorObservation> {
  const planned = await planMonitor(monitor, { folders: [options.baseDir, options.updatedDir], headers: new HeaderCache(), provider: options.provider, logger: options.logger, withEval: false }, new GroupRegistry());
  try {
    const streamed = await streamGroups([planned], [{ monitor: 0, role: 'drift' }], options);
    return observationOf(planned, streamed.get(0), options.keepEvalScores ?? false);
  } finally {
    if (planned.probe) await releaseProbe(planned.probe.probe);
  }
}
