/**
 * Raw little-endian element bytes -> float32, with the finite check in the same pass: the hot loop
 * of every batch stream. The caller owns both buffers and reuses them chunk after chunk, so nothing
 * is allocated per chunk.
 *
 * These are the typed-array loops; the WebAssembly SIMD kernels (kernels.ts, Arena.convert) give the
 * same bits for F16, BF16 and F32. Other dtypes are rare in activation batches and take the generic path.
 */
import type { DType } from '../types.ts';
import { f16DecodeTable } from './float16.ts';
import { bytesToFloat32 } from './tensor-file.ts';

/**
 * Converts `count` elements of `dtype` from `raw` (aligned to the element size) into out[0, count).
 * Returns the index of the first non-finite converted value, or -1. F32 values are copied.
 */
export function convertPlain(dtype: DType, raw: Uint8Array, out: Float32Array, count: number): number {
  switch (dtype) {
    case 'BF16': {
      const src = new Uint16Array(raw.buffer, raw.byteOffset, count);
      const bits = new Uint32Array(out.buffer, out.byteOffset, count);
      let bad = -1;
      for (let i = 0; i < count; i++) {
        const h = src[i];
        bits[i] = h << 16;
        // exponent all ones: Inf or NaN
        if ((h & 0x7f80) === 0x7f80 && bad < 0) bad = i;
      }
      return bad;
    }
    case 'F16': {
      const src = new Uint16Array(raw.buffer, raw.byteOffset, count);
      const table = f16DecodeTable();
      let bad = -1;
      for (let i = 0; i < count; i++) {
        const h = src[i];
        out[i] = table[h];
        if ((h & 0x7c00) === 0x7c00 && bad < 0) bad = i;
      }
      return bad;
    }
    case 'F32': {
      const src = new Uint32Array(raw.buffer, raw.byteOffset, count);
      const bits = new Uint32Array(out.buffer, out.byteOffset, count);
      let bad = -1;
      for (let i = 0; i < count; i++) {
        const u = src[i];
        bits[i] = u;
        if ((u & 0x7f800000) === 0x7f800000 && bad < 0) bad = i;
      }
      return bad;
    }
    default: {
      const copy = raw.slice(0, count * elementBytes(dtype));
      out.set(bytesToFloat32(dtype, copy.buffer));
      return firstNonFinite(out, count);
    }
  }
}

const ITEM: Partial<Record<DType, number>> = { F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1, F32: 4, F16: 2, BF16: 2 };
const elementBytes = (dtype: DType) => ITEM[dtype]!;

/** Index of the first NaN/Inf in values[0, count), or -1. `v - v` is 0 for every finite v and NaN otherwise. */
export function firstNonFinite(values: Float32Array, count = values.length): number {
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (!(v - v === 0)) return i;
  }
  return -1;
}
