// The WebAssembly SIMD kernels against their typed-array references, bit for bit, and the committed
// module against its source.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { convertPlain } from '../src/core/formats/convert.ts';
import { f32ToBF16, f32ToF16 } from '../src/core/formats/float16.ts';
import { Arena, momentsPlain, projectPlain, simdAvailable } from '../src/core/formats/kernels.ts';
import { mulberry32 } from '../src/core/random.ts';
import { repoRoot } from './helpers/workspace.ts';

const random = mulberry32(99);
const wide = () => (random() - 0.5) * 2 ** Math.floor(random() * 40 - 20);

/** Every special value a batch can hold, then random ones. */
function samples(n: number): Float32Array {
  const special = [0, -0, 1, -1, 65504, -65504, 2 ** -14, 2 ** -24, -(2 ** -24), 3e-8, 1e-45, 3.4e38, Infinity, -Infinity, NaN];
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = i < special.length ? special[i] : wide();
  return out;
}

const sameBits = (a: Float32Array, b: Float32Array, n: number) => {
  const ua = new Uint32Array(a.buffer, a.byteOffset, n);
  const ub = new Uint32Array(b.buffer, b.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const nan = Number.isNaN(a[i]) && Number.isNaN(b[i]);
    if (!nan && ua[i] !== ub[i]) return `index ${i}: ${a[i]} vs ${b[i]}`;
  }
  return '';
};

describe('kernels', () => {
  test('the committed module is built from kernels.wat', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'build-kernels.ts'), '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  test('WebAssembly SIMD is available on this runtime', () => assert.equal(simdAvailable(), true));

  for (const dtype of ['BF16', 'F16', 'F32'] as const) {
    test(`${dtype} -> float32 with the finite check: same bits as the reference, every length and first-bad position`, () => {
      for (const n of [0, 1, 7, 8, 9, 15, 16, 17, 1000, 4099]) {
        for (const badAt of [-1, 0, 3, 7, 8, n - 1]) {
          if (badAt >= n) continue;
          const values = samples(n).map((v) => (Number.isFinite(v) ? v : 1.5));
          if (badAt >= 0) values[badAt] = [Infinity, -Infinity, NaN][Math.abs(badAt) % 3];
          const bytes =
            dtype === 'F32' ? new Uint8Array(values.buffer) : new Uint8Array((dtype === 'BF16' ? f32ToBF16(values) : f32ToF16(values)).buffer);
          const reference = new Float32Array(n);
          const expected = convertPlain(dtype, bytes, reference, n);
          const arena = new Arena();
          const raw = arena.u8(bytes.length);
          const out = arena.f32(n);
          arena.commit();
          try {
            raw.view.set(bytes);
            const got = arena.convert(dtype, raw, out, n);
            assert.equal(got, expected, `${dtype} n=${n} bad=${badAt}`);
            assert.equal(sameBits(out.view, reference, n), '', `${dtype} n=${n}`);
          } finally {
            arena.release();
          }
        }
      }
    });
  }

  test('moments and projections keep the reference sums bit for bit', () => {
    for (const [D, k, rows] of [[1, 8, 3], [7, 8, 5], [64, 16, 9], [129, 24, 4], [5, 4, 1], [33, 4, 6], [128, 4, 9]] as const) {
      const arena = new Arena();
      const xb = arena.f32(rows * D);
      const xu = arena.f32(rows * D);
      const list = arena.i32(rows);
      const K = arena.f64(D);
      const sumB = arena.f64(D);
      const sumU = arena.f64(D);
      const W = arena.f64(D * k);
      const out = arena.f64(rows * k);
      arena.commit();
      try {
        for (let i = 0; i < rows * D; i++) {
          xb.view[i] = wide();
          xu.view[i] = wide();
        }
        const picked = [rows - 1, 0, ...Array.from({ length: rows - 2 }, (_, i) => i + 1)].slice(0, rows);
        list.view.set(picked);
        for (let d = 0; d < D; d++) K.view[d] = xb.view[d];
        for (let i = 0; i < D * k; i++) W.view[i] = random() - 0.5;
        const refB = new Float64Array(D);
        const refU = new Float64Array(D);
        const refSq = momentsPlain(xb.view, xu.view, list.view, rows, D, K.view, refB, refU);
        const sq = arena.moments(xb, xu, list, rows, D, K, sumB, sumU);
        assert.equal(sq, refSq);
        assert.deepEqual(Array.from(sumB.view), Array.from(refB));
        assert.deepEqual(Array.from(sumU.view), Array.from(refU));
        const ref = new Float64Array(rows * k);
        projectPlain(xb.view, list.view, rows, D, W.view, k, ref);
        arena.project(xb, list, rows, D, W, k, out);
        assert.deepEqual(Array.from(out.view), Array.from(ref), `D=${D} k=${k}`);
      } finally {
        arena.release();
      }
    }
  });
});
