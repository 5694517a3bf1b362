/**
 * The label-free look at one monitor that prediction needs: the probe's type, and how its scores
 * and activations drift between the base and updated model on unlabeled rows (the monitor's
 * `calibration:` rows, else its eval rows with the labels unread).
 */
import { readFile } from 'node:fs/promises';
import { openPairedBatches } from '../activations.ts';
import { GateError, describeError } from '../errors.ts';
import { checkProbeWidth, loadProbe, releaseProbe, scoreChunk, type ExecutionProvider, type Probe } from '../scoring/probe.ts';
import type { ActivationBatch, ActivationChunk, Logger, MonitorSpec } from '../types.ts';
import { ActivationDriftAccumulator, ckaSampleRows, linearProbeWeights, probeDirection, type ActivationDrift, type ProbeDirection } from './drift.ts';
import { scoreDriftFeatures } from './features.ts';

export interface MonitorObservation {
  linearProbe: boolean;
  driftRows: { source: 'calibration' | 'eval'; rows: number };
  scoreDrift: ReturnType<typeof scoreDriftFeatures>;
  /** Absent when it could not be computed (a warning says why). */
  activationDrift?: ActivationDrift;
  /** The eval rows' scores, kept when the drift rows were the eval rows so measurement need not score them again. */
  evalScores?: { base: Float64Array; updated: Float64Array };
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

/** Base rows the finite-difference gradient of a non-linear probe is averaged over. */
const ANCHOR_ROWS = 16;
/**
 * Activation drift is a feature, not a measurement: past this many evenly spaced rows its estimate
 * no longer moves, while its per-row float64 work would cost more than scoring (a 4 GiB batch set
 * took 27 s instead of 17 s with every row).
 */
export const DRIFT_MAX_ROWS = 16_384;

export async function observeMonitor(monitor: MonitorSpec, options: ObserveOptions): Promise<MonitorObservation> {
  const warnings: string[] = [];
  let pair: { base: ActivationBatch; updated: ActivationBatch } | undefined;
  let source: 'calibration' | 'eval' = 'eval';
  if (monitor.calibration) {
    try {
      pair = await openPairedBatches(monitor, monitor.calibration, options.baseDir, options.updatedDir);
      source = 'calibration';
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      warnings.push(`calibration rows are unusable for drift (${describeError(error)}); using the eval rows without their labels`);
    }
  }
  pair ??= await openPairedBatches(monitor, monitor.batch, options.baseDir, options.updatedDir);

  const modelBytes = await readFile(monitor.probe).catch(() => undefined);
  const probe = await loadProbe(monitor.probe, monitor.output, { provider: options.provider, logger: options.logger });
  try {
    const width = pair.base.width;
    checkProbeWidth(probe, pair.base);
    const linear = modelBytes ? linearProbeWeights(modelBytes, width) !== undefined : false;
    // Activation drift only refines the prediction: if it fails, the features are left out and the
    // monitor is still scored and measured.
    const noDrift = (error: unknown) => {
      warnings.push(`activation drift left out: ${describeError(error)}`);
      return undefined;
    };
    const anchors = await firstRows(pair.base, ANCHOR_ROWS);
    let direction: ProbeDirection | undefined;
    if (modelBytes) {
      try {
        direction = await probeDirection(probe, modelBytes, anchors.data, anchors.rows, width);
        if (!direction) warnings.push('the probe has no usable direction (flat or non-finite gradient); projected shift left out');
      } catch (error) {
        noDrift(error);
      }
    }
    const sample = ckaSampleRows(pair.base.rows, options.driftMaxRows ?? DRIFT_MAX_ROWS);
    let drift: ActivationDriftAccumulator | undefined = new ActivationDriftAccumulator(width, sample.length, direction);
    let sampled = 0;
    const { base, updated } = await scorePaired(probe, pair.base, pair.updated, options.rowsPerChunk, (b, u) => {
      try {
        const picked = sampleChunks(b, u, width, sample, sampled, sample.length === pair!.base.rows);
        if (picked) drift?.add(picked.base, picked.updated);
        sampled += picked?.base.rows ?? 0;
      } catch (error) {
        drift = noDrift(error);
      }
    });
    const activationDrift = drift ? await drift.finish().catch(noDrift) : undefined;
    return {
      linearProbe: linear,
      driftRows: { source, rows: pair.base.rows },
      scoreDrift: scoreDriftFeatures(base, updated, monitor.threshold),
      activationDrift,
      evalScores: source === 'eval' && options.keepEvalScores ? { base, updated } : undefined,
      warnings,
    };
  } finally {
    await releaseProbe(probe);
  }
}

/** The chunks' rows that are in `sample` (sorted row indexes), renumbered from `sampledBefore`. */
function sampleChunks(base: ActivationChunk, updated: ActivationChunk, width: number, sample: Int32Array, sampledBefore: number, everyRow: boolean) {
  if (everyRow) return { base, updated };
  const first = sampledBefore;
  let end = first;
  while (end < sample.length && sample[end] < base.start + base.rows) end++;
  if (end === first) return undefined;
  const pick = (chunk: ActivationChunk): ActivationChunk => {
    const data = new Float32Array((end - first) * width);
    for (let k = first; k < end; k++) data.set(chunk.data.subarray((sample[k] - chunk.start) * width, (sample[k] - chunk.start + 1) * width), (k - first) * width);
    return { start: first, rows: end - first, data };
  };
  return { base: pick(base), updated: pick(updated) };
}

async function firstRows(batch: ActivationBatch, rows: number): Promise<{ data: Float32Array; rows: number }> {
  for await (const chunk of batch.chunks(Math.min(rows, batch.rows))) return { data: chunk.data.slice(), rows: chunk.rows };
  return { data: new Float32Array(0), rows: 0 };
}

/**
 * Scores the paired batches in lockstep, handing each pair of chunks to `visit` as well, so drift
 * and scores come from one read of the files. Both batches have the same row count and width, so
 * the same rowsPerChunk gives the same chunk boundaries.
 */
async function scorePaired(
  probe: Probe,
  base: ActivationBatch,
  updated: ActivationBatch,
  rowsPerChunk: number | undefined,
  visit: (base: ActivationChunk, updated: ActivationChunk) => void,
): Promise<{ base: Float64Array; updated: Float64Array }> {
  const baseScores = new Float64Array(base.rows);
  const updatedScores = new Float64Array(updated.rows);
  const updatedChunks = updated.chunks(rowsPerChunk)[Symbol.asyncIterator]();
  try {
    for await (const b of base.chunks(rowsPerChunk)) {
      const next = await updatedChunks.next();
      if (next.done || next.value.start !== b.start || next.value.rows !== b.rows) throw new Error('paired batches streamed different chunks');
      const u = next.value;
      baseScores.set(await scoreChunk(probe, b, base), b.start);
      updatedScores.set(await scoreChunk(probe, u, updated), u.start);
      visit(b, u);
    }
  } finally {
    // the updated stream is never read past its last chunk: close its file now
    await updatedChunks.return?.();
  }
  return { base: baseScores, updated: updatedScores };
}
