/**
 * Label-free drift of a monitor's activations between the base and the updated model, as predictor
 * features: no labels are read.
 *
 * - the probe direction: the unit vector along which the probe's score increases (the weights of a
 *   linear probe, else the finite-difference gradient of its logit averaged over a few anchor rows);
 * - projected_shift: the standardized mean shift of the rows' projections onto that direction;
 * - rel_mean_shift: the shift of the mean activation relative to the base spread;
 * - linear_cka: linear CKA between paired base and updated rows on a deterministic subsample.
 *
 * Shifts are streamed over every row in float64. CKA keeps at most ckaRows rows of each side and
 * runs its two or three matrix products as one onnxruntime graph (float32 products, float64 sums).
 */
import * as ort from 'onnxruntime-node';
import {
  DataType,
  attr,
  encodeModel,
  makeGraph,
  makeModel,
  makeNode,
  tensorValueInfo,
  type GraphProto,
} from '../onnx/model.ts';
import { PROBE_SESSION_OPTIONS, timedRun, type Probe } from '../scoring/probe.ts';
import type { ActivationChunk } from '../types.ts';
import { Arena, type Slot } from '../formats/kernels.ts';

/** The direction in activation space along which the probe's score increases (unit norm, length D). */
export { linearProbeWeights } from '../scoring/probe-graph.ts';
import { ProbeGraph } from '../scoring/probe-graph.ts';

export interface ProbeDirection {
  kind: 'linear-weights' | 'finite-difference';
  direction: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// Logit evaluation
// ---------------------------------------------------------------------------------------------

/** Probabilities are clipped to what float32 can tell apart from 0 and 1. */
const P_LOW = 2 ** -126;
const P_HIGH = 1 - 2 ** -24;
const clipP = (p: number) => Math.min(P_HIGH, Math.max(P_LOW, p));
const logit = (p: number) => {
  const c = clipP(p);
  return Math.log(c) - Math.log1p(-c);
};

interface LogitEvaluator {
  /** One logit per row of rows [count, D]. */
  logits(rows: Float32Array, count: number): Promise<Float64Array>;
  release(): Promise<void>;
}

/** Logits straight from the probe's output: raw for 'logit', log(p / (1 - p)) clipped otherwise. */
function outputEvaluator(probe: Probe, width: number): LogitEvaluator {
  return {
    async logits(rows, count) {
      const result = await timedRun(probe, probe.session, probe.inputName, rows, count, width, [probe.outputName], 'direction-finding rows');
      const values = result[probe.outputName].data as Float32Array | Float64Array;
      const perRow = probe.output === 'two-class' ? 2 : 1;
      if (values.length !== count * perRow) throw new Error(`probe returned ${values.length} values for ${count} rows`);
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        if (probe.output === 'logit') out[i] = values[i];
        // both columns: softmax keeps relative accuracy in the small one, so no 1 - p cancellation
        else if (perRow === 2) out[i] = Math.log(clipP(values[2 * i + 1])) - Math.log(clipP(values[2 * i]));
        else out[i] = logit(values[i]);
      }
      return out;
    },
    async release() {},
  };
}

/**
 * A session on the probe graph with the logit tensor as its output, when one is found and agrees
 * with the probe's own output on the check rows; otherwise the probe's output mapped to logits.
 */
async function logitEvaluator(probe: Probe, analysis: ProbeGraph, width: number, checkRows: Float32Array, checkCount: number): Promise<LogitEvaluator> {
  const fallback = outputEvaluator(probe, width);
  if (!analysis.model) return fallback;
  const input = analysis.input;
  if (input === undefined || input !== probe.inputName) return fallback;
  const found = analysis.logit(probe.outputName, probe.output === 'raw' ? 'logit' : probe.output);
  if (!found) return fallback;
  const model = analysis.editableCopy();
  const graph = model.graph!;
  const outName = uniqueName(graph, 'monitor_gate_drift_logit');
  graph.node = [...(graph.node ?? []), makeNode('Cast', [found.tensor], [outName], { attributes: [attr.int('to', DataType.FLOAT)] })];
  graph.output = [tensorValueInfo(outName, DataType.FLOAT)];
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(encodeModel(model), { executionProviders: ['cpu'], ...PROBE_SESSION_OPTIONS });
  } catch {
    return fallback;
  }
  const view: LogitEvaluator = {
    async logits(rows, count) {
      const result = await timedRun(probe, session, input, rows, count, width, [outName], 'direction-finding rows');
      const values = result[outName].data as Float32Array;
      if (values.length !== count) throw new Error(`logit tensor '${found.tensor}' has ${values.length} values for ${count} rows`);
      return Float64Array.from(values, (v) => found.sign * v);
    },
    release: () => session.release(),
  };
  // The view must reproduce the probe's probabilities; a head it misreads falls back to the output.
  try {
    const z = await view.logits(checkRows, checkCount);
    const result = await timedRun(probe, probe.session, probe.inputName, checkRows, checkCount, width, [probe.outputName], 'direction-finding rows');
    const p = result[probe.outputName].data as Float32Array | Float64Array;
    const perRow = probe.output === 'two-class' ? 2 : 1;
    let agrees = p.length === checkCount * perRow;
    for (let i = 0; agrees && i < checkCount; i++) {
      const expected = p[i * perRow + perRow - 1];
      const s = z[i] >= 0 ? 1 / (1 + Math.exp(-z[i])) : Math.exp(z[i]) / (1 + Math.exp(z[i]));
      agrees = Number.isFinite(z[i]) && Math.abs(s - expected) <= 1e-4;
    }
    if (agrees) return view;
  } catch {
    // fall through to the probe's output
  }
  await view.release();
  return fallback;
}

function uniqueName(graph: GraphProto, base: string): string {
  const used = new Set<string>();
  for (const n of graph.node ?? []) for (const x of [...(n.input ?? []), ...(n.output ?? [])]) used.add(x);
  for (const t of graph.initializer ?? []) used.add(t.name ?? '');
  let name = base;
  for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
  return name;
}

// ---------------------------------------------------------------------------------------------
// Probe direction
// ---------------------------------------------------------------------------------------------

export interface ProbeDirectionOptions {
  /** 'auto' (default): the weights of a linear probe, else finite differences. */
  method?: 'auto' | 'finite-difference';
  /** Central-difference step relative to the anchor rows' RMS value (default 1e-2: float32 rounding of the logit dominates below, ReLU kinks above). */
  relativeStep?: number;
}

/** Float32 input per onnxruntime run of perturbed rows (finite differences). */
const FD_RUN_BYTES = 16 * 1024 * 1024;

/**
 * Linear: normalized weights from the initializers (sign checked with two probe evaluations so the direction increases the score). Otherwise: finite-difference gradient of the probe's logit, averaged over anchor rows (a few base rows), normalized. undefined if the gradient vanishes or is non-finite.
 */
export async function probeDirection(
  probe: Probe,
  model: Uint8Array | ProbeGraph,
  anchorRows: Float32Array,
  anchorCount: number,
  width: number,
  options: ProbeDirectionOptions = {},
): Promise<ProbeDirection | undefined> {
  if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`probeDirection: bad width ${width}`);
  if (!Number.isSafeInteger(anchorCount) || anchorCount < 1) throw new RangeError(`probeDirection: need at least one anchor row, got ${anchorCount}`);
  if (anchorRows.length !== anchorCount * width) throw new RangeError(`probeDirection: ${anchorRows.length} values for ${anchorCount} anchor rows of width ${width}`);
  if (probe.width !== undefined && probe.width !== width) throw new RangeError(`probeDirection: probe expects D=${probe.width}, got width ${width}`);
  const relativeStep = options.relativeStep ?? 1e-2;
  if (!(relativeStep > 0 && Number.isFinite(relativeStep))) throw new RangeError(`probeDirection: bad relativeStep ${relativeStep}`);

  let sumSq = 0;
  for (let i = 0; i < anchorRows.length; i++) sumSq += anchorRows[i] * anchorRows[i];
  const rms = Math.sqrt(sumSq / anchorRows.length);
  const scale = rms > 0 && Number.isFinite(rms) ? rms : 1;

  const analysis = model instanceof Uint8Array ? ProbeGraph.fromBytes(model, probe.file) : model;
  const evaluator = await logitEvaluator(probe, analysis, width, anchorRows, anchorCount);
  try {
    const weights = options.method === 'finite-difference' ? undefined : analysis.linearWeights(width);
    if (weights) {
      const unit = normalized(weights);
      if (!unit) return undefined;
      const sign = await directionSign(evaluator, unit, anchorRows, anchorCount, width, scale);
      if (sign === 0) return undefined;
      if (sign < 0) for (let i = 0; i < width; i++) unit[i] = -unit[i];
      return { kind: 'linear-weights', direction: unit };
    }
    const gradient = await finiteDifferenceGradient(evaluator, anchorRows, anchorCount, width, relativeStep * scale);
    const unit = normalized(gradient);
    return unit ? { kind: 'finite-difference', direction: unit } : undefined;
  } finally {
    await evaluator.release();
  }
}

function normalized(v: Float64Array): Float64Array | undefined {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const norm = Math.sqrt(s);
  if (!(norm > 0) || !Number.isFinite(norm)) return undefined;
  return Float64Array.from(v, (x) => x / norm);
}

/**
 * +1 when the logit increases along `unit` from the anchors' mean, -1 when it decreases, 0 when
 * flat. Pairs at growing distances in one run, so a saturated output still resolves the sign.
 */
async function directionSign(evaluator: LogitEvaluator, unit: Float64Array, anchors: Float32Array, count: number, D: number, scale: number): Promise<number> {
  const center = new Float64Array(D);
  for (let r = 0; r < count; r++) for (let j = 0; j < D; j++) center[j] += anchors[r * D + j] / count;
  const distances = [1e-2, 1e-1, 1, 10].map((f) => f * scale * Math.sqrt(D));
  const rows = new Float32Array(2 * distances.length * D);
  distances.forEach((t, k) => {
    for (let j = 0; j < D; j++) {
      rows[2 * k * D + j] = center[j] + t * unit[j];
      rows[(2 * k + 1) * D + j] = center[j] - t * unit[j];
    }
  });
  const z = await evaluator.logits(rows, 2 * distances.length);
  for (let k = 0; k < distances.length; k++) {
    const diff = z[2 * k] - z[2 * k + 1];
    if (Number.isFinite(diff) && diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/**
 * Average over anchors of the central-difference gradient of the logit. All 2 D perturbed rows
 * of every anchor go through a few large runs; each step is divided by the float32 step actually
 * taken, fl(a + h) - fl(a - h), not by 2h.
 */
async function finiteDifferenceGradient(evaluator: LogitEvaluator, anchors: Float32Array, count: number, D: number, h: number): Promise<Float64Array> {
  const gradient = new Float64Array(D);
  const total = count * D; // (anchor, dimension) pairs, two rows each
  const pairsPerRun = Math.max(1, Math.floor(FD_RUN_BYTES / (8 * D)));
  const buffer = new Float32Array(Math.min(total, pairsPerRun) * 2 * D);
  const denominators = new Float64Array(Math.min(total, pairsPerRun));
  for (let first = 0; first < total; first += pairsPerRun) {
    const pairs = Math.min(pairsPerRun, total - first);
    for (let p = 0; p < pairs; p++) {
      const anchor = Math.floor((first + p) / D);
      const j = (first + p) % D;
      const row = anchors.subarray(anchor * D, (anchor + 1) * D);
      const plus = buffer.subarray(2 * p * D, (2 * p + 1) * D);
      const minus = buffer.subarray((2 * p + 1) * D, (2 * p + 2) * D);
      plus.set(row);
      minus.set(row);
      // a step below float32 resolution at a large value would divide by zero
      const step = Math.max(h, Math.abs(row[j]) * 2 ** -12);
      plus[j] = row[j] + step;
      minus[j] = row[j] - step;
      denominators[p] = plus[j] - minus[j];
    }
    const z = await evaluator.logits(buffer, 2 * pairs);
    for (let p = 0; p < pairs; p++) {
      const j = (first + p) % D;
      gradient[j] += (z[2 * p] - z[2 * p + 1]) / denominators[p] / count;
    }
  }
  return gradient;
}

// ---------------------------------------------------------------------------------------------
// Drift
// ---------------------------------------------------------------------------------------------

export interface ActivationDrift {
  /** |mean(x_u·w) - mean(x_b·w)| / std(x_b·w) over paired rows: the standardized mean shift along the probe direction (NaN without a direction). std is the population one (ddof 0); NaN when it is 0. */
  projected_shift: number;
  /** ||mean_u - mean_b|| / sqrt(mean over base rows of ||x_b - mean_b||^2): mean shift relative to the base spread (NaN when the spread is 0). */
  rel_mean_shift: number;
  /** Linear CKA (Kornblith et al. 2019) between paired base and updated rows, on a deterministic subsample of at most ckaRows rows (NaN when either side has no variance). */
  linear_cka: number;
  rows: number;
  cka_rows: number;
}

export interface ActivationDriftOptions {
  /** Most rows CKA is computed on (default 1024). */
  ckaRows?: number;
  /** 'auto' (default): the cheaper form, M x M Gram matrices (about M < 1.5 D) or D x D cross products. */
  ckaForm?: 'auto' | 'kernel' | 'feature';
}

export const DEFAULT_CKA_ROWS = 1024;
/**
 * Bytes of float32 rows per side the default CKA sample may hold, so memory stays flat in D: the
 * full DEFAULT_CKA_ROWS up to D = 8192, 32 rows at D = 262,144 (CKA on fewer rows is noisier, and
 * the report's cka_rows says how many it used).
 */
export const CKA_SAMPLE_BYTES = 32 * 1024 * 1024;

/** The rows CKA uses: floor(i * totalRows / m) for i < m = min(ckaRows, totalRows), ascending. */
export function ckaSampleRows(totalRows: number, ckaRows: number): Int32Array {
  const m = Math.min(ckaRows, totalRows);
  const rows = new Int32Array(m);
  for (let i = 0; i < m; i++) rows[i] = Math.floor((i * totalRows) / m);
  return rows;
}

/**
 * The drift of one tensor's paired rows towards any number of probe directions, streamed once.
 * The probe-independent sums (mean shift, base spread, the CKA rows) are kept once; each direction
 * adds only its projections. Rows arrive as whole chunks of the stream, already in the kernels' memory
 * (see Arena), with `sample` naming the rows (ascending batch rows) that count.
 *
 * The sums are those of the scalar definition in its order, so the result does not depend on how the
 * kernels run: sums of x - K (K the first sampled base row: exact zeros for constant data, no
 * cancellation far from the origin), the base sum of squares gathered per chunk.
 */
export class GroupDriftAccumulator {
  private readonly form: 'auto' | 'kernel' | 'feature';
  /** CKA slots: positions in `sample`. */
  private readonly ckaSlots: Int32Array;
  private readonly sampleBase: Float32Array;
  private readonly sampleUpdated: Float32Array;
  private directions?: Float64Array[];
  /** Directions per W row, in blocks of 8 (0.5: a block of 4). */
  private readonly blocks: number;
  private slots?: { rows: Slot<Int32Array>; K: Slot<Float64Array>; sumB: Slot<Float64Array>; sumU: Slot<Float64Array>; W: Slot<Float64Array>; outB: Slot<Float64Array>; outU: Slot<Float64Array> };
  private arena?: Arena;
  private started = false;
  private sumSqBase = 0;
  private projectionShift = new Float64Array(0);
  private projBase = new Float64Array(0);
  private projSqBase = new Float64Array(0);
  private projUpdated = new Float64Array(0);
  private seen = 0;
  private next = 0;
  private result?: Promise<{ rel_mean_shift: number; linear_cka: number; projected: number[]; rows: number; cka_rows: number }>;

  constructor(
    readonly width: number,
    /** Batch rows that count, ascending. */
    readonly sample: Int32Array,
    /** The most directions begin() may be given. */
    readonly maxDirections: number,
    options: ActivationDriftOptions = {},
  ) {
    if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`GroupDriftAccumulator: bad width ${width}`);
    if (sample.length < 1) throw new RangeError('GroupDriftAccumulator: no rows to sample');
    const ckaRows = options.ckaRows ?? Math.max(2, Math.min(DEFAULT_CKA_ROWS, Math.floor(CKA_SAMPLE_BYTES / (4 * width))));
    if (!Number.isSafeInteger(ckaRows) || ckaRows < 1) throw new RangeError(`GroupDriftAccumulator: bad ckaRows ${ckaRows}`);
    this.form = options.ckaForm ?? 'auto';
    this.ckaSlots = ckaSampleRows(sample.length, ckaRows);
    this.sampleBase = new Float32Array(this.ckaSlots.length * width);
    this.sampleUpdated = new Float32Array(this.ckaSlots.length * width);
    // four directions or fewer take the narrow kernel
    this.blocks = maxDirections <= 4 ? 0.5 : Math.ceil(maxDirections / 8);
  }

  /** The probe directions, before the first rows (found from those rows, so not known at prepare time). */
  begin(directions: readonly Float64Array[]): void {
    if (this.started || this.directions) throw new Error('GroupDriftAccumulator: begin() after rows');
    if (directions.length > this.maxDirections) throw new RangeError(`GroupDriftAccumulator: ${directions.length} directions, at most ${this.maxDirections}`);
    for (const d of directions) if (d.length !== this.width) throw new RangeError(`GroupDriftAccumulator: direction has length ${d.length}, expected width ${this.width}`);
    this.directions = [...directions];
    const k = directions.length;
    this.projectionShift = new Float64Array(k);
    this.projBase = new Float64Array(k);
    this.projSqBase = new Float64Array(k);
    this.projUpdated = new Float64Array(k);
  }

  /** Lays out the kernel buffers in the stream's arena (before it commits). */
  prepare(arena: Arena, rowsPerChunk: number): void {
    const D = this.width;
    const J = this.blocks * 8;
    this.arena = arena;
    this.slots = {
      rows: arena.i32(rowsPerChunk),
      K: arena.f64(D),
      sumB: arena.f64(D),
      sumU: arena.f64(D),
      W: arena.f64(D * J),
      outB: arena.f64(rowsPerChunk * J),
      outU: arena.f64(rowsPerChunk * J),
    };
  }

  /** One chunk of the stream: batch rows [start, start + rows) of base and updated, in arena slots. */
  add(start: number, rows: number, base: Slot<Float32Array>, updated: Slot<Float32Array>): void {
    if (this.result) throw new Error('GroupDriftAccumulator: add() after finish()');
    const slots = this.slots;
    if (!slots || !this.arena) throw new Error('GroupDriftAccumulator: prepare() was not called');
    const directions = this.directions;
    if (!directions) throw new Error('GroupDriftAccumulator: begin() was not called');
    const D = this.width;
    const J = this.blocks * 8;
    // sampled rows of this chunk, as chunk rows
    const first = this.next;
    let end = first;
    while (end < this.sample.length && this.sample[end] < start + rows) end++;
    const count = end - first;
    if (count === 0) return;
    if (this.sample[first] < start) throw new RangeError(`GroupDriftAccumulator: row ${this.sample[first]} was skipped`);
    for (let i = 0; i < count; i++) slots.rows.view[i] = this.sample[first + i] - start;
    if (!this.started) {
      this.started = true;
      const r0 = slots.rows.view[0] * D;
      for (let d = 0; d < D; d++) slots.K.view[d] = base.view[r0 + d];
      for (let d = 0; d < D; d++) for (let j = 0; j < directions.length; j++) slots.W.view[d * J + j] = directions[j][d];
    }
    this.sumSqBase += this.arena.moments(base, updated, slots.rows, count, D, slots.K, slots.sumB, slots.sumU);
    const k = directions.length;
    if (k > 0) {
      this.arena.project(base, slots.rows, count, D, slots.W, J, slots.outB);
      this.arena.project(updated, slots.rows, count, D, slots.W, J, slots.outU);
      const ob = slots.outB.view;
      const ou = slots.outU.view;
      if (this.seen === 0) for (let j = 0; j < k; j++) this.projectionShift[j] = ob[j];
      for (let i = 0; i < count; i++) {
        for (let j = 0; j < k; j++) {
          const pb = ob[i * J + j] - this.projectionShift[j];
          this.projBase[j] += pb;
          this.projSqBase[j] += pb * pb;
          this.projUpdated[j] += ou[i * J + j] - this.projectionShift[j];
        }
      }
    }
    // the CKA rows among them
    let slot = lowerBound(this.ckaSlots, first);
    for (; slot < this.ckaSlots.length && this.ckaSlots[slot] < end; slot++) {
      const r = this.sample[this.ckaSlots[slot]] - start;
      this.sampleBase.set(base.view.subarray(r * D, (r + 1) * D), slot * D);
      this.sampleUpdated.set(updated.view.subarray(r * D, (r + 1) * D), slot * D);
    }
    this.seen += count;
    this.next = end;
  }

  finish(sessions?: CkaSessions): Promise<{ rel_mean_shift: number; linear_cka: number; projected: number[]; rows: number; cka_rows: number }> {
    this.result ??= this.compute(sessions);
    return this.result;
  }

  private async compute(sessions?: CkaSessions) {
    const n = this.sample.length;
    if (this.seen !== n) throw new RangeError(`GroupDriftAccumulator: ${this.seen} of ${n} rows were added`);
    const D = this.width;
    const sumB = this.slots!.sumB.view;
    const sumU = this.slots!.sumU.view;
    let diffSq = 0;
    let centered = this.sumSqBase;
    for (let d = 0; d < D; d++) {
      diffSq += ((sumU[d] - sumB[d]) / n) ** 2;
      centered -= (sumB[d] * sumB[d]) / n;
    }
    const spread = Math.max(0, centered) / n;
    const rel_mean_shift = spread > 0 ? Math.sqrt(diffSq) / Math.sqrt(spread) : Number.NaN;
    const projected = (this.directions ?? []).map((_, j) => {
      const variance = Math.max(0, this.projSqBase[j] - (this.projBase[j] * this.projBase[j]) / n) / n;
      return variance > 0 ? Math.abs(this.projUpdated[j] - this.projBase[j]) / n / Math.sqrt(variance) : Number.NaN;
    });
    // the arena goes back to the stream; nothing of it is read after this point
    this.slots = undefined;
    this.arena = undefined;
    const m = this.ckaSlots.length;
    // products: 2 m^2 D (kernel) against 3 m D^2 (feature)
    const form = this.form === 'auto' ? (2 * m < 3 * D ? 'kernel' : 'feature') : this.form;
    const linear_cka = await linearCka(this.sampleBase, this.sampleUpdated, m, D, form, sessions);
    return { rel_mean_shift, linear_cka, projected, rows: n, cka_rows: m };
  }
}

/** Streams paired chunks (same rows of the base and updated batch, in order) and accumulates the drift along one direction. Memory O(ckaRows * D + D). */
export class ActivationDriftAccumulator {
  private readonly group: GroupDriftAccumulator;
  private readonly direction?: Float64Array;
  private arena?: Arena;
  private staging?: { base: Slot<Float32Array>; updated: Slot<Float32Array>; rows: number };
  private seen = 0;
  private result?: Promise<ActivationDrift>;

  constructor(
    readonly width: number,
    readonly totalRows: number,
    direction: ProbeDirection | undefined,
    options: ActivationDriftOptions = {},
  ) {
    if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`ActivationDriftAccumulator: bad width ${width}`);
    if (!Number.isSafeInteger(totalRows) || totalRows < 1) throw new RangeError(`ActivationDriftAccumulator: bad totalRows ${totalRows}`);
    const ckaRows = options.ckaRows ?? DEFAULT_CKA_ROWS;
    if (!Number.isSafeInteger(ckaRows) || ckaRows < 1) throw new RangeError(`ActivationDriftAccumulator: bad ckaRows ${ckaRows}`);
    if (direction && direction.direction.length !== width) {
      throw new RangeError(`ActivationDriftAccumulator: direction has length ${direction.direction.length}, expected width ${width}`);
    }
    this.direction = direction?.direction;
    this.group = new GroupDriftAccumulator(width, Int32Array.from({ length: totalRows }, (_, i) => i), this.direction ? 1 : 0, options);
    this.group.begin(this.direction ? [this.direction] : []);
  }

  /** Same start/rows for both; throws on mismatch. */
  add(base: ActivationChunk, updated: ActivationChunk): void {
    if (this.result) throw new Error('ActivationDriftAccumulator: add() after finish()');
    const D = this.width;
    if (base.start !== updated.start || base.rows !== updated.rows) {
      throw new RangeError(`ActivationDriftAccumulator: unpaired chunks (base rows ${base.start}+${base.rows}, updated rows ${updated.start}+${updated.rows})`);
    }
    const { start, rows } = base;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(rows) || start < 0 || rows < 0 || start + rows > this.totalRows) {
      throw new RangeError(`ActivationDriftAccumulator: rows ${start}+${rows} outside the ${this.totalRows} rows`);
    }
    if (base.data.length !== rows * D || updated.data.length !== rows * D) {
      throw new RangeError(`ActivationDriftAccumulator: chunk data has ${base.data.length} / ${updated.data.length} values for ${rows} rows of width ${D}`);
    }
    if (this.seen + rows > this.totalRows) throw new RangeError(`ActivationDriftAccumulator: more than ${this.totalRows} rows added`);
    if (rows === 0) return;
    if (start !== this.seen) throw new RangeError(`ActivationDriftAccumulator: chunks must come in order (expected row ${this.seen}, got ${start})`);
    if (!this.staging || this.staging.rows < rows) {
      this.arena?.release();
      const arena = new Arena();
      const staged = { base: arena.f32(rows * D), updated: arena.f32(rows * D), rows };
      this.group.prepare(arena, rows);
      arena.commit();
      this.arena = arena;
      this.staging = staged;
      // a new layout loses the group's kernel state only before its first rows
      if (this.seen > 0) throw new RangeError('ActivationDriftAccumulator: a later chunk is larger than the first');
    }
    this.staging.base.view.set(base.data);
    this.staging.updated.view.set(updated.data);
    try {
      this.group.add(start, rows, this.staging.base, this.staging.updated);
    } catch (error) {
      this.release();
      throw error;
    }
    this.seen += rows;
  }

  finish(): Promise<ActivationDrift> {
    this.result ??= (async () => {
      try {
        if (this.seen !== this.totalRows) throw new RangeError(`ActivationDriftAccumulator: ${this.seen} of ${this.totalRows} rows were added`);
        const out = await this.group.finish();
        return { projected_shift: this.direction ? out.projected[0] : Number.NaN, rel_mean_shift: out.rel_mean_shift, linear_cka: out.linear_cka, rows: out.rows, cka_rows: out.cka_rows };
      } finally {
        this.release();
      }
    })();
    return this.result;
  }

  private release(): void {
    this.arena?.release();
    this.arena = undefined;
  }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Centers the columns of x [m, D] in place (float64 mean, shifted by the first row so a constant
 * column becomes exact zeros); returns false when every column is constant.
 */
function centerColumns(x: Float32Array, m: number, D: number): boolean {
  const mean = new Float64Array(D);
  for (let r = 1; r < m; r++) for (let d = 0; d < D; d++) mean[d] += x[r * D + d] - x[d];
  for (let d = 0; d < D; d++) mean[d] = x[d] + mean[d] / m;
  let any = false;
  for (let r = 0; r < m; r++) {
    for (let d = 0; d < D; d++) {
      const v = x[r * D + d] - mean[d];
      x[r * D + d] = v;
      if (v !== 0) any = true;
    }
  }
  return any;
}

/**
 * Linear CKA of paired rows x, y [m, D]: ||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F). Kernel form:
 * <Kx, Ky> / (||Kx|| ||Ky||) with Kx = Xc Xc^T (m x m); feature form: the D x D cross products.
 * Centers x and y in place.
 */
export async function linearCka(x: Float32Array, y: Float32Array, m: number, D: number, form: 'kernel' | 'feature', sessions?: CkaSessions): Promise<number> {
  if (m < 2) return Number.NaN;
  if (!centerColumns(x, m, D) || !centerColumns(y, m, D)) return Number.NaN;
  const own = sessions ? undefined : new CkaSessions();
  const session = await (sessions ?? own!).get(form, D);
  try {
    const out = await session.run({ x: new ort.Tensor('float32', x, [m, D]), y: new ort.Tensor('float32', y, [m, D]) });
    const xx = out.xx.data as Float32Array;
    const yy = out.yy.data as Float32Array;
    let nx = 0;
    let ny = 0;
    let cross = 0;
    if (form === 'kernel') {
      for (let i = 0; i < xx.length; i++) {
        nx += xx[i] * xx[i];
        ny += yy[i] * yy[i];
        cross += xx[i] * yy[i];
      }
    } else {
      const xy = out.xy.data as Float32Array;
      for (let i = 0; i < xx.length; i++) {
        nx += xx[i] * xx[i];
        ny += yy[i] * yy[i];
        cross += xy[i] * xy[i];
      }
    }
    if (!(nx > 0 && ny > 0)) return Number.NaN;
    return cross / Math.sqrt(nx) / Math.sqrt(ny);
  } finally {
    await own?.release();
  }
}

/** The CKA graphs' sessions, built once per (form, D) and shared by every group of a run. */
export class CkaSessions {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  get(form: 'kernel' | 'feature', D: number): Promise<ort.InferenceSession> {
    const key = `${form}:${D}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = ort.InferenceSession.create(ckaModel(form, D), { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
      this.sessions.set(key, s);
    }
    return s;
  }
  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s.catch(() => undefined))?.release();
    this.sessions.clear();
  }
}

/** x, y [m, D] -> xx, yy (Gram m x m, or D x D) and, in feature form, xy = Y^T X. */
function ckaModel(form: 'kernel' | 'feature', D: number): Uint8Array {
  const transpose = form === 'kernel' ? [attr.int('transB', 1)] : [attr.int('transA', 1)];
  const size: (number | string)[] = form === 'kernel' ? ['m', 'm'] : [D, D];
  const nodes = [makeNode('Gemm', ['x', 'x'], ['xx'], { attributes: transpose }), makeNode('Gemm', ['y', 'y'], ['yy'], { attributes: transpose })];
  const outputs = [tensorValueInfo('xx', DataType.FLOAT, size), tensorValueInfo('yy', DataType.FLOAT, size)];
  if (form === 'feature') {
    nodes.push(makeNode('Gemm', ['y', 'x'], ['xy'], { attributes: [attr.int('transA', 1)] }));
    outputs.push(tensorValueInfo('xy', DataType.FLOAT, size));
  }
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: `linear_cka_${form}`,
        nodes,
        inputs: [tensorValueInfo('x', DataType.FLOAT, ['m', D]), tensorValueInfo('y', DataType.FLOAT, ['m', D])],
        outputs,
      }),
      opsets: [{ version: 17 }],
    }),
  );
}
