/**
 * Activation batches and labels on disk -> pooled float32 rows, streamed chunk by chunk.
 *
 * Batch tensors are [N, D] (already pooled; the monitor's pooling is ignored) or [N, T, D]
 * (per token; pooled here over the [N, T] mask). A .npy file holds a single array named after
 * its file, so a "#tensor" suffix on a .npy path must be that stem or absent.
 */
import path from 'node:path';
import { inputError } from './errors.ts';
import { openForRead } from './formats/safetensors.ts';
import { openTensorFile, readRowsFloat32, readSmallTensor, requireTensor } from './formats/tensor-file.ts';
import { POOLINGS, type ActivationBatch, type ActivationChunk, type LabelsRef, type MonitorSpec, type Pooling, type TensorFile, type TensorInfo, type TensorRef } from './types.ts';

/** Tensor read from a .safetensors batch when the config names none. */
export const DEFAULT_ACTIVATIONS_TENSOR = 'activations';
export const DEFAULT_MASK_TENSOR = 'mask';
/** Target size of one chunk's raw read, as float32. */
export const CHUNK_BYTES = 16 * 1024 * 1024;
/** Labels are read whole; more rows than this is not a labeled eval set. */
const MAX_LABEL_ROWS = 64 * 1024 * 1024;

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The single array of a .npy file; a requested name must be its stem, since .npy has no tensor names. */
function npyTensor(tensorFile: TensorFile, requested: string | undefined): TensorInfo {
  const [info] = tensorFile.tensors.values();
  if (requested !== undefined && requested !== info.name) {
    throw inputError(`a .npy file holds a single array (named '${info.name}' after the file), so '#${requested}' cannot select a tensor`, {
      file: tensorFile.path,
      help: `drop '#${requested}', or use a .safetensors file for named tensors`,
    });
  }
  return info;
}

export async function openActivationBatch(
  dir: string,
  ref: TensorRef,
  pooling: Pooling,
  maskTensor: string = DEFAULT_MASK_TENSOR,
): Promise<ActivationBatch> {
  if (!POOLINGS.includes(pooling)) throw new TypeError(`openActivationBatch: unknown pooling '${String(pooling)}'`);
  const tensorFile = await openTensorFile(path.resolve(dir, ref.file));
  const file = tensorFile.path;
  const info =
    tensorFile.format === 'npy'
      ? npyTensor(tensorFile, ref.tensor)
      : requireTensor(tensorFile, ref.tensor ?? DEFAULT_ACTIVATIONS_TENSOR, 'activations tensor');
  const where = `tensor '${info.name}'`;
  const { shape } = info;
  if (shape.length !== 2 && shape.length !== 3) {
    throw inputError(`activations must be [N, D] (pooled) or [N, T, D] (per token), got ${info.dtype} ${formatShape(shape)}`, { file, where });
  }
  if (info.dtype === 'BOOL') throw inputError('activations must be numeric, got BOOL', { file, where });
  const rows = shape[0];
  const width = shape[shape.length - 1];
  const tokens = shape.length === 3 ? shape[1] : undefined;
  if (rows === 0 || width === 0 || tokens === 0) throw inputError(`activations are empty: shape ${formatShape(shape)}`, { file, where });

  let mask: TensorInfo | undefined;
  if (tokens !== undefined) {
    if (tensorFile.format === 'safetensors') {
      mask = tensorFile.tensors.get(maskTensor);
      // No tensor under the default name means "every token counts"; a name the user chose must exist.
      if (!mask && maskTensor !== DEFAULT_MASK_TENSOR) requireTensor(tensorFile, maskTensor, 'mask tensor');
    } else if (maskTensor !== DEFAULT_MASK_TENSOR) {
      throw inputError(`a .npy batch cannot carry mask '${maskTensor}'; use a .safetensors file with activations and mask`, { file });
    }
    if (mask && (mask.shape.length !== 2 || mask.shape[0] !== rows || mask.shape[1] !== tokens)) {
      throw inputError(`mask must be [N, T] = [${rows}, ${tokens}] to match activations ${formatShape(shape)}, got ${formatShape(mask.shape)}`, {
        file,
        where: `tensor '${mask.name}'`,
      });
    }
  }

  const defaultRows = Math.max(1, Math.floor(CHUNK_BYTES / ((tokens ?? 1) * width * 4)));

  async function* chunks(rowsPerChunk: number = defaultRows): AsyncGenerator<ActivationChunk> {
    if (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1) throw new RangeError(`chunks: rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
    const handle = await openForRead(file);
    try {
      for (let start = 0; start < rows; start += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, rows - start);
        const raw = await readRowsFloat32(info, start, count, handle);
        let data: Float32Array;
        if (tokens === undefined) {
          data = raw;
          const bad = firstNonFinite(data);
          if (bad >= 0) throw nonFinite(start + Math.floor(bad / width), bad % width, data[bad]);
        } else {
          const maskRows = mask ? await readRowsFloat32(mask, start, count, handle) : undefined;
          data = poolTokens(raw, maskRows, count, tokens, width, pooling, start);
        }
        yield { start, rows: count, data };
      }
    } finally {
      await handle.close();
    }
  }

  const nonFinite = (row: number, column: number, value: number) =>
    inputError(`row ${row} has a non-finite value (${value} at column ${column})`, {
      file,
      where,
      help: 'activations must be finite; check the model export for overflow',
    });

  /** Pools [count, T, D] into [count, D] over masked tokens; `start` turns chunk rows into batch rows for errors. */
  function poolTokens(raw: Float32Array, maskRows: Float32Array | undefined, count: number, T: number, D: number, how: Pooling, start: number): Float32Array {
    const out = new Float32Array(count * D);
    const acc = new Float64Array(D);
    for (let r = 0; r < count; r++) {
      const rowBase = r * T;
      const isReal = (t: number) => maskRows === undefined || maskRows[rowBase + t] !== 0;
      const outRow = out.subarray(r * D, (r + 1) * D);
      if (how === 'last') {
        let t = T - 1;
        while (t >= 0 && !isReal(t)) t--;
        if (t < 0) throw emptyRow(start + r);
        outRow.set(raw.subarray((rowBase + t) * D, (rowBase + t + 1) * D));
        const bad = firstNonFinite(outRow);
        if (bad >= 0) throw nonFinite(start + r, bad, outRow[bad]);
        continue;
      }
      let used = 0;
      if (how === 'mean') acc.fill(0);
      else acc.fill(-Infinity);
      for (let t = 0; t < T; t++) {
        if (!isReal(t)) continue;
        used++;
        const base = (rowBase + t) * D;
        if (how === 'mean') {
          for (let d = 0; d < D; d++) acc[d] += raw[base + d];
        } else {
          for (let d = 0; d < D; d++) {
            const v = raw[base + d];
            if (!(v - v === 0)) throw nonFinite(start + r, d, v); // NaN would slip past the comparison
            if (v > acc[d]) acc[d] = v;
          }
        }
      }
      if (used === 0) throw emptyRow(start + r);
      // A float64 sum of finite float32 values cannot overflow, so a non-finite mean means a non-finite input.
      const scale = how === 'mean' ? 1 / used : 1;
      for (let d = 0; d < D; d++) {
        const v = how === 'mean' ? acc[d] * scale : acc[d];
        if (!(v - v === 0)) throw nonFinite(start + r, d, v);
        outRow[d] = v;
      }
    }
    return out;
  }

  const emptyRow = (row: number) =>
    inputError(`row ${row} has no real tokens in mask '${mask?.name ?? maskTensor}' (all zero), so there is nothing to pool`, { file, where });

  return { file, tensor: info.name, rows, width, tokens, chunks };
}

/** Index of the first NaN/Inf, or -1. `v - v` is 0 for every finite v and NaN otherwise. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v - v === 0)) return i;
  }
  return -1;
}

/**
 * Labels as 0/1 bytes. From their own file (.npy, or .safetensors: the named tensor, else the only
 * tensor, else 'labels'), or from a tensor of the batch file. Any numeric dtype with values exactly 0 or 1;
 * shape [N] or [N, 1].
 */
export async function readLabels(ref: LabelsRef, batchFile: string): Promise<Uint8Array> {
  let info: TensorInfo;
  if (ref.kind === 'file') {
    const tensorFile = await openTensorFile(ref.path);
    if (tensorFile.format === 'npy') info = npyTensor(tensorFile, ref.tensor);
    else if (ref.tensor !== undefined) info = requireTensor(tensorFile, ref.tensor, 'labels tensor');
    else if (tensorFile.tensors.size === 1) info = [...tensorFile.tensors.values()][0];
    else info = requireTensor(tensorFile, 'labels', 'labels tensor');
  } else {
    const tensorFile = await openTensorFile(batchFile);
    if (tensorFile.format === 'npy') {
      throw inputError(`a .npy batch holds only the activations, so labels '#${ref.tensor}' cannot come from it`, {
        file: tensorFile.path,
        help: 'point labels at their own .npy or .safetensors file',
      });
    }
    info = requireTensor(tensorFile, ref.tensor, 'labels tensor');
  }
  const file = info.file;
  const where = `tensor '${info.name}'`;
  const { shape } = info;
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw inputError(`labels must have shape [N] or [N, 1], got ${formatShape(shape)}`, { file, where });
  }
  const values = await readSmallTensor(info, MAX_LABEL_ROWS);
  const labels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 1) labels[i] = 1;
    else if (v !== 0) {
      throw inputError(`label at index ${i} is ${v}; labels must be exactly 0 or 1`, { file, where, help: '1 marks the positive class' });
    }
  }
  return labels;
}

/** The same tensor of a monitor's batch files in the base and updated folders, checked to pair row for row. */
export async function openPairedBatches(
  monitor: Pick<MonitorSpec, 'pooling' | 'mask'>,
  ref: TensorRef,
  baseDir: string,
  updatedDir: string,
): Promise<{ base: ActivationBatch; updated: ActivationBatch }> {
  const base = await openActivationBatch(baseDir, ref, monitor.pooling, monitor.mask);
  const updated = await openActivationBatch(updatedDir, ref, monitor.pooling, monitor.mask);
  checkPairedBatches(base, updated);
  return { base, updated };
}

/** Base and updated batches are scored row against row, so N and D must agree (T may differ). */
export function checkPairedBatches(base: ActivationBatch, updated: ActivationBatch): void {
  if (base.rows === updated.rows && base.width === updated.width) return;
  const describe = (b: ActivationBatch) =>
    `'${b.tensor}' has ${b.tokens === undefined ? '[N, D]' : '[N, T, D]'} = ${formatShape(b.tokens === undefined ? [b.rows, b.width] : [b.rows, b.tokens, b.width])}`;
  const what = base.rows !== updated.rows ? `row counts differ (N ${base.rows} vs ${updated.rows})` : `widths differ (D ${base.width} vs ${updated.width})`;
  throw inputError(`base and updated batches must pair row for row: ${what}; base ${describe(base)}, updated ${describe(updated)}`, {
    file: updated.file,
  });
}
