/**
 * Bulk half-precision conversions. Everything works on whole typed arrays: activation
 * batches hold tens of millions of values, so no per-element objects or calls.
 */

let f16Table: Float32Array | undefined;

/** All 65536 float16 bit patterns decoded once (256 KiB); decoding is then one lookup per value. */
export function f16DecodeTable(): Float32Array {
  if (f16Table) return f16Table;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = f16BitsToNumber(h);
  f16Table = table;
  return table;
}

/** Value of one float16 bit pattern (exact: every float16 is representable in float32). */
export function f16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // zero or subnormal
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** float16 bit patterns -> float32 values. `out` may be passed to avoid an allocation. */
export function f16ToF32(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  if (out.length < src.length) throw new RangeError('f16ToF32: output is shorter than input');
  const table = f16DecodeTable();
  const n = src.length;
  for (let i = 0; i < n; i++) out[i] = table[src[i]];
  return out;
}

/** bfloat16 bit patterns -> float32 values: bfloat16 is the top half of a float32, so shift it into place. */
export function bf16ToF32(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  if (out.length < src.length) throw new RangeError('bf16ToF32: output is shorter than input');
  const bits = new Uint32Array(out.buffer, out.byteOffset, src.length);
  const n = src.length;
  for (let i = 0; i < n; i++) bits[i] = src[i] << 16;
  return out;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** float32 bits -> float16 bits, round to nearest even; overflow goes to Inf, NaN stays NaN. */
function f32BitsToF16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 127 + 15; // rebias
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Result is a float16 subnormal (or zero): m * 2^-24 with the implicit bit made explicit.
    if (e < -10) return sign; // below half the smallest subnormal
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Inf).
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** One number -> float16 bits (rounded to float32 first, then to float16, nearest even). */
export function numberToF16Bits(value: number): number {
  scratchF32[0] = value;
  return f32BitsToF16Bits(scratchU32[0]);
}

/** float32 (or any numbers) -> float16 bit patterns, round to nearest even. */
export function f32ToF16(src: ArrayLike<number>, out: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  if (out.length < src.length) throw new RangeError('f32ToF16: output is shorter than input');
  const f32 = src instanceof Float32Array ? src : Float32Array.from(src);
  const bits = new Uint32Array(f32.buffer, f32.byteOffset, f32.length);
  for (let i = 0; i < bits.length; i++) out[i] = f32BitsToF16Bits(bits[i]);
  return out;
}

/** float32 (or any numbers) -> bfloat16 bit patterns, round to nearest even; NaN stays NaN. */
export function f32ToBF16(src: ArrayLike<number>, out: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  if (out.length < src.length) throw new RangeError('f32ToBF16: output is shorter than input');
  const f32 = src instanceof Float32Array ? src : Float32Array.from(src);
  const bits = new Uint32Array(f32.buffer, f32.byteOffset, f32.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i];
    if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) {
      out[i] = (x >>> 16) | 0x40; // quiet NaN; truncation alone could turn a NaN into Inf
    } else {
      out[i] = (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
    }
  }
  return out;
}
