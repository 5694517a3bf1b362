// Label-free repair: realignment maps, their linear algebra, the composed ONNX probe (checked with
// onnxruntime against original(A x + c)), the label-free method choice on the realbench pack, that
// repairs never read labels, and degenerate inputs.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { openActivationBatch } from '../src/core/activations.ts';
import { validateConfigText } from '../src/core/config/load-config.ts';
import { readSafetensorsHeader, writeSafetensors } from '../src/core/formats/safetensors.ts';
import { loadConfig, reportSchemaProblems, runGate, type GateReport } from '../src/core/index.ts';
import { buildLinearProbe, buildMlpProbe } from '../src/core/onnx/build-probe.ts';
import { DataType, decodeModel, encodeModel, floatTensor, makeGraph, makeModel, makeNode, tensorValueInfo } from '../src/core/onnx/model.ts';
import { mulberry32 } from '../src/core/random.ts';
import {
  composeRepairedProbe,
  fitCoral,
  fitMeanShift,
  fitProcrustes,
  fitRealignment,
  fitStandardize,
  modelStructureProblems,
  pairedStats,
  repairMonitor,
  splitRows,
  AUTO_CANDIDATES,
  agreement,
  heldOutScoreOf,
  pickBest,
  type AffineMap,
  type PairedStats,
} from '../src/core/repair/index.ts';
import {
  MatrixEngine,
  matmul64,
  minimaxSignPolynomial,
  polarFactorExact,
  polarFactorIterative,
  symmetricEigen,
  symmetricFunction,
  symmetricRootIterative,
  transpose64,
} from '../src/core/repair/linalg.ts';
import { measureRepairedProbe, repairStaleMonitor } from '../src/core/measure/repaired-probe.ts';
import { estimateFromProbabilities } from '../src/core/predict/estimate.ts';
import { RIDGE_GRID, fitRidge, mergeStats, type FirstLayer } from '../src/core/repair/ridge.ts';
import { REPAIR_METHODS, type ActivationBatch, type MonitorSpec, type RepairMethod } from '../src/core/types.ts';
import { hasRealbench, realbenchDir, tempDir } from './helpers/workspace.ts';

// ---------- helpers ----------

const gaussian = (random: () => number) => () => Math.sqrt(-2 * Math.log(Math.max(1e-12, random()))) * Math.cos(2 * Math.PI * random());

/** An in-memory paired batch (the repair code only ever sees ActivationBatch). */
function memoryBatch(rows: Float32Array, n: number, d: number, chunkRows = 7): ActivationBatch {
  return {
    file: 'memory',
    tensor: 'rows',
    rows: n,
    width: d,
    async *chunks(k = chunkRows) {
      for (let s = 0; s < n; s += k) yield { start: s, rows: Math.min(k, n - s), data: rows.slice(s * d, Math.min(n, s + k) * d) };
    },
  };
}

/** Paired rows: base with a skewed covariance; updated = base scaled, mixed and shifted, plus noise. */
function pairedRows(n: number, d: number, seed: number): { base: Float32Array; updated: Float32Array } {
  const g = gaussian(mulberry32(seed));
  const mix = Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0) + 0.3 * g());
  const scale = Float64Array.from({ length: d }, (_, j) => 0.3 + 2 / (j + 1));
  const base = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) base[i] = g() * scale[i % d] + 0.5;
  const updated = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += mix[i * d + j] * base[r * d + j];
      updated[r * d + i] = 1.3 * acc + 0.2 * i - 0.7 + 0.05 * g();
    }
  }
  return { base, updated };
}

async function statsOf(base: Float32Array, updated: Float32Array, n: number, d: number, engine?: MatrixEngine): Promise<PairedStats> {
  return pairedStats(memoryBatch(base, n, d), memoryBatch(updated, n, d), { covariance: true, cross: true, engine: engine ?? new MatrixEngine(d) });
}

function randomMap(d: number, seed: number, kind: 'full' | 'diagonal' | 'shift' | 'low-rank'): AffineMap {
  const g = gaussian(mulberry32(seed));
  const c = Float64Array.from({ length: d }, () => 0.3 * g());
  if (kind === 'shift') return { method: 'mean-shift', width: d, A: null, c };
  if (kind === 'low-rank') {
    const rank = 3;
    return { method: 'ridge-affine', width: d, A: null, lowRank: { rank, U: Float64Array.from({ length: d * rank }, () => 0.3 * g()), V: Float64Array.from({ length: d * rank }, () => 0.3 * g()) }, c };
  }
  if (kind === 'diagonal') return { method: 'standardize', width: d, A: null, scale: Float64Array.from({ length: d }, () => 0.5 + Math.abs(g())), c };
  const A = Float32Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0) + 0.2 * g());
  return { method: 'coral', width: d, A, c };
}

/** x' = A x + c (or scale * x + c) per row, in float64, rounded to float32 as the runtime would see it. */
function applyMap(map: AffineMap, x: Float32Array, n: number): Float32Array {
  const d = map.width;
  const out = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      let v = map.c[i];
      if (map.A) for (let j = 0; j < d; j++) v += map.A[i * d + j] * x[r * d + j];
      else v += (map.scale ? map.scale[i] : 1) * x[r * d + i];
      if (map.lowRank) {
        // (U V^T x)_i, written out independently of the product order compose.ts uses
        const { U, V, rank } = map.lowRank;
        for (let k = 0; k < rank; k++) {
          let vx = 0;
          for (let j = 0; j < d; j++) vx += V[j * rank + k] * x[r * d + j];
          v += U[i * rank + k] * vx;
        }
      }
      out[r * d + i] = v;
    }
  }
  return out;
}

/** Runs an ONNX model from bytes on [n, d] rows; the first output, flattened. */
async function run(bytes: Uint8Array, x: Float32Array, n: number, d: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [n, d]) });
    return Float32Array.from(out[session.outputNames[0]].data as Float32Array);
  } finally {
    await session.release();
  }
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** Structural check of a composed model against its original, without Python. */
function checkStructure(original: Uint8Array, repaired: Uint8Array, composition: 'folded' | 'prepended'): void {
  const before = decodeModel(original);
  const after = decodeModel(repaired);
  assert.deepEqual(modelStructureProblems(after), []);
  const io = (m: typeof before) => ({
    inputs: m.graph!.input!.filter((v) => !(m.graph!.initializer ?? []).some((t) => t.name === v.name)).map((v) => JSON.stringify(v)),
    outputs: m.graph!.output!.map((v) => JSON.stringify(v)),
  });
  assert.deepEqual(io(after), io(before), 'graph input and outputs keep names, types and shapes');
  for (const o of before.opsetImport ?? []) {
    assert.ok(
      (after.opsetImport ?? []).some((p) => (p.domain ?? '') === (o.domain ?? '') && Number(p.version) === Number(o.version)),
      `opset import ${o.domain || 'ai.onnx'} ${o.version} kept`,
    );
  }
  assert.equal(Number(after.irVersion), Number(before.irVersion));
  const meta = new Map((after.metadataProps ?? []).map((p) => [p.key, p.value]));
  for (const p of before.metadataProps ?? []) assert.equal(meta.get(p.key), p.value, `metadata ${p.key} kept`);
  assert.equal(meta.get('monitor-gate.repair.composition'), composition);
  assert.ok(meta.get('monitor-gate.repair.method'));
  assert.match(meta.get('monitor-gate.repair.source-sha256') ?? '', /^[0-9a-f]{64}$/);
  const ops = (m: typeof before) => m.graph!.node!.map((n) => n.opType);
  if (composition === 'prepended') {
    // every original node is still there, after the inserted ones; every original initializer too
    assert.deepEqual(ops(after).slice(-ops(before).length), ops(before));
    for (const t of before.graph!.initializer ?? []) assert.ok(after.graph!.initializer!.some((u) => u.name === t.name), `initializer ${t.name} kept`);
  } else {
    assert.equal(after.graph!.node!.filter((n) => n.opType !== 'Add').length, before.graph!.node!.filter((n) => n.opType !== 'Add').length);
  }
}

// ---------- linear algebra ----------

describe('linear algebra', () => {
  test('symmetric eigendecomposition and matrix functions (float64)', () => {
    for (const n of [1, 2, 7, 40]) {
      const g = gaussian(mulberry32(n));
      const x = Float64Array.from({ length: n * n }, g);
      const s = matmul64(x, transpose64(x, n), n);
      for (let i = 0; i < n; i++) s[i * n + i] += 0.1;
      const { values, vectors } = symmetricEigen(s, n);
      for (let i = 1; i < n; i++) assert.ok(values[i] >= values[i - 1]);
      const vtv = matmul64(transpose64(vectors, n), vectors, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(vtv[i * n + j] - (i === j ? 1 : 0)) < 1e-10);
      const inv = symmetricFunction(s, n, (l) => 1 / Math.sqrt(l));
      const check = matmul64(matmul64(inv, s, n), inv, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(check[i * n + j] - (i === j ? 1 : 0)) < 1e-8, `n=${n}`);
    }
  });

  test('polar factor: orthogonal, and R^T M symmetric positive definite', () => {
    const n = 12;
    const g = gaussian(mulberry32(3));
    const m = Float64Array.from({ length: n * n }, g);
    const r = polarFactorExact(m, n);
    const rtr = matmul64(transpose64(r, n), r, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(rtr[i * n + j] - (i === j ? 1 : 0)) < 1e-10);
    const h = matmul64(transpose64(r, n), m, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(h[i * n + j] - h[j * n + i]) < 1e-10);
    assert.ok(symmetricEigen(h, n).values[0] > 0);
  });

  test('minimax step polynomials: error below the Newton-Schulz Taylor polynomial, shrinking intervals', () => {
    const taylor5 = (x: number) => (x * (15 - 10 * x * x + 3 * x ** 4)) / 8;
    for (const lo of [0.01, 0.1, 0.5]) {
      const p = minimaxSignPolynomial(lo, 1, 5);
      assert.ok(p.error < 1 - taylor5(lo), `lo=${lo}`);
      assert.ok(p.error < 1);
    }
    assert.ok(minimaxSignPolynomial(0.9, 1.1, 7).error < 1e-4);
  });

  /** S = Q diag(lambda) Q^T with Q a product of Householder reflections, so f(S) is known exactly. */
  function knownSpectrum(d: number, lambda: (i: number) => number, seed: number) {
    const g = gaussian(mulberry32(seed));
    const reflectors = Array.from({ length: 4 }, () => {
      const v = Float64Array.from({ length: d }, g);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
    const q = new Float64Array(d * d);
    for (let i = 0; i < d; i++) q[i * d + i] = 1;
    for (const v of reflectors) {
      for (let r = 0; r < d; r++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += q[r * d + j] * v[j];
        for (let j = 0; j < d; j++) q[r * d + j] -= 2 * dot * v[j];
      }
    }
    const compose = (f: (l: number) => number) => {
      const out = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += q[i * d + k] * f(lambda(k)) * q[j * d + k];
          out[i * d + j] = out[j * d + i] = s;
        }
      }
      return out;
    };
    return { q, compose };
  }

  const relativeError = (got: ArrayLike<number>, want: ArrayLike<number>) => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < want.length; i++) {
      num += (got[i] - want[i]) ** 2;
      den += want[i] ** 2;
    }
    return Math.sqrt(num / den);
  };

  test('iterative roots on onnxruntime match the exact ones (plain and deflated)', async () => {
    for (const [d, deflate] of [[96, false], [520, true]] as const) {
      // a spiked spectrum: a few large directions over a power-law bulk, condition number ~ 3000
      const lambda = (i: number) => (i < 3 ? 30 / (i + 1) : 1 / (i + 1)) + 0.01;
      const { compose } = knownSpectrum(d, lambda, d);
      const s = compose((l) => l);
      const engine = new MatrixEngine(d);
      try {
        for (const which of ['inverse-sqrt', 'sqrt'] as const) {
          const out = await symmetricRootIterative(engine, s, which, 0.01, { deflate });
          const want = compose(which === 'sqrt' ? Math.sqrt : (l) => 1 / Math.sqrt(l));
          assert.ok(relativeError(out.result, want) < 1e-3, `${which} D=${d}: ${relativeError(out.result, want)}`);
          if (deflate) assert.ok(out.report.deflated > 0, 'dominant directions were deflated');
        }
      } finally {
        await engine.release();
      }
    }
  });

  test('iterative polar factor matches the exact one (plain and deflated)', async () => {
    for (const [d, deflate] of [[80, false], [520, true]] as const) {
      const sigma = (i: number) => (i < 3 ? 20 / (i + 1) : 1 / Math.sqrt(i + 1)) + 0.05;
      const left = knownSpectrum(d, () => 1, 11).q;
      const right = knownSpectrum(d, () => 1, 12).q;
      // A = U diag(sigma) V^T, polar factor U V^T
      const us = new Float64Array(d * d);
      for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) us[i * d + k] = left[i * d + k] * sigma(k);
      const a = matmul64(us, transpose64(right, d), d);
      const want = matmul64(left, transpose64(right, d), d);
      const engine = new MatrixEngine(d);
      try {
        const out = await polarFactorIterative(engine, a, 0.05, { deflate });
        assert.ok(relativeError(out.result, want) < 1e-3, `D=${d}: ${relativeError(out.result, want)}`);
        if (deflate) assert.ok(out.report.deflated > 0);
      } finally {
        await engine.release();
      }
    }
  });
});

// ---------- the maps, against their definitions ----------

describe('realignment maps match their definitions', () => {
  const n = 60;
  const d = 5;
  const { base, updated } = pairedRows(n, d, 7);

  /** Independent reference: population statistics in plain float64 loops. */
  function reference() {
    const mean = (x: Float32Array) => Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, r) => x[r * d + j]).reduce((a, b) => a + b) / n);
    const mb = mean(base);
    const mu = mean(updated);
    const cov = (x: Float32Array, m: number[], y: Float32Array, my: number[]) => {
      const c = new Float64Array(d * d);
      for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i * d + j] += ((x[r * d + i] - m[i]) * (y[r * d + j] - my[j])) / n;
      return c;
    };
    return { mb, mu, cb: cov(base, mb, base, mb), cu: cov(updated, mu, updated, mu), cross: cov(updated, mu, base, mb) };
  }

  /** Denman-Beavers iteration with Gauss-Jordan inverses: C^{1/2} and C^{-1/2}, an algorithm linalg.ts does not use. */
  function denmanBeavers(c: Float64Array): { root: Float64Array; inverseRoot: Float64Array } {
    const inverse = (m: Float64Array) => {
      const a = Array.from({ length: d }, (_, i) => [...Array.from(m.subarray(i * d, (i + 1) * d)), ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]);
      for (let col = 0; col < d; col++) {
        let p = col;
        for (let r = col + 1; r < d; r++) if (Math.abs(a[r][col]) > Math.abs(a[p][col])) p = r;
        [a[col], a[p]] = [a[p], a[col]];
        const pivot = a[col][col];
        for (let k = 0; k < 2 * d; k++) a[col][k] /= pivot;
        for (let r = 0; r < d; r++) {
          if (r === col) continue;
          const f = a[r][col];
          for (let k = 0; k < 2 * d; k++) a[r][k] -= f * a[col][k];
        }
      }
      return Float64Array.from(a.flatMap((row) => row.slice(d)));
    };
    let y = Float64Array.from(c);
    let z = Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));
    for (let k = 0; k < 60; k++) {
      const yi = inverse(y);
      const zi = inverse(z);
      y = y.map((v, i) => (v + zi[i]) / 2);
      z = z.map((v, i) => (v + yi[i]) / 2);
    }
    return { root: y, inverseRoot: z };
  }

  const shrink = (c: Float64Array) => {
    let tr = 0;
    for (let i = 0; i < d; i++) tr += c[i * d + i];
    return c.map((v, i) => 0.9 * v + (i % (d + 1) === 0 ? (0.1 * tr) / d : 0));
  };

  test('mean-shift: x - mean_u + mean_b', async () => {
    const ref = reference();
    const map = fitMeanShift(await statsOf(base, updated, n, d));
    assert.equal(map.A, null);
    assert.equal(map.scale, undefined);
    for (let i = 0; i < d; i++) assert.ok(Math.abs(map.c[i] - (ref.mb[i] - ref.mu[i])) < 1e-6);
  });

  test('standardize: (x - mean_u) / (sd_u + 1e-6) * (sd_b + 1e-6) + mean_b', async () => {
    const ref = reference();
    const map = fitStandardize(await statsOf(base, updated, n, d));
    for (let i = 0; i < d; i++) {
      const k = (Math.sqrt(ref.cb[i * d + i]) + 1e-6) / (Math.sqrt(ref.cu[i * d + i]) + 1e-6);
      assert.ok(Math.abs(map.scale![i] - k) < 1e-6 * k);
      assert.ok(Math.abs(map.c[i] - (ref.mb[i] - k * ref.mu[i])) < 1e-5);
    }
  });

  test('coral: (x - mean_u) Cu^{-1/2} Cb^{1/2} + mean_b with C = 0.9 cov + 0.1 (tr cov / D) I', async () => {
    const ref = reference();
    const wu = denmanBeavers(shrink(ref.cu)).inverseRoot;
    const sb = denmanBeavers(shrink(ref.cb)).root;
    const rowForm = matmul64(wu, sb, d); // x' = (x - mu) (Cu^{-1/2} Cb^{1/2}) + mb for row vectors
    for (const linalg of ['exact', 'iterative'] as const) {
      const engine = new MatrixEngine(d);
      const map = await fitCoral(await statsOf(base, updated, n, d, engine), { warnings: [], linalg, engine });
      await engine.release();
      const tol = linalg === 'exact' ? 1e-5 : 1e-3;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) assert.ok(Math.abs(map.A![i * d + j] - rowForm[j * d + i]) < tol * 3, `${linalg} A[${i}][${j}]`);
      for (let i = 0; i < d; i++) {
        let shift = ref.mb[i];
        for (let j = 0; j < d; j++) shift -= rowForm[j * d + i] * ref.mu[j];
        assert.ok(Math.abs(map.c[i] - shift) < tol * 10, `${linalg} c[${i}]`);
      }
    }
  });

  test('procrustes: an orthogonal A whose R = A^T makes R^T (M + rho I) symmetric positive definite', async () => {
    const ref = reference();
    const map = await fitProcrustes(await statsOf(base, updated, n, d), { warnings: [] });
    const a = Float64Array.from(map.A!);
    const ata = matmul64(transpose64(a, d), a, d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) assert.ok(Math.abs(ata[i * d + j] - (i === j ? 1 : 0)) < 1e-5);
    let frob = 0;
    for (const v of ref.cross) frob += v * v;
    const target = ref.cross.map((v, i) => v + (i % (d + 1) === 0 ? (0.001 * Math.sqrt(frob)) / Math.sqrt(d) : 0));
    const h = matmul64(a, target, d); // R^T (M + rho I) with R = A^T
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) assert.ok(Math.abs(h[i * d + j] - h[j * d + i]) < 1e-5);
    assert.ok(symmetricEigen(h.map((v, i) => v), d).values[0] > 0);
  });

  test('procrustes recovers a known rotation of paired rows', async () => {
    const rows = 400;
    const dd = 6;
    const g = gaussian(mulberry32(21));
    const x = Float32Array.from({ length: rows * dd }, (_, i) => g() * (1 + (i % dd)));
    const angle = 0.4;
    const rot = new Float64Array(dd * dd);
    for (let i = 0; i < dd; i++) rot[i * dd + i] = 1;
    rot[0] = Math.cos(angle);
    rot[1] = -Math.sin(angle);
    rot[dd] = Math.sin(angle);
    rot[dd + 1] = Math.cos(angle);
    // updated = rot^T x (the update rotated the representation); the repair must rotate it back
    const y = new Float32Array(rows * dd);
    for (let r = 0; r < rows; r++) for (let i = 0; i < dd; i++) for (let j = 0; j < dd; j++) y[r * dd + i] += rot[j * dd + i] * x[r * dd + j];
    const map = await fitProcrustes(await statsOf(x, y, rows, dd), { warnings: [] });
    for (let i = 0; i < dd; i++) for (let j = 0; j < dd; j++) assert.ok(Math.abs(map.A![i * dd + j] - rot[i * dd + j]) < 0.01, `A[${i}][${j}]`);
  });

  test('chunked float64 statistics equal one-pass statistics, whatever the chunk size', async () => {
    const a = await pairedStats(memoryBatch(base, n, d, 1), memoryBatch(updated, n, d, 1), { covariance: true, cross: true, engine: new MatrixEngine(d) });
    const b = await pairedStats(memoryBatch(base, n, d, 60), memoryBatch(updated, n, d, 60), { covariance: true, cross: true, engine: new MatrixEngine(d) });
    assert.ok(maxAbsDiff(a.base.covariance!, b.base.covariance!) < 1e-6);
    assert.ok(maxAbsDiff(a.cross!, b.cross!) < 1e-6);
    assert.ok(maxAbsDiff(a.updated.mean, b.updated.mean) < 1e-9);
  });
});

// ---------- the repaired ONNX model ----------

describe('paired-row realignments match their definitions', () => {
  const n = 240;
  const d = 6;
  const { base, updated } = pairedRows(n, d, 11);
  const split = splitRows(n);
  const rowsOf = (x: Float32Array, keep: (r: number) => boolean) =>
    Array.from({ length: n }, (_, r) => r)
      .filter(keep)
      .map((r) => Array.from(x.subarray(r * d, (r + 1) * d), Number));
  const half = (h: number) => (r: number) => split[r] === h;
  const every = () => true;

  /** Ridge toward the identity from rows, solved by Gauss-Jordan (no eigendecomposition): x_b - x_u ~ (x_u - mu_u) B. */
  function ridgeReference(keep: (r: number) => boolean, alpha: number) {
    const xu = rowsOf(updated, keep);
    const xb = rowsOf(base, keep);
    const m = xu.length;
    const mean = (rows: number[][]) => Array.from({ length: d }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / m);
    const mu = mean(xu);
    const mb = mean(xb);
    const g = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => xu.reduce((a, r) => a + (r[i] - mu[i]) * (r[j] - mu[j]), 0) / m));
    const rhs = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => xu.reduce((a, r, k) => a + (r[i] - mu[i]) * (xb[k][j] - mb[j] - (r[j] - mu[j])), 0) / m),
    );
    const lam = (alpha * g.reduce((a, row, i) => a + row[i], 0)) / d;
    const a = g.map((row, i) => [...row.map((v, j) => v + (i === j ? lam : 0)), ...rhs[i]]);
    for (let col = 0; col < d; col++) {
      const pivot = a[col][col];
      for (let k = 0; k < 2 * d; k++) a[col][k] /= pivot;
      for (let r = 0; r < d; r++) {
        if (r === col) continue;
        const f = a[r][col];
        for (let k = 0; k < 2 * d; k++) a[r][k] -= f * a[col][k];
      }
    }
    const B = a.map((row) => row.slice(d));
    const predict = (x: number[]) => x.map((v, j) => v + x.reduce((acc, xi, i) => acc + (xi - mu[i]) * B[i][j], 0) + mb[j] - mu[j]);
    return { B, mu, mb, predict };
  }

  async function halves() {
    const stats = (keep: (r: number) => boolean) =>
      pairedStats(memoryBatch(base, n, d), memoryBatch(updated, n, d), { covariance: true, cross: true, engine: new MatrixEngine(d), include: keep });
    const fit = await stats(half(1));
    const heldOut = await stats(half(0));
    return { fit, heldOut, all: mergeStats(fit, heldOut) };
  }

  test('merged half statistics equal the statistics of all rows', async () => {
    const h = await halves();
    const direct = await statsOf(base, updated, n, d);
    for (const [got, want] of [
      [h.all.updated.mean, direct.updated.mean],
      [h.all.base.variance, direct.base.variance],
      [h.all.updated.covariance!, direct.updated.covariance!],
      [h.all.cross!, direct.cross!],
    ] as const) {
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `${got[i]} vs ${want[i]}`);
    }
  });

  test('ridge-affine: the strength with the lowest held-out activation error, then refitted on every row', async () => {
    const fitted = await fitRidge('ridge-affine', await halves(), undefined, { warnings: [] });
    const heldBase = rowsOf(base, half(0));
    const heldUpdated = rowsOf(updated, half(0));
    const errors = RIDGE_GRID.map((alpha) => {
      const ref = ridgeReference(half(1), alpha);
      return heldUpdated.reduce((acc, x, k) => acc + ref.predict(x).reduce((a, v, j) => a + (v - heldBase[k][j]) ** 2, 0), 0);
    });
    const best = RIDGE_GRID[errors.indexOf(Math.min(...errors))];
    assert.equal(fitted.choice.alpha, best, `held-out errors by alpha: ${errors.map((e) => e.toFixed(4)).join(', ')}`);
    const ref = ridgeReference(every, best);
    // column convention: A = I + B^T, c = mb - A mu
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) assert.ok(Math.abs(fitted.all.A![i * d + j] - ((i === j ? 1 : 0) + ref.B[j][i])) < 1e-5);
      const want = ref.mb[i] - ref.mu[i] - ref.mu.reduce((a, v, k) => a + ref.B[k][i] * v, 0);
      assert.ok(Math.abs(fitted.all.c[i] - want) < 1e-5, `c[${i}] ${fitted.all.c[i]} vs ${want}`);
    }
  });

  test('probe-space: the first layer refitted on the paired base pre-activations; A^T W = W + B W', async () => {
    const g = gaussian(mulberry32(3));
    const H = 3;
    const first: FirstLayer = { weights: Float64Array.from({ length: d * H }, g), hidden: H };
    const W = (i: number, h: number) => first.weights[i * H + h];
    const fitted = await fitRidge('probe-space', await halves(), first, { warnings: [] });
    const heldBase = rowsOf(base, half(0));
    const heldUpdated = rowsOf(updated, half(0));
    const pre = (x: number[]) => Array.from({ length: H }, (_, h) => x.reduce((a, v, i) => a + v * W(i, h), 0));
    const errors = RIDGE_GRID.map((alpha) => {
      const ref = ridgeReference(half(1), alpha);
      return heldUpdated.reduce((acc, x, k) => acc + pre(ref.predict(x)).reduce((a, v, h) => a + (v - pre(heldBase[k])[h]) ** 2, 0), 0);
    });
    const best = RIDGE_GRID[errors.indexOf(Math.min(...errors))];
    assert.equal(fitted.choice.alpha, best, `held-out pre-activation errors by alpha: ${errors.map((e) => e.toFixed(4)).join(', ')}`);
    const ref = ridgeReference(every, best);
    const { U, V, rank } = fitted.all.lowRank!;
    assert.equal(fitted.all.A, null);
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < d; i++) {
        // (A^T W)[i, h] = W[i, h] + sum_r V[i, r] (U^T W)[r, h]
        let folded = W(i, h);
        for (let r = 0; r < rank; r++) folded += V[i * rank + r] * Array.from({ length: d }, (_, k) => U[k * rank + r] * W(k, h)).reduce((a, b) => a + b);
        const want = W(i, h) + ref.B[i].reduce((a, v, j) => a + v * W(j, h), 0);
        assert.ok(Math.abs(folded - want) < 1e-5, `W'[${i}, ${h}] ${folded} vs ${want}`);
      }
      // c^T W = mb W - (W + B W)^T mu: the pre-activations' shift
      const cw = Array.from({ length: d }, (_, i) => fitted.all.c[i] * W(i, h)).reduce((a, b) => a + b);
      const want = pre(ref.mb)[h] - ref.mu.reduce((a, v, i) => a + v * (W(i, h) + ref.B[i].reduce((s, b, j) => s + b * W(j, h), 0)), 0);
      assert.ok(Math.abs(cw - want) < 1e-5, `c^T W ${cw} vs ${want}`);
    }
  });

  test('beyond the exact width: the subspace fit on onnxruntime stays finite and beats the mean shift on held-out rows', async () => {
    const D = 40;
    const rows = 400;
    const pair = pairedRows(rows, D, 5);
    const s = splitRows(rows);
    const engine = new MatrixEngine(D);
    try {
      const stats = (keep: (r: number) => boolean) =>
        pairedStats(memoryBatch(pair.base, rows, D), memoryBatch(pair.updated, rows, D), { covariance: true, cross: true, engine, include: keep });
      const fit = await stats((r) => s[r] === 1);
      const heldOut = await stats((r) => s[r] === 0);
      const fitted = await fitRidge('ridge-affine', { fit, heldOut, all: mergeStats(fit, heldOut) }, undefined, { warnings: [], engine, linalg: 'iterative' });
      const shift = fitMeanShift(fit);
      const heldError = (map: AffineMap) => {
        let e = 0;
        for (let r = 0; r < rows; r++) {
          if (s[r] !== 0) continue;
          const x = pair.updated.subarray(r * D, (r + 1) * D);
          const y = applyMap(map, Float32Array.from(x), 1);
          for (let j = 0; j < D; j++) e += (y[j] - pair.base[r * D + j]) ** 2;
        }
        return e;
      };
      assert.ok(fitted.choice.rank <= D);
      assert.ok(heldError(fitted.fitHalf) < 0.5 * heldError(shift), `ridge ${heldError(fitted.fitHalf)} vs mean shift ${heldError(shift)}`);
    } finally {
      await engine.release();
    }
  });

  test('probe-space needs a first layer; constant rows are refused with a reason', async () => {
    const h = await halves();
    await assert.rejects(fitRidge('probe-space', h, undefined, { warnings: [] }), /first layer/);
    const flat = new Float32Array(n * d).fill(1);
    const stats = (keep: (r: number) => boolean) =>
      pairedStats(memoryBatch(base, n, d), memoryBatch(flat, n, d), { covariance: true, cross: true, engine: new MatrixEngine(d), include: keep });
    const fit = await stats(half(1));
    const heldOut = await stats(half(0));
    await assert.rejects(fitRidge('ridge-affine', { fit, heldOut, all: mergeStats(fit, heldOut) }, undefined, { warnings: [] }), /constant/);
  });
});

describe('choosing a repair on held-out rows', () => {
  const tolerance = { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 };
  test('agreement counts by direction: base-flagged rows that stop firing, base-quiet rows that start', () => {
    const base = Float64Array.of(0.9, 0.8, 0.7, 0.1, 0.2, 0.3);
    const other = Float64Array.of(0.4, 0.9, 0.8, 0.6, 0.1, 0.2);
    const m = agreement(base, other, 0.5, tolerance);
    assert.equal(m.flipRate, 2 / 6);
    assert.equal(m.missRate, 1 / 3);
    assert.equal(m.falseOnRate, 1 / 3);
    assert.equal(m.estimateScore, estimateFromProbabilities(base, other, 0.5, tolerance).score);
    assert.equal(heldOutScoreOf(m, 6, 'directional', tolerance), Math.max(1 / 3 / 0.1, 1 / 3 / 0.05));
    assert.equal(heldOutScoreOf(m, 6, 'estimate', tolerance), m.estimateScore);
    // nothing flagged on the base side: no miss rate to speak of, and no division by zero
    const quiet = agreement(Float64Array.of(0.1, 0.2), Float64Array.of(0.9, 0.1), 0.5, tolerance);
    assert.equal(quiet.missRate, 0);
    assert.equal(quiet.falseOnRate, 0.5);
  });

  test('the lowest score wins; ties go to the simpler method', () => {
    const c = (method: RepairMethod, heldOutScore: number) => ({ method, heldOutScore });
    assert.equal(pickBest([c('ridge-affine', 0.2), c('probe-space', 0.2), c('mean-shift', 0.3)]).method, 'probe-space');
    assert.equal(pickBest([c('ridge-affine', 0.1), c('mean-shift', 0.3)]).method, 'ridge-affine');
    assert.equal(pickBest([c('ridge-affine', Infinity), c('mean-shift', Infinity)]).method, 'mean-shift');
  });
});

describe('repaired probe = original(A x + c), checked with onnxruntime', () => {
  const d = 16;
  const n = 33;
  const g = gaussian(mulberry32(5));
  const x = Float32Array.from({ length: n * d }, g);
  const weights = Float32Array.from({ length: d }, g);

  /** MatMul + Add + Sigmoid, the way some exporters write a linear layer (folds through MatMul). */
  const matmulProbe = encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'matmul_probe',
        nodes: [makeNode('MatMul', ['x', 'w'], ['z0']), makeNode('Add', ['z0', 'b'], ['z']), makeNode('Sigmoid', ['z'], ['p'])],
        inputs: [tensorValueInfo('x', DataType.FLOAT, ['batch', d])],
        outputs: [tensorValueInfo('p', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('w', [d, 1], weights), floatTensor('b', [1], [0.2])],
      }),
      metadata: { author: 'test' },
    }),
  );
  /** The input goes through Mul before any weights: only the prepended map can repair it. */
  const scaledInputProbe = encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'scaled_input',
        nodes: [makeNode('Mul', ['x', 'k'], ['xk']), makeNode('Gemm', ['xk', 'w', 'b'], ['z']), makeNode('Sigmoid', ['z'], ['p'])],
        inputs: [tensorValueInfo('x', DataType.FLOAT, ['batch', d])],
        outputs: [tensorValueInfo('p', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('k', [d], Float32Array.from({ length: d }, () => 0.5)), floatTensor('w', [d, 1], weights), floatTensor('b', [1], [-0.1])],
      }),
    }),
  );

  const probes: [string, () => Promise<Uint8Array>, number][] = [
    ['linear probability (Gemm)', async () => buildLinearProbe({ weights, bias: 0.3, output: 'probability', metadata: { note: 'kept' } }), d],
    ['linear two-class (Gemm)', async () => buildLinearProbe({ weights, bias: -0.2, output: 'two-class' }), d],
    ['MLP logit (Gemm, Relu, Gemm)', async () => buildMlpProbe({ w1: Float32Array.from({ length: d * 8 }, g), b1: Float32Array.from({ length: 8 }, g), w2: Float32Array.from({ length: 8 }, g), b2: 0.1, output: 'logit' }), d],
    ['MatMul + Add', async () => matmulProbe, d],
    ['Mul before Gemm (not foldable)', async () => scaledInputProbe, d],
  ];
  if (hasRealbench) {
    for (const name of ['pii-L2-mlp', 'toxicity-L4-mlp', 'refusal-L2-logreg', 'toxicity-L2-logreg', 'pii-L1-logreg']) {
      probes.push([`realbench ${name} (torch export)`, async () => new Uint8Array(await readFile(path.join(realbenchDir, 'probes', `${name}.onnx`))), 128]);
    }
  }

  for (const [name, load, width] of probes) {
    for (const kind of ['full', 'diagonal', 'shift', 'low-rank'] as const) {
      for (const composition of ['auto', 'prepend'] as const) {
        test(`${name}: ${kind} map, ${composition === 'auto' ? 'folded when possible' : 'prepended'}`, async () => {
          const original = await load();
          const rows = width === d ? x : Float32Array.from({ length: n * width }, g);
          const map = randomMap(width, width + kind.length, kind);
          const composed = composeRepairedProbe(original, map, { method: map.method, monitorId: 'm', fitRows: 10, composition });
          const expectFold = composition === 'auto' && !name.includes('not foldable');
          assert.equal(composed.composition, expectFold ? 'folded' : 'prepended');
          checkStructure(original, composed.bytes, composed.composition);
          const got = await run(composed.bytes, rows, n, width);
          const want = await run(original, applyMap(map, rows, n), n, width);
          assert.ok(maxAbsDiff(got, want) < 1e-4, `max difference ${maxAbsDiff(got, want)}`);
        });
      }
    }
  }

  test('the same inputs give the same bytes', () => {
    const probe = buildLinearProbe({ weights, bias: 0, output: 'logit' });
    const map = randomMap(d, 1, 'full');
    const a = composeRepairedProbe(probe, map, { method: 'coral' }).bytes;
    const b = composeRepairedProbe(probe, map, { method: 'coral' }).bytes;
    assert.deepEqual(a, b);
  });

  test('a width mismatch is a one-line probe error', () => {
    const probe = buildLinearProbe({ weights, bias: 0, output: 'logit' });
    assert.throws(() => composeRepairedProbe(probe, randomMap(d + 1, 1, 'shift'), { method: 'mean-shift', file: 'p.onnx' }), /width 16 but the realignment map has D=17/);
  });

  test('onnx.checker (python3-onnx), when installed: the composed models pass', async (t) => {
    const { spawnSync } = await import('node:child_process');
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      t.skip('Debian python3-onnx is not installed');
      return;
    }
    const dir = tempDir();
    const files: string[] = [];
    for (const [, load, width] of probes) {
      for (const composition of ['auto', 'prepend'] as const) {
        const file = path.join(dir, `${files.length}.onnx`);
        writeFileSync(file, composeRepairedProbe(await load(), randomMap(width, 3, 'full'), { method: 'coral', composition }).bytes);
        files.push(file);
      }
    }
    const check = spawnSync('/usr/bin/python3', ['-c', 'import onnx, sys\nfor f in sys.argv[1:]: onnx.checker.check_model(onnx.load(f), full_check=True)', ...files], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });
});

// ---------- degenerate inputs ----------

describe('degenerate inputs fall back with a clear message, never a broken map', () => {
  test('a constant dimension: standardize only shifts it', async () => {
    const n = 50;
    const d = 6;
    const { base, updated } = pairedRows(n, d, 9);
    for (let r = 0; r < n; r++) updated[r * d + 2] = 4;
    const warnings: string[] = [];
    const map = await fitRealignment('standardize', await statsOf(base, updated, n, d), { warnings });
    assert.equal(map.method, 'standardize');
    assert.equal(map.scale![2], 1);
    assert.match(warnings.join('\n'), /dimension 2 is constant in the updated rows; standardize only shifts it/);
    assert.ok(map.scale!.every(Number.isFinite) && map.c.every(Number.isFinite));
    const coralWarnings: string[] = [];
    const coral = await fitRealignment('coral', await statsOf(base, updated, n, d), { warnings: coralWarnings });
    assert.equal(coral.method, 'coral');
    assert.ok(coral.A!.every(Number.isFinite));
    assert.match(coralWarnings.join('\n'), /dimension 2 is constant in the updated rows; coral stays finite there only through its regularization/);
  });

  test('every dimension constant: coral and procrustes fall back to mean-shift, saying why', async () => {
    const n = 20;
    const d = 4;
    const { base } = pairedRows(n, d, 10);
    const updated = new Float32Array(n * d).fill(1.5);
    for (const method of ['coral', 'procrustes'] as const) {
      const warnings: string[] = [];
      const map = await fitRealignment(method, await statsOf(base, updated, n, d), { warnings });
      assert.equal(map.method, 'mean-shift', method);
      assert.match(warnings[0], new RegExp(`^${method}: `));
      assert.match(warnings.join('\n'), /falling back to standardize/);
      assert.match(warnings.join('\n'), /standardize: the updated rows are constant in every dimension.*falling back to mean-shift/);
    }
  });

  test('fewer rows than dimensions: coral and procrustes stay finite (shrinkage) and say so', async () => {
    const n = 6;
    const d = 16;
    const { base, updated } = pairedRows(n, d, 12);
    for (const method of ['coral', 'procrustes'] as const) {
      const warnings: string[] = [];
      const map = await fitRealignment(method, await statsOf(base, updated, n, d), { warnings });
      assert.equal(map.method, method);
      assert.ok(map.A!.every(Number.isFinite) && map.c.every(Number.isFinite));
      assert.match(warnings.join('\n'), new RegExp(`${method} is fitted on 6 rows for D=16 dimensions, so the covariance is rank-deficient`));
    }
  });

  test('one row: every method ends in mean-shift', async () => {
    const { base, updated } = pairedRows(1, 4, 13);
    for (const method of ['standardize', 'coral', 'procrustes'] as const) {
      const warnings: string[] = [];
      const map = await fitRealignment(method, await statsOf(base, updated, 1, 4), { warnings });
      assert.equal(map.method, 'mean-shift');
      assert.ok(warnings.length > 0);
    }
  });

  test('activations too large for float32 products (non-finite covariance): coral falls back to standardize', async () => {
    const n = 30;
    const d = 4;
    const { base, updated } = pairedRows(n, d, 14);
    for (let i = 0; i < n * d; i++) updated[i] *= 1e20;
    const warnings: string[] = [];
    const map = await fitRealignment('coral', await statsOf(base, updated, n, d), { warnings });
    assert.equal(map.method, 'standardize');
    assert.match(warnings[0], /^coral: the covariance is not finite .*; falling back to standardize$/);
    assert.ok(map.scale!.every(Number.isFinite));
  });

  test('NaN in the calibration rows: the repair warns and fits on the eval rows instead', async () => {
    const dir = tempDir();
    const d = 8;
    const n = 40;
    const { base, updated } = pairedRows(n, d, 15);
    const cal = pairedRows(24, d, 16);
    cal.updated[5 * d + 3] = NaN;
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
    for (const [side, evalRows, calRows] of [['base', base, cal.base], ['updated', updated, cal.updated]] as const) {
      mkdirSync(path.join(dir, side));
      await writeSafetensors(path.join(dir, side, 'acts.safetensors'), {
        eval: { dtype: 'F32', shape: [n, d], data: evalRows },
        calibration: { dtype: 'F32', shape: [24, d], data: calRows },
        labels: { dtype: 'U8', shape: [n], data: labels },
      });
    }
    writeFileSync(path.join(dir, 'probe.onnx'), buildLinearProbe({ weights: Float32Array.from({ length: d }, (_, i) => i - 3), bias: 0, output: 'logit' }));
    const monitor = testMonitor(dir, { batch: { file: 'acts.safetensors', tensor: 'eval' }, calibration: { file: 'acts.safetensors', tensor: 'calibration' } });
    const result = await repairMonitor({ monitor, baseDir: path.join(dir, 'base'), updatedDir: path.join(dir, 'updated'), method: 'coral' });
    assert.equal(result.fit.source, 'eval');
    assert.equal(result.fit.rows, n);
    assert.match(result.warnings[0], /calibration rows acts\.safetensors#calibration are unusable \(.*row 5 has a non-finite value \(NaN at column 3\).*\); fitting on the eval rows instead, without their labels/);
    assert.ok(result.map.A!.every(Number.isFinite));
  });
});

function testMonitor(dir: string, overrides: Partial<MonitorSpec>): MonitorSpec {
  return {
    id: 'test',
    category: 'other',
    layer: 1,
    probe: path.join(dir, 'probe.onnx'),
    output: 'logit',
    threshold: 0.5,
    batch: { file: 'acts.safetensors' },
    labels: { kind: 'batch-tensor', tensor: 'labels' },
    pooling: 'mean',
    mask: 'mask',
    blocking: true,
    tolerance: { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 },
    line: 1,
    column: 1,
    ...overrides,
  };
}

// ---------- config ----------

describe('config: calibration and repair', () => {
  const base = (extra: string, top = '') => `version: 1
activations: { base: a, updated: b }
${top}monitors:
  - id: m
    category: pii
    layer: 1
    probe: p.onnx
    threshold: 0.5
    batch: x.safetensors#eval
    labels: "#labels"
${extra}`;

  test('calibration and repair.method are read; the monitor overrides the top level', () => {
    const { config, diagnostics } = validateConfigText(base('    calibration: x.safetensors#calibration\n    repair: { method: coral }\n', 'repair: { method: standardize }\n'), '/c/g.yml');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config!.monitors[0].calibration, { file: 'x.safetensors', tensor: 'calibration' });
    assert.deepEqual(config!.monitors[0].repair, { method: 'coral' });
    assert.deepEqual(config!.repair, { method: 'standardize' });
    const inherited = validateConfigText(base('', 'repair: { method: procrustes }\n'), '/c/g.yml').config!;
    assert.deepEqual(inherited.monitors[0].repair, { method: 'procrustes' });
    const plain = validateConfigText(base(''), '/c/g.yml').config!;
    assert.equal(plain.monitors[0].repair, undefined);
    assert.equal(plain.monitors[0].calibration, undefined);
  });

  test('a misspelt method and a calibration outside the folders are positioned problems', () => {
    const bad = validateConfigText(base('    repair: { method: corall }\n    calibration: ../x.safetensors\n'), '/c/g.yml');
    const text = bad.diagnostics.map((x) => `${x.path}: ${x.message}`).join('\n');
    assert.match(text, /monitors\[0\]\.repair\.method: 'corall' is not a valid method; did you mean 'coral'\?/);
    assert.match(text, /monitors\[0\]\.calibration: '\.\.\/x\.safetensors' leaves the activation folders/);
    assert.equal(bad.config!.invalidMonitors.length, 1);
  });
});

// ---------- realbench ----------

interface Cell {
  monitor_id: string;
  variant: string;
  stale: boolean;
}

const skip = hasRealbench ? false : '../shared/realbench not found beside the repository';

describe('realbench: label-free repair of every stale cell', { skip }, () => {
  const truth = hasRealbench ? JSON.parse(readFileSync(path.join(realbenchDir, 'ground_truth.json'), 'utf8')) : { cells: [], summary: { overall: {} } };
  const configPath = path.join(import.meta.dirname, '..', 'examples', 'realbench', 'monitor-gate.yml');

  test('auto repair turns at least as many stale cells fresh as the best oracle method', async (t) => {
    const config = await loadConfig(configPath, { root: path.resolve(import.meta.dirname, '..', '..') });
    const variants = [...new Set((truth.cells as Cell[]).map((c) => c.variant))];
    let stale = 0;
    let repaired = 0;
    const chosen: Record<string, number> = {};
    for (const variant of variants) {
      const updatedDir = path.join(realbenchDir, 'activations', variant);
      const report: GateReport = await runGate(config, { updatedDir });
      for (const m of report.monitors.filter((r) => r.verdict === 'stale')) {
        stale++;
        const monitor = config.monitors.find((s) => s.id === m.id)!;
        assert.ok(monitor.calibration, 'the example config names the calibration rows');
        const out = await repairStaleMonitor({ monitor, baseDir: config.activations.base, updatedDir, baseMetrics: m.base! });
        assert.equal(out.result.fit.source, 'calibration');
        assert.equal(out.repair.candidates?.length, AUTO_CANDIDATES.length);
        chosen[out.repair.method] = (chosen[out.repair.method] ?? 0) + 1;
        if (out.repair.verdict_after === 'fresh') repaired++;
        // the report carries the repair and still validates
        m.repair = { ...out.repair, file: `repairs/${m.id}.onnx` };
        assert.deepEqual(reportSchemaProblems(report), []);
      }
    }
    const overall = truth.summary.overall as Record<string, number>;
    const oracle = Object.entries(overall).filter(([k]) => k.startsWith('repaired_by_'));
    const best = Math.max(...oracle.map(([, v]) => v));
    t.diagnostic(`stale cells: ${stale}; repaired by auto: ${repaired}; best oracle method: ${best} (${oracle.map(([k, v]) => `${k.slice(12)} ${v}`).join(', ')}); methods chosen: ${JSON.stringify(chosen)}`);
    assert.equal(stale, truth.cells.filter((c: Cell) => c.stale).length);
    assert.ok(repaired >= best, `auto repaired ${repaired} of ${stale}, best oracle method ${best}`);
  });

  test('repairs never read labels: with every label tensor deleted the repaired probes are byte-identical', async () => {
    const config = await loadConfig(configPath, { root: path.resolve(import.meta.dirname, '..', '..') });
    const dir = tempDir();
    // copy the files two monitors need (base and qlora), without any label tensor
    const files = ['L2_mean.safetensors', 'L4_mean.safetensors'];
    for (const variant of ['base', 'qlora']) {
      mkdirSync(path.join(dir, variant));
      for (const file of files) {
        const source = path.join(realbenchDir, 'activations', variant, file);
        const header = await readSafetensorsHeader(source);
        const bytes = readFileSync(source);
        const tensors: Parameters<typeof writeSafetensors>[1] = {};
        for (const [name, info] of header.tensors) {
          if (name.endsWith('.labels')) continue;
          tensors[name] = { dtype: info.dtype, shape: info.shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset + info.byteOffset, info.byteLength) };
        }
        await writeSafetensors(path.join(dir, variant, file), tensors);
        assert.ok([...header.tensors.keys()].some((k) => k.endsWith('.labels')), 'the original has labels to delete');
      }
    }
    for (const id of ['toxicity-L4-mlp', 'pii-L2-logreg']) {
      const withCalibration = config.monitors.find((m) => m.id === id)!;
      const withoutCalibration = { ...withCalibration, calibration: undefined };
      for (const monitor of [withCalibration, withoutCalibration]) {
        const run = (root: string) => repairMonitor({ monitor, baseDir: path.join(root, 'base'), updatedDir: path.join(root, 'qlora') });
        const original = await run(path.join(realbenchDir, 'activations'));
        const stripped = await run(dir);
        assert.equal(stripped.fit.source, monitor.calibration ? 'calibration' : 'eval');
        assert.deepEqual(stripped.modelBytes, original.modelBytes, `${id} (${stripped.fit.data})`);
        assert.deepEqual(stripped.candidates, original.candidates);
      }
      // measuring the repair is what needs the labels
      const result = await repairMonitor({ monitor: withCalibration, baseDir: path.join(dir, 'base'), updatedDir: path.join(dir, 'qlora') });
      await assert.rejects(
        measureRepairedProbe({ monitor: withCalibration, baseDir: path.join(dir, 'base'), updatedDir: path.join(dir, 'qlora'), modelBytes: result.modelBytes, baseMetrics: { auroc: 1, tpr: 1, fpr: 0, recall_at_1fpr: 1, recall_at_5fpr: 1 } }),
        /no labels tensor 'toxicity\.eval\.labels' in the file|no labels tensor 'pii\.eval\.labels' in the file/,
      );
    }
  });

  test('a fixed method is used as given; the held-out split is deterministic', async () => {
    const config = await loadConfig(configPath, { root: path.resolve(import.meta.dirname, '..', '..') });
    const monitor = config.monitors.find((m) => m.id === 'refusal-L2-logreg')!;
    const updatedDir = path.join(realbenchDir, 'activations', 'lora');
    for (const method of REPAIR_METHODS) {
      const r = await repairMonitor({ monitor, baseDir: config.activations.base, updatedDir, method });
      assert.equal(r.method, method);
      assert.deepEqual(r.candidates, []);
      assert.equal(r.fit.rows, 512);
    }
    assert.deepEqual(splitRows(10), splitRows(10));
    assert.equal(splitRows(512).reduce((a, b) => a + b, 0), 256);
    const batch = await openActivationBatch(config.activations.base, monitor.calibration!, 'mean');
    assert.equal(batch.rows, 512);
  });

  test('paired-row repairs of real torch-exported probes: repaired(x) = original(A x + c) through onnxruntime', async () => {
    const config = await loadConfig(configPath, { root: path.resolve(import.meta.dirname, '..', '..') });
    const updatedDir = path.join(realbenchDir, 'activations', 'qlora');
    for (const id of ['toxicity-L4-mlp', 'pii-L2-logreg']) {
      const monitor = config.monitors.find((m) => m.id === id)!;
      const batch = await openActivationBatch(updatedDir, monitor.batch, 'mean');
      const rows = Math.min(64, batch.rows);
      const x = new Float32Array(rows * batch.width);
      for await (const chunk of batch.chunks(rows)) {
        x.set(chunk.data.subarray(0, rows * batch.width));
        break;
      }
      const original = new Uint8Array(readFileSync(monitor.probe));
      for (const method of ['probe-space', 'ridge-affine'] as RepairMethod[]) {
        const r = await repairMonitor({ monitor, baseDir: config.activations.base, updatedDir, method });
        assert.equal(r.method, method);
        assert.ok(r.ridge, 'the strength chosen on the held-out half is reported');
        if (method === 'probe-space') assert.ok(r.map.lowRank && !r.map.A, 'probe-space is a low-rank map');
        const got = await run(r.modelBytes, x, rows, batch.width);
        const want = await run(original, applyMap(r.map, x, rows), rows, batch.width);
        assert.ok(maxAbsDiff(got, want) < 1e-4, `${id} ${method}: max difference ${maxAbsDiff(got, want)}`);
      }
    }
  });
});
