/**
 * The hot loops of a batch stream behind one interface, in WebAssembly SIMD (kernels.wat) when the
 * runtime can, else in typed-array JavaScript that gives the same bits.
 *
 * Kernels work in place on one linear memory. A stream lays out every buffer it needs once
 * (`Arena`), before its first read, and keeps them for all its chunks: growing a WebAssembly memory
 * detaches every view of it, so nothing grows while a read is in flight.
 */
import type { DType } from '../types.ts';
import { convertPlain } from './convert.ts';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.ts';

interface WasmExports {
  bf16_f32(src: number, dst: number, n: number): number;
  f16_f32(src: number, dst: number, n: number): number;
  f32_f32(src: number, dst: number, n: number): number;
  moments(xb: number, xu: number, rows: number, count: number, D: number, K: number, sumB: number, sumU: number): number;
  project(x: number, rows: number, count: number, D: number, W: number, blocks: number, out: number): void;
  project4(x: number, rows: number, count: number, D: number, W: number, out: number): void;
}

/** One slot in an arena: its byte offset in the arena's memory and a view of it (valid after commit). */
export interface Slot<T extends Float32Array | Float64Array | Int32Array | Uint8Array> {
  ptr: number;
  view: T;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB. */
const MAX_PAGES = 65536;
let wasm: { exports: WasmExports; memory: WebAssembly.Memory; module: WebAssembly.Module } | undefined | null;
let busy = false;

function loadWasm() {
  if (wasm !== undefined) return wasm ?? undefined;
  try {
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    if (process.env.MONITOR_GATE_NO_SIMD || !WebAssembly.validate(bytes)) {
      wasm = null;
      return undefined;
    }
    const module = new WebAssembly.Module(bytes);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
    wasm = { exports, memory, module };
  } catch {
    wasm = null;
  }
  return wasm ?? undefined;
}

/** True when the WebAssembly SIMD kernels are in use (false: the JavaScript versions). */
export function simdAvailable(): boolean {
  return loadWasm() !== undefined;
}

/**
 * Buffers for one stream, laid out up front. The kernels have one memory, so one arena at a time
 * runs in WebAssembly; release() hands it back.
 */
export class Arena {
  private size = 0;
  private readonly pending: { ptr: number; kind: 'f32' | 'f64' | 'i32' | 'u8'; length: number; slot: Slot<Float32Array> }[] = [];
  private memory?: ArrayBuffer;
  private committed = false;
  /** Whether this arena lives in the kernels' memory (then the kernels run in WebAssembly). */
  private inWasm = false;

  private add<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(kind: 'f32' | 'f64' | 'i32' | 'u8', length: number, bytesPer: number): Slot<T> {
    if (this.committed) throw new Error('Arena: allocation after commit');
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`Arena: bad length ${length}`);
    this.size = Math.ceil(this.size / 16) * 16;
    const slot = { ptr: this.size, view: undefined as unknown as T };
    this.pending.push({ ptr: this.size, kind, length, slot: slot as unknown as Slot<Float32Array> });
    this.size += length * bytesPer;
    return slot;
  }
  f32(length: number): Slot<Float32Array> {
    return this.add('f32', length, 4);
  }
  f64(length: number): Slot<Float64Array> {
    return this.add('f64', length, 8);
  }
  i32(length: number): Slot<Int32Array> {
    return this.add('i32', length, 4);
  }
  u8(length: number): Slot<Uint8Array> {
    return this.add('u8', length, 1);
  }

  /** Sizes the memory and fills every slot's view (float64 and int32 slots zeroed). */
  commit(): this {
    if (this.committed) return this;
    const k = loadWasm();
    // a second stream while one holds the kernels' memory gets plain memory and the JavaScript loops
    if (k && !busy) {
      busy = true;
      const need = Math.ceil(Math.max(this.size, 1) / PAGE);
      const have = k.memory.buffer.byteLength / PAGE;
      // larger layouts fall back to plain memory and the JavaScript kernels
      if (need <= MAX_PAGES - 16) {
        // growing detaches the old buffer: only arenas released before this one ever viewed it
        if (need > have) k.memory.grow(need - have);
        this.memory = k.memory.buffer;
        this.inWasm = true;
      } else {
        busy = false;
      }
    }
    this.memory ??= new ArrayBuffer(this.size);
    for (const p of this.pending) {
      const Ctor = p.kind === 'f32' ? Float32Array : p.kind === 'f64' ? Float64Array : p.kind === 'i32' ? Int32Array : Uint8Array;
      const view = new Ctor(this.memory as ArrayBuffer, p.ptr, p.length);
      // sums start at zero; data buffers are always written before they are read
      if (p.kind === 'f64' || p.kind === 'i32') view.fill(0);
      (p.slot as unknown as Slot<Float32Array | Float64Array | Int32Array | Uint8Array>).view = view;
    }
    this.committed = true;
    return this;
  }

  /** Whether the kernels run in WebAssembly on this arena's memory. */
  get simd(): boolean {
    return this.inWasm && this.memory !== undefined;
  }

  release(): void {
    if (this.simd) busy = false;
    this.memory = undefined;
    this.inWasm = false;
  }

  /**
   * Moments of listed rows (see kernels.wat `moments`): for each row r in rows[0, count) and each d,
   * b = xb[r][d] - K[d]; sumB[d] += b; sq += b*b; sumU[d] += xu[r][d] - K[d]. Returns sq from 0.
   */
  moments(xb: Slot<Float32Array>, xu: Slot<Float32Array>, rows: Slot<Int32Array>, count: number, D: number, K: Slot<Float64Array>, sumB: Slot<Float64Array>, sumU: Slot<Float64Array>): number {
    if (this.simd) return wasm!.exports.moments(xb.ptr, xu.ptr, rows.ptr, count, D, K.ptr, sumB.ptr, sumU.ptr);
    return momentsPlain(xb.view, xu.view, rows.view, count, D, K.view, sumB.view, sumU.view);
  }

  /**
   * out[k][j] = sum over d in order of x[rows[k]][d] * W[d][j] in float64, for `width` directions:
   * width 4 (W [D][4]) or a multiple of 8 (W [D][width]).
   */
  project(x: Slot<Float32Array>, rows: Slot<Int32Array>, count: number, D: number, W: Slot<Float64Array>, width: number, out: Slot<Float64Array>): void {
    if (!(width === 4 || (width > 0 && width % 8 === 0))) throw new RangeError(`Arena.project: width ${width} is neither 4 nor a multiple of 8`);
    if (count === 0) return;
    if (this.simd) {
      if (width === 4) return wasm!.exports.project4(x.ptr, rows.ptr, count, D, W.ptr, out.ptr);
      return wasm!.exports.project(x.ptr, rows.ptr, count, D, W.ptr, width / 8, out.ptr);
    }
    projectPlain(x.view, rows.view, count, D, W.view, width, out.view);
  }

  /** Raw bytes -> float32 with the finite check; returns the first non-finite index or -1. */
  convert(dtype: DType, raw: Slot<Uint8Array>, out: Slot<Float32Array>, count: number): number {
    if (this.simd && (dtype === 'BF16' || dtype === 'F16' || dtype === 'F32')) {
      const e = wasm!.exports;
      const fn = dtype === 'BF16' ? e.bf16_f32 : dtype === 'F16' ? e.f16_f32 : e.f32_f32;
      return fn(raw.ptr, out.ptr, count);
    }
    return convertPlain(dtype, raw.view, out.view, count);
  }
}

export function momentsPlain(
  xb: Float32Array,
  xu: Float32Array,
  rows: Int32Array,
  count: number,
  D: number,
  K: Float64Array,
  sumB: Float64Array,
  sumU: Float64Array,
): number {
  let sq = 0;
  for (let k = 0; k < count; k++) {
    const o = rows[k] * D;
    for (let d = 0; d < D; d++) {
      const b = xb[o + d] - K[d];
      sumB[d] += b;
      sq += b * b;
      sumU[d] += xu[o + d] - K[d];
    }
  }
  return sq;
}

export function projectPlain(x: Float32Array, rows: Int32Array, count: number, D: number, W: Float64Array, width: number, out: Float64Array): void {
  for (let k = 0; k < count; k++) {
    const o = rows[k] * D;
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += x[o + d] * W[d * width + j];
      out[k * width + j] = s;
    }
  }
}
