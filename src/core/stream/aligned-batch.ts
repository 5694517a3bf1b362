/**
 * One activation tensor across an ordered list of aligned folders (base, updated, and any later
 * checkpoints): the same file name in each folder, the same rows in the same order. A stream reads
 * every side once, chunk by chunk in lockstep, into buffers laid out once for the whole stream: one
 * read buffer pair per side (the next chunk is read while the current one is used) and one float32
 * buffer per side, converted with the finite check in the same pass.
 *
 * Batch tensors are [N, D] (already pooled; the monitor's pooling is ignored) or [N, T, D] (per
 * token; pooled here over the [N, T] mask). A .npy file holds a single array named after its file,
 * so a "#tensor" suffix on a .npy path must be that stem or absent.
 */
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { inputError } from '../errors.ts';
import { Arena, type Slot } from '../formats/kernels.ts';
import { DTYPE_ITEMSIZE, openForRead, readExactly } from '../formats/safetensors.ts';
import { bytesToFloat32, requireTensor, rowGeometry } from '../formats/tensor-file.ts';
import type { HeaderCache } from './headers.ts';
import { POOLINGS, type Pooling, type TensorFile, type TensorInfo, type TensorRef } from '../types.ts';

/** Tensor read from a .safetensors batch when the config names none. */
export const DEFAULT_ACTIVATIONS_TENSOR = 'activations';
export const DEFAULT_MASK_TENSOR = 'mask';
/** Target size of one chunk's rows as float32 (per side). */
export const CHUNK_BYTES = 16 * 1024 * 1024;

/** Names of the sides in messages: base, updated, then checkpoints by position. */
export const sideName = (index: number) => (index === 0 ? 'base' : index === 1 ? 'updated' : `checkpoint ${index}`);

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Where one side's rows are: the activations tensor and, for [N, T, D], its mask. */
export interface BatchSide {
  file: string;
  info: TensorInfo;
  tokens?: number;
  mask?: TensorInfo;
  /** The mask name the user asked for (for messages). */
  maskName: string;
}

/** The layout of one side, checked against its header (the same rules for every side). */
export function batchSide(tensorFile: TensorFile, ref: TensorRef, pooling: Pooling, maskTensor: string = DEFAULT_MASK_TENSOR): BatchSide {
  if (!POOLINGS.includes(pooling)) throw new TypeError(`batchSide: unknown pooling '${String(pooling)}'`);
  const file = tensorFile.path;
  const info =
    tensorFile.format === 'npy' ? npyTensor(tensorFile, ref.tensor) : requireTensor(tensorFile, ref.tensor ?? DEFAULT_ACTIVATIONS_TENSOR, 'activations tensor');
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
  return { file, info, tokens, mask, maskName: maskTensor };
}

/** The single array of a .npy file; a requested name must be its stem, since .npy has no tensor names. */
export function npyTensor(tensorFile: TensorFile, requested: string | undefined): TensorInfo {
  const [info] = tensorFile.tensors.values();
  if (requested !== undefined && requested !== info.name) {
    throw inputError(`a .npy file holds a single array (named '${info.name}' after the file), so '#${requested}' cannot select a tensor`, {
      file: tensorFile.path,
      help: `drop '#${requested}', or use a .safetensors file for named tensors`,
    });
  }
  return info;
}

/** One tensor over every side: N and D agree (T may differ). */
export interface AlignedBatch {
  sides: BatchSide[];
  /** The tensor's name (the same on every side). */
  tensor: string;
  rows: number;
  width: number;
  pooling: Pooling;
}

const describeSide = (s: BatchSide) =>
  `'${s.info.name}' has ${s.tokens === undefined ? '[N, D]' : '[N, T, D]'} = ${formatShape(s.tokens === undefined ? [s.info.shape[0], s.info.shape[1]] : s.info.shape)}`;

/** Every side's batch must pair row for row with the first (the base). */
export function checkAligned(sides: readonly BatchSide[]): void {
  const base = sides[0];
  const rowsOf = (s: BatchSide) => s.info.shape[0];
  const widthOf = (s: BatchSide) => s.info.shape[s.info.shape.length - 1];
  for (let k = 1; k < sides.length; k++) {
    const other = sides[k];
    if (rowsOf(base) === rowsOf(other) && widthOf(base) === widthOf(other)) continue;
    const what = rowsOf(base) !== rowsOf(other) ? `row counts differ (N ${rowsOf(base)} vs ${rowsOf(other)})` : `widths differ (D ${widthOf(base)} vs ${widthOf(other)})`;
    throw inputError(`base and ${sideName(k)} batches must pair row for row: ${what}; base ${describeSide(base)}, ${sideName(k)} ${describeSide(other)}`, {
      file: other.file,
    });
  }
}

/** Opens `ref` in every folder (headers from the cache) and checks that the sides pair. */
export async function openAligned(folders: readonly string[], ref: TensorRef, pooling: Pooling, maskTensor: string | undefined, headers: HeaderCache): Promise<AlignedBatch> {
  const sides: BatchSide[] = [];
  // a batch stays inside its activation folder, links resolved
  for (const folder of folders) sides.push(batchSide(await headers.open(path.resolve(folder, ref.file), folder), ref, pooling, maskTensor));
  checkAligned(sides);
  const first = sides[0];
  return { sides, tensor: first.info.name, rows: first.info.shape[0], width: first.info.shape[first.info.shape.length - 1], pooling };
}

/** Rows per chunk: about CHUNK_BYTES of float32 per side before pooling. */
export function defaultRowsPerChunk(batch: Pick<AlignedBatch, 'sides' | 'width'>): number {
  const tokens = Math.max(...batch.sides.map((s) => s.tokens ?? 1));
  return Math.max(1, Math.floor(CHUNK_BYTES / (tokens * batch.width * 4)));
}

/** Rows [start, start + rows) of every side; `data[k]` is side k's [rows, D] float32 (valid only during the visit). */
export interface AlignedChunk {
  start: number;
  rows: number;
  data: Float32Array[];
  /** The same rows as arena slots, for kernels (rows from offset 0). */
  slots: Slot<Float32Array>[];
  /**
   * Keeps `slots` unchanged until `work` settles (kernels running on another thread): the stream
   * converts into them again only after that, two chunks later.
   */
  hold(work: Promise<unknown>): void;
}

export interface StreamOptions {
  rowsPerChunk?: number;
  /** Lays out the consumers' own kernel buffers in the stream's arena before it is committed. */
  prepare?: (arena: Arena, rowsPerChunk: number) => void;
  /** Sides to read (default: all). */
  sideIndexes?: readonly number[];
}

interface SideReader {
  side: BatchSide;
  handle: FileHandle;
  rowBytes: number;
  itemSize: number;
  rowElements: number;
  raw: [Slot<Uint8Array>, Slot<Uint8Array>];
  maskRaw?: [Slot<Uint8Array>, Slot<Uint8Array>];
  /** [rows, T, D] float32 before pooling (per-token batches only). */
  tokens?: Slot<Float32Array>;
  maskValues?: Float32Array;
  /** Converted rows, two slots used in turn so kernels on another thread can read one while the next is filled. */
  out: [Slot<Float32Array>, Slot<Float32Array>];
}

/**
 * Streams every side in lockstep and hands each chunk to `visit`. Reads of the next chunk run while
 * `visit` works on the current one. Throws the one-line error of the first non-finite value (base
 * before the later sides within a chunk) or unpoolable row.
 */
export async function streamAligned(batch: AlignedBatch, options: StreamOptions, visit: (chunk: AlignedChunk) => void | Promise<void>): Promise<void> {
  const rowsPerChunk = options.rowsPerChunk ?? defaultRowsPerChunk(batch);
  if (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1) throw new RangeError(`streamAligned: rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
  const D = batch.width;
  const indexes = options.sideIndexes ?? batch.sides.map((_, i) => i);
  const arena = new Arena();
  const readers: SideReader[] = [];
  const opened: FileHandle[] = [];
  const holds: [Promise<unknown>[], Promise<unknown>[]] = [[], []];
  try {
    for (const k of indexes) {
      const side = batch.sides[k];
      const { rowElements } = rowGeometry(side.info);
      const itemSize = DTYPE_ITEMSIZE[side.info.dtype];
      const rowBytes = rowElements * itemSize;
      const chunkBytes = rowsPerChunk * rowBytes;
      const handle = await openForRead(side.file);
      opened.push(handle);
      const reader: SideReader = {
        side,
        handle,
        rowBytes,
        itemSize,
        rowElements,
        raw: [arena.u8(chunkBytes), arena.u8(chunkBytes)],
        out: [arena.f32(rowsPerChunk * D), arena.f32(rowsPerChunk * D)],
      };
      if (side.tokens !== undefined) {
        reader.tokens = arena.f32(rowsPerChunk * rowElements);
        if (side.mask) {
          const maskBytes = rowsPerChunk * side.tokens * DTYPE_ITEMSIZE[side.mask.dtype];
          reader.maskRaw = [arena.u8(maskBytes), arena.u8(maskBytes)];
          reader.maskValues = new Float32Array(rowsPerChunk * side.tokens);
        }
      }
      readers.push(reader);
    }
    options.prepare?.(arena, rowsPerChunk);
    arena.commit();

    const readChunk = (start: number, slot: 0 | 1) => {
      const count = Math.min(rowsPerChunk, batch.rows - start);
      return Promise.all(
        readers.map(async (r) => {
          await readExactly(r.handle, r.raw[slot].view.subarray(0, count * r.rowBytes), r.side.info.byteOffset + start * r.rowBytes, r.side.file);
          if (r.maskRaw) {
            const mask = r.side.mask!;
            const maskRowBytes = r.side.tokens! * DTYPE_ITEMSIZE[mask.dtype];
            await readExactly(r.handle, r.maskRaw[slot].view.subarray(0, count * maskRowBytes), mask.byteOffset + start * maskRowBytes, r.side.file);
          }
        }),
      );
    };

    let pending: Promise<unknown> | undefined = readChunk(0, 0);
    let slot: 0 | 1 = 0;
    try {
      for (let start = 0; start < batch.rows; start += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, batch.rows - start);
        await pending;
        // what still reads this slot pair (from two chunks ago) finishes first
        await Promise.all(holds[slot].splice(0));
        for (const r of readers) {
          convertSide(arena, r, slot, start, count, D, batch.pooling);
        }
        const next = start + rowsPerChunk;
        pending = next < batch.rows ? readChunk(next, slot === 0 ? 1 : 0) : undefined;
        // a read left running when visit throws would write into a released arena
        pending?.catch(() => undefined);
        const held = holds[slot];
        await visit({
          start,
          rows: count,
          data: readers.map((r) => r.out[slot].view.subarray(0, count * D)),
          slots: readers.map((r) => r.out[slot]),
          hold: (work) => {
            work.catch(() => undefined);
            held.push(work);
          },
        });
        slot = slot === 0 ? 1 : 0;
      }
    } finally {
      await pending?.catch(() => undefined);
      await Promise.allSettled([...holds[0], ...holds[1]]);
    }
  } finally {
    arena.release();
    for (const h of opened) await h.close().catch(() => undefined);
  }
}

function convertSide(arena: Arena, r: SideReader, slot: 0 | 1, start: number, count: number, D: number, pooling: Pooling): void {
  const { side } = r;
  const file = side.file;
  const where = `tensor '${side.info.name}'`;
  const nonFinite = (row: number, column: number, value: number) =>
    inputError(`row ${row} has a non-finite value (${value} at column ${column})`, { file, where, help: 'activations must be finite; check the model export for overflow' });
  if (side.tokens === undefined) {
    const out = r.out[slot];
    const bad = arena.convert(side.info.dtype, r.raw[slot], out, count * D);
    if (bad >= 0) throw nonFinite(start + Math.floor(bad / D), bad % D, out.view[bad]);
    return;
  }
  // per token: converted without the check, since masked-out tokens may hold anything
  arena.convert(side.info.dtype, r.raw[slot], r.tokens!, count * r.rowElements);
  let maskRows: Float32Array | undefined;
  if (side.mask) {
    maskRows = r.maskValues!;
    const n = count * side.tokens;
    const raw = r.maskRaw![slot].view;
    const bytes = raw.slice(0, n * DTYPE_ITEMSIZE[side.mask.dtype]).buffer;
    maskRows.set(bytesToFloat32(side.mask.dtype, bytes));
    // NaN !== 0 would count a broken entry as a real token
    for (let i = 0; i < n; i++) {
      const v = maskRows[i];
      if (!(v - v === 0)) {
        throw inputError(`mask entry [${start + Math.floor(i / side.tokens)}, ${i % side.tokens}] is ${v}; mask values must be finite (0 marks padding, anything else a real token)`, {
          file,
          where: `tensor '${side.mask.name}'`,
        });
      }
    }
  }
  poolTokens(r.tokens!.view, maskRows, count, side.tokens, D, pooling, start, r.out[slot].view, nonFinite, (row) =>
    inputError(`row ${row} has no real tokens in mask '${side.mask?.name ?? side.maskName}' (all zero), so there is nothing to pool`, { file, where }),
  );
}

/** Pools [count, T, D] into out [count, D] over masked tokens; `start` turns chunk rows into batch rows for errors. */
function poolTokens(
  raw: Float32Array,
  maskRows: ArrayLike<number> | undefined,
  count: number,
  T: number,
  D: number,
  how: Pooling,
  start: number,
  out: Float32Array,
  nonFinite: (row: number, column: number, value: number) => Error,
  emptyRow: (row: number) => Error,
): void {
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
      for (let d = 0; d < D; d++) {
        const v = outRow[d];
        if (!(v - v === 0)) throw nonFinite(start + r, d, v);
      }
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
}
