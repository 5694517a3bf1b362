/**
 * Stream: every tensor group read once across the aligned folders, each chunk handed to all its
 * consumers: the scorers of every monitor that reads it (linear first layers stacked into one
 * product), and, when it is some monitor's drift rows, the shared drift sums, each monitor's
 * projection onto its probe direction and the CKA rows. Outputs are per monitor and per group:
 * nothing is keyed by object identity, nothing is mutated after the stage returns.
 */
import { describeError } from '../errors.ts';
import { displayRoot } from '../paths.ts';
import { emitter, type ProgressSink } from '../progress.ts';
import { CkaSessions, GroupDriftAccumulator, ckaSampleRows, probeDirection, type ActivationDrift, type ProbeDirection } from '../predict/drift.ts';
import { shiftMetrics } from '../metrics/index.ts';
import { markNaNFree } from '../metrics/auroc.ts';
import { scoreDriftFeatures } from '../predict/features.ts';
import { probeError } from '../errors.ts';
import { GroupScorer } from '../scoring/stack.ts';
import { streamAligned, defaultRowsPerChunk, type AlignedChunk } from '../stream/aligned-batch.ts';
import { batchOfSide } from '../activations.ts';
import type { ExecutionProvider } from '../scoring/probe.ts';
import type { Logger, ShiftMetrics } from '../types.ts';
import type { PlannedMonitor, TensorGroup } from './plan.ts';

/** Base rows the finite-difference gradient of a non-linear probe is averaged over. */
export const ANCHOR_ROWS = 16;
/**
 * Activation drift is a feature, not a measurement: past this many evenly spaced rows its estimate
 * no longer moves, while its per-row float64 work would cost more than scoring.
 */
export const DRIFT_MAX_ROWS = 16_384;

/** One monitor's reading of one group: scores per side, or the error that stopped it. */
export interface GroupScores {
  sides?: Float64Array[];
  error?: unknown;
}

/** Base rows kept for the label-free estimate's domain classifier: evenly spaced, at most this many per group. */
export const SAMPLE_MAX_ROWS = 1024;

/** Some rows of a group's base side, row-major float32, with their row indexes. */
export interface RowSample {
  data: Float32Array;
  rows: number;
  width: number;
  index: Uint32Array;
}

/** What streaming gives one monitor. */
export interface StreamedMonitor {
  /** Base scores of the reference rows (the eval rows, base side only), when requested. */
  reference?: GroupScores;
  /** Base activations sampled from the drift rows and from the reference rows, when a reference was requested. */
  driftSample?: RowSample;
  referenceSample?: RowSample;
  /** Scores of the drift rows (and the error that stopped them), when the monitor was observed. */
  drift?: GroupScores;
  /** Scores of the eval rows, when they were streamed. */
  eval?: GroupScores;
  activationDrift?: ActivationDrift;
  scoreDrift?: ReturnType<typeof scoreDriftFeatures>;
  /** KS, PSI and flip rate of the drift rows' scores; the measurement reuses them when those rows are the eval rows. */
  scoreShift?: ShiftMetrics;
  /** The bytes of the files this monitor read and how long their streams took (shared with the other monitors reading them). */
  read: { bytes: number; seconds: number };
  warnings: string[];
}

export interface StreamRequest {
  /** Index into the planned monitors; role says which of its groups to score. */
  monitor: number;
  role: 'drift' | 'eval' | 'reference';
}

export interface StreamOptions {
  rowsPerChunk?: number;
  provider?: ExecutionProvider;
  logger?: Logger;
  driftMaxRows?: number;
  /**
   * Accumulate the activation drift (per-dimension moments, projections on each probe's direction,
   * linear CKA) of the drift rows; default true. Off, drift members get their score drift only.
   */
  activationDrift?: boolean;
  /** Progress events per file (start, chunks, done); see progress.ts. */
  progress?: ProgressSink;
}

interface Member {
  monitor: number;
  roles: Set<StreamRequest['role']>;
}

/**
 * Streams every group the requests name and returns, per planned monitor, what it asked for.
 * Monitors whose observation already failed in the plan are skipped.
 */
export async function streamGroups(planned: readonly PlannedMonitor[], requests: readonly StreamRequest[], options: StreamOptions): Promise<Map<number, StreamedMonitor>> {
  const byGroup = new Map<string, { group: TensorGroup; members: Map<number, Member> }>();
  const out = new Map<number, StreamedMonitor>();
  for (const { monitor, role } of requests) {
    const p = planned[monitor];
    if (p.observeError !== undefined || !p.probe) continue;
    const group = role === 'drift' ? p.drift?.group : role === 'eval' ? p.eval : p.reference;
    if (!group) continue;
    if (!byGroup.has(group.key)) byGroup.set(group.key, { group, members: new Map() });
    const members = byGroup.get(group.key)!.members;
    if (!members.has(monitor)) members.set(monitor, { monitor, roles: new Set() });
    members.get(monitor)!.roles.add(role);
    if (!out.has(monitor)) out.set(monitor, { read: { bytes: 0, seconds: 0 }, warnings: [] });
  }
  const cka = new CkaSessions();
  const emit = emitter(options.progress);
  try {
    for (const { group, members } of byGroup.values()) {
      const ids = [...members.values()].map((m) => planned[m.monitor].spec.id);
      options.logger?.debug(`streaming ${group.key.split(/[\\/]/).pop()} for ${ids.join(', ')}`);
      const { batch } = group;
      const where = { file: displayRoot(batch.sides[0].file), tensor: batch.tensor };
      const bytes = batch.sides.reduce((sum, side) => sum + side.info.byteLength + (side.mask?.byteLength ?? 0), 0);
      emit({ kind: 'file-start', ...where, sides: batch.sides.length, bytes, monitors: ids });
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      const onRows = (rowsDone: number) => emit({ kind: 'file-progress', ...where, bytesDone: Math.round((bytes * rowsDone) / Math.max(batch.rows, 1)), bytes, seconds: seconds() });
      const failed = await streamGroup(planned, group, [...members.values()], out, options, cka, onRows);
      const took = seconds();
      emit({ kind: 'file-done', ...where, bytes, seconds: took, monitors: ids.length, ...(failed === undefined ? {} : { failed: describeError(failed) }) });
      for (const m of members.values()) {
        const read = out.get(m.monitor)!.read;
        read.bytes += bytes;
        read.seconds += took;
      }
    }
  } finally {
    await cka.release();
  }
  return out;
}

function newSample(rows: number, width: number): RowSample {
  const take = Math.min(rows, SAMPLE_MAX_ROWS);
  const index = new Uint32Array(take);
  for (let k = 0; k < take; k++) index[k] = Math.floor((k * rows) / take);
  return { data: new Float32Array(take * width), rows: take, width, index };
}

/** Streams one tensor for its members; returns the error that stopped the stream itself, if any (each member has it too). */
async function streamGroup(
  planned: readonly PlannedMonitor[],
  group: TensorGroup,
  members: Member[],
  out: Map<number, StreamedMonitor>,
  options: StreamOptions,
  cka: CkaSessions,
  onRows: (rowsDone: number) => void,
): Promise<unknown> {
  const { batch } = group;
  const D = batch.width;
  const S = batch.sides.length;
  const results = members.map((m) => {
    const scores: GroupScores = { sides: batch.sides.map(() => new Float64Array(batch.rows)) };
    const record = out.get(m.monitor)!;
    if (m.roles.has('drift')) record.drift = scores;
    if (m.roles.has('eval')) record.eval = scores;
    if (m.roles.has('reference')) record.reference = scores;
    return scores;
  });
  // base rows for the estimate's domain classifier: wanted by reference members, and by drift members that have a reference
  const wantsSample = members.filter((m) => m.roles.has('reference') || (m.roles.has('drift') && planned[m.monitor].reference !== undefined));
  const rowSample = wantsSample.length > 0 ? newSample(batch.rows, D) : undefined;
  let sampleNext = 0;
  // a probe that declares a width must get batches of that width (checked against the drift rows in the plan)
  members.forEach((m, i) => {
    const probe = planned[m.monitor].probe!.probe;
    if (probe.width !== undefined && probe.width !== D) {
      results[i].error = probeError(`probe expects width D=${probe.width} but '${batch.tensor}' in ${batch.sides[0].file.split(/[\\/]/).pop()} has D=${D}`, { file: probe.file });
      results[i].sides = undefined;
    }
  });
  const driftMembers = members.map((m, i) => ({ m, i })).filter(({ m }) => m.roles.has('drift'));
  let streamError: unknown;
  const scorer = await GroupScorer.create(
    members.map((m) => ({ probe: planned[m.monitor].probe!.probe, graph: planned[m.monitor].probe!.graph })),
    D,
    options.provider,
  );
  const active = new Set(members.map((_, i) => i).filter((i) => results[i].error === undefined));

  // drift: the sample, the directions (from the first rows of the base side), one accumulator
  const sample = driftMembers.length > 0 && options.activationDrift !== false ? ckaSampleRows(batch.rows, options.driftMaxRows ?? DRIFT_MAX_ROWS) : undefined;
  let accumulator: GroupDriftAccumulator | undefined;
  let driftError: unknown;
  const directionOf = new Map<number, number>(); // member index -> direction slot
  const rowsPerChunk = options.rowsPerChunk ?? defaultRowsPerChunk(batch);
  const anchorCount = Math.min(ANCHOR_ROWS, batch.rows);
  const findDirections = async (anchors: Float32Array) => {
    const directions: Float64Array[] = [];
    for (const { m, i } of driftMembers) {
      const p = planned[m.monitor];
      if (results[i].error !== undefined) continue;
      let direction: ProbeDirection | undefined;
      try {
        direction = await probeDirection(p.probe!.probe, p.probe!.graph, anchors, anchorCount, D);
        if (!direction) out.get(m.monitor)!.warnings.push('the probe has no usable direction (flat or non-finite gradient); projected shift left out');
      } catch (error) {
        out.get(m.monitor)!.warnings.push(`activation drift left out: ${describeError(error)}`);
      }
      if (direction) {
        directionOf.set(i, directions.length);
        directions.push(direction.direction);
      }
    }
    return directions;
  };
  let directions: Float64Array[] | undefined;
  if (sample && rowsPerChunk < anchorCount) {
    // chunks too small to hold the anchors: read them first (only the base side, only those rows)
    const anchors = new Float32Array(anchorCount * D);
    for await (const chunk of batchOfSide(batch.sides[0], batch.pooling).chunks(anchorCount)) {
      anchors.set(chunk.data.subarray(0, anchorCount * D));
      break;
    }
    directions = await findDirections(anchors);
  }

  try {
    await streamAligned(
      batch,
      {
        rowsPerChunk,
        prepare: (arena, rows) => {
          if (!sample) return;
          try {
            accumulator = new GroupDriftAccumulator(D, sample, driftMembers.length);
            accumulator.prepare(arena, rows);
          } catch (error) {
            accumulator = undefined;
            driftError = error;
          }
        },
      },
      async (chunk: AlignedChunk) => {
        if (sample && chunk.start === 0) {
          directions ??= await findDirections(chunk.data[0].slice(0, anchorCount * D));
          accumulator?.begin(directions);
        }
        if (rowSample) {
          while (sampleNext < rowSample.rows && rowSample.index[sampleNext] < chunk.start + chunk.rows) {
            const row = rowSample.index[sampleNext] - chunk.start;
            rowSample.data.set(chunk.data[0].subarray(row * D, (row + 1) * D), sampleNext * D);
            sampleNext++;
          }
        }
        for (let side = 0; side < S; side++) {
          if (active.size === 0) break;
          const scores = await scorer.score(chunk.data[side], chunk.start, chunk.rows, active);
          for (const [i, value] of scores) {
            if (value instanceof Error) {
              results[i].error = value;
              results[i].sides = undefined;
              active.delete(i);
            } else {
              results[i].sides![side].set(value, chunk.start);
            }
          }
        }
        if (accumulator && driftError === undefined) {
          try {
            accumulator.add(chunk.start, chunk.rows, chunk.slots[0], chunk.slots[1]);
          } catch (error) {
            driftError = error;
          }
        }
        onRows(chunk.start + chunk.rows);
      },
    );
  } catch (error) {
    streamError = error;
    // the stream itself failed (a non-finite value, a truncated file): every member still reading has that error
    for (const i of active) {
      results[i].error = error;
      results[i].sides = undefined;
    }
    active.clear();
  } finally {
    await scorer.release();
  }

  // every value came through scoresFromOutput's finite check; the metrics need not scan for NaN again
  for (const i of active) for (const side of results[i].sides ?? []) markNaNFree(side);

  if (rowSample && sampleNext === rowSample.rows) {
    for (const m of wantsSample) {
      const record = out.get(m.monitor)!;
      if (m.roles.has('reference')) record.referenceSample = rowSample;
      if (m.roles.has('drift')) record.driftSample = rowSample;
    }
  }
  for (const { m, i } of driftMembers) {
    const record = out.get(m.monitor)!;
    if (results[i].error !== undefined) continue;
    const spec = planned[m.monitor].spec;
    const [base, updated] = results[i].sides!;
    record.scoreShift = shiftMetrics(base, updated, spec.threshold);
    record.scoreDrift = scoreDriftFeatures(base, updated, spec.threshold, record.scoreShift);
  }
  if (!sample || driftMembers.every(({ i }) => results[i].error !== undefined)) return streamError;
  let finished: Awaited<ReturnType<GroupDriftAccumulator['finish']>> | undefined;
  if (driftError === undefined && accumulator) {
    try {
      finished = await accumulator.finish(cka);
    } catch (error) {
      driftError = error;
    }
  }
  for (const { m, i } of driftMembers) {
    if (results[i].error !== undefined) continue;
    const record = out.get(m.monitor)!;
    if (!finished) {
      record.warnings.push(`activation drift left out: ${describeError(driftError)}`);
      continue;
    }
    const slot = directionOf.get(i);
    record.activationDrift = {
      projected_shift: slot === undefined ? Number.NaN : finished.projected[slot],
      rel_mean_shift: finished.rel_mean_shift,
      linear_cka: finished.linear_cka,
      rows: finished.rows,
      cka_rows: finished.cka_rows,
    };
  }
  return streamError;
}
