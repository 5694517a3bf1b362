/**
 * Format-independent access to tensors on disk: open by extension, then read rows or whole
 * small tensors with positioned reads, converted to float in bulk.
 */
import { existsSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { inputError } from '../errors.ts';
import { resolveInsideRoot } from '../paths.ts';
import type { DType, TensorFile, TensorInfo } from '../types.ts';
import { bf16ToF32, f16ToF32 } from './float16.ts';
import { readNpyHeader } from './npy.ts';
import { DTYPE_ITEMSIZE, openForRead, readExactly, readSafetensorsHeader, shownName } from './safetensors.ts';

export const SUPPORTED_EXTENSIONS = ['.safetensors', '.npy'] as const;

/**
 * Reads a tensor file's header (never its data) and checks it against the file size. With `root`,
 * the file's real path (links resolved) must be inside it, before anything is read.
 */
export async function openTensorFile(filePath: string, root?: string): Promise<TensorFile> {
  const file = path.resolve(filePath);
  // a missing file gets the reader's own 'file not found'
  if (root !== undefined && existsSync(file)) await resolveInsideRoot(file, root, { what: 'tensor file', display: file });
  const ext = path.extname(file).toLowerCase();
  if (ext === '.safetensors') return readSafetensorsHeader(file);
  if (ext === '.npy') return readNpyHeader(file);
  throw inputError(`unsupported tensor file type '${ext || '(no extension)'}' (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`, { file });
}

/** Number of rows (first axis) and elements per row (product of the other axes). A 0-d tensor is one row of one. */
export function rowGeometry(info: TensorInfo): { rows: number; rowElements: number } {
  if (info.shape.length === 0) return { rows: 1, rowElements: 1 };
  let rowElements = 1;
  for (let i = 1; i < info.shape.length; i++) rowElements *= info.shape[i];
  return { rows: info.shape[0], rowElements };
}

function checkHostEndianness(): void {
  // Element bytes are little-endian and typed arrays use host order; Node's platforms are all LE today.
  if (endianness() !== 'LE') throw new Error('monitor-gate reads tensor data on little-endian hosts only');
}

/** Reads `byteLength` bytes at `position` into a fresh ArrayBuffer (offset 0, so every typed-array view is aligned). */
async function readBytes(info: TensorInfo, position: number, byteLength: number, handle?: FileHandle): Promise<ArrayBuffer> {
  checkHostEndianness();
  const buffer = new ArrayBuffer(byteLength);
  if (byteLength === 0) return buffer;
  const own = handle ? undefined : await openForRead(info.file);
  try {
    await readExactly((handle ?? own)!, new Uint8Array(buffer), position, info.file);
  } finally {
    await own?.close();
  }
  return buffer;
}

/**
 * Rows [startRow, startRow + rowCount) of a tensor as float32, row-major, with one positioned read.
 * Pass an open FileHandle to reuse it across calls (the caller closes it); otherwise one is opened and closed here.
 */
export async function readRowsFloat32(info: TensorInfo, startRow: number, rowCount: number, handle?: FileHandle): Promise<Float32Array> {
  const { rows, rowElements } = rowGeometry(info);
  if (!Number.isSafeInteger(startRow) || !Number.isSafeInteger(rowCount) || startRow < 0 || rowCount < 0 || startRow + rowCount > rows) {
    throw new RangeError(`readRowsFloat32: rows [${startRow}, ${startRow + rowCount}) are outside tensor '${info.name}' with ${rows} rows`);
  }
  const itemSize = DTYPE_ITEMSIZE[info.dtype];
  const rowBytes = rowElements * itemSize;
  const bytes = await readBytes(info, info.byteOffset + startRow * rowBytes, rowCount * rowBytes, handle);
  return bytesToFloat32(info.dtype, bytes);
}

/** Converts raw little-endian element bytes (an aligned ArrayBuffer) to float32; F32 is returned without a copy. */
export function bytesToFloat32(dtype: DType, bytes: ArrayBuffer): Float32Array {
  switch (dtype) {
    case 'F32':
      return new Float32Array(bytes);
    case 'F16':
      return f16ToF32(new Uint16Array(bytes));
    case 'BF16':
      return bf16ToF32(new Uint16Array(bytes));
    case 'I64': {
      const out = new Float32Array(bytes.byteLength / 8);
      fillFromInt64(bytes, out);
      return out;
    }
    default: {
      // F64 and the narrow integer types: TypedArray.set converts element-wise in native code.
      const source = typedView(dtype, bytes);
      const out = new Float32Array(source.length);
      out.set(source);
      return out;
    }
  }
}

/** Converts raw little-endian element bytes to float64 (exact for every dtype except I64 beyond 2^53). */
export function bytesToFloat64(dtype: DType, bytes: ArrayBuffer): Float64Array {
  switch (dtype) {
    case 'F64':
      return new Float64Array(bytes);
    case 'F16':
    case 'BF16':
      return Float64Array.from(bytesToFloat32(dtype, bytes));
    case 'I64': {
      const out = new Float64Array(bytes.byteLength / 8);
      fillFromInt64(bytes, out);
      return out;
    }
    default: {
      const source = typedView(dtype, bytes);
      const out = new Float64Array(source.length);
      out.set(source);
      return out;
    }
  }
}

function typedView(dtype: Exclude<DType, 'F16' | 'BF16' | 'I64'>, bytes: ArrayBuffer) {
  switch (dtype) {
    case 'F64':
      return new Float64Array(bytes);
    case 'F32':
      return new Float32Array(bytes);
    case 'I32':
      return new Int32Array(bytes);
    case 'I16':
      return new Int16Array(bytes);
    case 'I8':
      return new Int8Array(bytes);
    case 'U8':
    case 'BOOL':
      return new Uint8Array(bytes);
  }
}

/** int64 as hi * 2^32 + lo from two 32-bit halves: no BigInt per element. */
function fillFromInt64(bytes: ArrayBuffer, out: Float32Array | Float64Array): void {
  const lo = new Uint32Array(bytes);
  const hi = new Int32Array(bytes);
  for (let i = 0; i < out.length; i++) out[i] = hi[2 * i + 1] * 4294967296 + lo[2 * i];
}

/** Default cap for whole-tensor reads (labels, masks): 16M elements. */
export const SMALL_TENSOR_MAX_ELEMENTS = 16 * 1024 * 1024;

/** A whole (small) tensor as float64, e.g. labels or an index; refuses tensors over `maxElements`. */
export async function readSmallTensor(info: TensorInfo, maxElements = SMALL_TENSOR_MAX_ELEMENTS, handle?: FileHandle): Promise<Float64Array> {
  const count = info.byteLength / DTYPE_ITEMSIZE[info.dtype];
  if (count > maxElements) {
    throw inputError(`tensor ${shownName(info.name)} has ${count} elements, more than the ${maxElements} expected here`, { file: info.file });
  }
  return bytesToFloat64(info.dtype, await readBytes(info, info.byteOffset, info.byteLength, handle));
}

/** The tensor or a one-line error listing what the file does have. */
export function requireTensor(tensorFile: TensorFile, name: string, role = 'tensor'): TensorInfo {
  const info = tensorFile.tensors.get(name);
  if (info) return info;
  const names = [...tensorFile.tensors.keys()];
  throw inputError(`no ${role} ${shownName(name)} in the file; available tensors: ${names.length ? names.map(shownName).join(', ') : '(none)'}`, {
    file: tensorFile.path,
  });
}
