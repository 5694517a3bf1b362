// Label-free activation drift (src/core/predict/drift.ts): the probe direction (linear weights or
// finite differences) and the streamed shifts and CKA, checked against analytic gradients and against
// a float64 numpy reference on the real benchmark pack (scripts/make-drift-reference.py).
// Every assert.ok carries a message: without one, a failure makes node re-parse this (tsx-compiled)
// file to describe the expression, which can take minutes.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { openActivationBatch } from '../src/core/activations.ts';
import { buildLinearProbe, buildMlpProbe } from '../src/core/onnx/build-probe.ts';
import { DataType, attr, encodeModel, floatTensor, makeGraph, makeModel, makeNode, tensorValueInfo } from '../src/core/onnx/model.ts';
import {
  ActivationDriftAccumulator,
  ckaSampleRows,
  linearCka,
  linearProbeWeights,
  probeDirection,
  type ActivationDrift,
  type ProbeDirection,
} from '../src/core/predict/drift.ts';
import { mulberry32 } from '../src/core/random.ts';
import { loadProbe, releaseProbe, type Probe } from '../src/core/scoring/probe.ts';
import type { ActivationBatch, ProbeOutput } from '../src/core/types.ts';
import { hasRealbench, realbenchDir, repoRoot, tempDir } from './helpers/workspace.ts';

interface DriftCase extends Omit<ActivationDrift, 'rows' | 'cka_rows'> {
  variant: string;
  file: string;
  tensor: string;
  probe: string;
  cka_rows_option: number;
  rows: number;
  cka_rows: number;
}
interface Reference {
  linear_weights: Record<string, { linear: boolean; weights: number[] | null }>;
  mlp_directions: Record<string, { file: string; tensor: string; anchor_rows: number[]; direction: number[] }>;
  drift: DriftCase[];
}
const reference: Reference = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'drift-reference.json'), 'utf8'));
const skipRealbench = hasRealbench ? false : '../shared/realbench not found beside the repository';

const gaussian = (next: () => number) => () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));
const unit = (a: ArrayLike<number>) => Float64Array.from(a, (v) => v / norm(a));
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function writeProbe(dir: string, name: string, bytes: Uint8Array, output: ProbeOutput): Promise<Probe> {
  const file = path.join(dir, `${name}.onnx`);
  writeFileSync(file, bytes);
  return loadProbe(file, output);
}

/** The probe's score column (probability, logit or column 1) for rows [n, D], straight from onnxruntime. */
async function rawScores(probe: Probe, rows: Float32Array, n: number, d: number): Promise<Float32Array> {
  const out = await probe.session.run({ [probe.inputName]: new ort.Tensor('float32', rows, [n, d]) }, [probe.outputName]);
  const values = out[probe.outputName].data as Float32Array;
  return probe.output === 'two-class' ? Float32Array.from({ length: n }, (_, i) => values[2 * i + 1]) : values;
}

/** A pooled batch held in memory, chunked like a file-backed one. */
function memoryBatch(data: Float32Array, rows: number, width: number): ActivationBatch {
  return {
    file: 'memory',
    tensor: 'x',
    rows,
    width,
    async *chunks(rowsPerChunk = 64) {
      for (let start = 0; start < rows; start += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, rows - start);
        yield { start, rows: count, data: data.slice(start * width, (start + count) * width) };
      }
    },
  };
}

async function driftOf(base: ActivationBatch, updated: ActivationBatch, direction: ProbeDirection | undefined, options: ConstructorParameters<typeof ActivationDriftAccumulator>[3] = {}, rowsPerChunk?: number) {
  const acc = new ActivationDriftAccumulator(base.width, base.rows, direction, options);
  const u = updated.chunks(rowsPerChunk)[Symbol.asyncIterator]();
  for await (const b of base.chunks(rowsPerChunk)) {
    const next = await u.next();
    assert.ok(!next.done, 'updated batch ended early');
    acc.add(b, next.value);
  }
  assert.ok((await u.next()).done, 'updated batch has more rows'); // and lets its reader close
  return acc.finish();
}

async function readRows(dir: string, file: string, tensor: string): Promise<{ data: Float32Array; rows: number; width: number }> {
  const batch = await openActivationBatch(dir, { file, tensor }, 'mean');
  const data = new Float32Array(batch.rows * batch.width);
  for await (const c of batch.chunks()) data.set(c.data, c.start * batch.width);
  return { data, rows: batch.rows, width: batch.width };
}

/** Analytic d logit / dx of logit = relu(x W1 + b1) . w2 + b2 at each anchor, averaged; W1 is [D, H]. */
function mlpGradient(w1: Float32Array, b1: Float32Array, w2: Float32Array, anchors: Float32Array, count: number, d: number): Float64Array {
  const h = b1.length;
  const g = new Float64Array(d);
  for (let a = 0; a < count; a++) {
    for (let k = 0; k < h; k++) {
      let pre = b1[k];
      for (let j = 0; j < d; j++) pre += anchors[a * d + j] * w1[j * h + k];
      if (pre > 0) for (let j = 0; j < d; j++) g[j] += (w2[k] * w1[j * h + k]) / count;
    }
  }
  return g;
}

/** Smallest |pre-activation| / ||W1 column|| of a row: its input-space distance from any ReLU kink. */
function kinkMargin(w1: Float32Array, b1: Float32Array, row: Float32Array, d: number): number {
  const h = b1.length;
  let margin = Infinity;
  for (let k = 0; k < h; k++) {
    let pre = b1[k];
    let n2 = 0;
    for (let j = 0; j < d; j++) {
      pre += row[j] * w1[j * h + k];
      n2 += w1[j * h + k] ** 2;
    }
    margin = Math.min(margin, Math.abs(pre) / Math.sqrt(n2));
  }
  return margin;
}

// ---------------------------------------------------------------------------------------------

describe('linearProbeWeights', () => {
  test('realbench: the logreg probes give their initializer (numpy reference), the MLPs undefined', { skip: skipRealbench }, () => {
    const ids = Object.keys(reference.linear_weights);
    assert.equal(ids.length, 12);
    for (const id of ids) {
      const expected = reference.linear_weights[id];
      const got = linearProbeWeights(readFileSync(path.join(realbenchDir, 'probes', `${id}.onnx`)), 128);
      if (!expected.linear) {
        assert.equal(got, undefined, `${id} is not linear`);
        continue;
      }
      assert.ok(got, `${id} is linear`);
      assert.equal(maxAbsDiff(got, expected.weights!), 0, id);
    }
  });

  test('realbench: a width that is not on the weight gives undefined', { skip: skipRealbench }, () => {
    assert.equal(linearProbeWeights(readFileSync(path.join(realbenchDir, 'probes', 'pii-L1-logreg.onnx')), 64), undefined);
  });

  test('buildLinearProbe in every output convention is linear, buildMlpProbe is not', () => {
    const w = Float32Array.from({ length: 16 }, (_, i) => Math.sin(i + 1));
    for (const output of ['logit', 'probability', 'two-class'] as const) {
      const got = linearProbeWeights(buildLinearProbe({ weights: w, bias: 0.5, output }), 16);
      assert.ok(got, output);
      assert.equal(maxAbsDiff(got, w), 0);
    }
    const mlp = buildMlpProbe({ w1: new Float32Array(16 * 3).fill(0.1), b1: new Float32Array(3), w2: new Float32Array(3).fill(1), b2: 0, output: 'probability' });
    assert.equal(linearProbeWeights(mlp, 16), undefined);
  });

  test('MatMul with a [D] weight is linear; a product of two logit paths or a Relu head is not', () => {
    const d = 8;
    const w = Float32Array.from({ length: d }, (_, i) => i - 3);
    const graph = (nodes: ReturnType<typeof makeNode>[], out: string, weightDims = [d]) =>
      encodeModel(
        makeModel({
          graph: makeGraph({
            name: 'g',
            nodes,
            inputs: [tensorValueInfo('x', DataType.FLOAT, ['batch', d])],
            outputs: [tensorValueInfo(out, DataType.FLOAT)],
            initializers: [floatTensor('w', weightDims, w), floatTensor('c', [1], [2])],
          }),
        }),
      );
    const matmul = makeNode('MatMul', ['x', 'w'], ['z']);
    assert.deepEqual(Array.from(linearProbeWeights(graph([matmul, makeNode('Mul', ['z', 'c'], ['s']), makeNode('Sigmoid', ['s'], ['p'])], 'p'), d)!), Array.from(w));
    assert.equal(linearProbeWeights(graph([matmul, makeNode('Mul', ['z', 'z'], ['s'])], 's'), d), undefined);
    assert.equal(linearProbeWeights(graph([matmul, makeNode('Relu', ['z'], ['s'])], 's'), d), undefined);
    assert.equal(linearProbeWeights(graph([makeNode('Relu', ['x'], ['r']), makeNode('MatMul', ['r', 'w'], ['z'])], 'z'), d), undefined);
    assert.equal(linearProbeWeights(graph([makeNode('MatMul', ['x', 'w'], ['z'])], 'z', [d, 1]), d)!.length, d);
    assert.equal(linearProbeWeights(graph([makeNode('MatMul', ['x', 'w'], ['z'])], 'z', [1, d]), d), undefined);
    assert.equal(linearProbeWeights(new TextEncoder().encode('not onnx'), d), undefined);
  });
});

describe('probeDirection', () => {
  const dir = tempDir('monitor-gate-drift-');

  test('realbench: every logreg probe gives +w/|w| and its score increases along it (two-class included)', { skip: skipRealbench }, async () => {
    const manifest = JSON.parse(readFileSync(path.join(realbenchDir, 'manifest.json'), 'utf8'));
    for (const m of manifest.monitors as { id: string; layer: number; pooling: string; output_convention: string; probe_type: string }[]) {
      if (m.probe_type !== 'logreg') continue;
      const output: ProbeOutput = m.output_convention === 'two_class_probabilities' ? 'two-class' : (m.output_convention as ProbeOutput);
      const file = path.join(realbenchDir, 'probes', `${m.id}.onnx`);
      const probe = await loadProbe(file, output);
      try {
        const { data } = await readRows(path.join(realbenchDir, 'activations', 'base'), `L${m.layer}_${m.pooling}.safetensors`, 'calibration');
        const anchors = data.slice(0, 4 * 128);
        const got = await probeDirection(probe, readFileSync(file), anchors, 4, 128);
        assert.equal(got?.kind, 'linear-weights', m.id);
        assert.ok(maxAbsDiff(got!.direction, unit(reference.linear_weights[m.id].weights!)) < 1e-12, m.id);
        // through onnxruntime: moving a base row along the direction raises the score
        const rows = new Float32Array(2 * 128);
        for (let j = 0; j < 128; j++) {
          rows[j] = anchors[j] - 0.5 * got!.direction[j];
          rows[128 + j] = anchors[j] + 0.5 * got!.direction[j];
        }
        const s = await rawScores(probe, rows, 2, 128);
        assert.ok(s[1] > s[0], `${m.id}: ${s[0]} -> ${s[1]}`);
      } finally {
        await releaseProbe(probe);
      }
    }
  });

  test('a decreasing head flips the sign: Gemm -> Neg -> Sigmoid gives -w, and Softmax([z, 0]) column 1 too', async () => {
    const d = 12;
    const w = Float32Array.from({ length: d }, (_, i) => Math.cos(i));
    const anchors = Float32Array.from({ length: 2 * d }, (_, i) => Math.sin(3 * i));
    const common = {
      inputs: [tensorValueInfo('x', DataType.FLOAT, ['batch', d])],
      initializers: [floatTensor('w', [1, d], w), floatTensor('b', [1], [0.1])],
    };
    const negated = encodeModel(
      makeModel({
        graph: makeGraph({
          name: 'neg',
          nodes: [makeNode('Gemm', ['x', 'w', 'b'], ['z'], { attributes: [attr.int('transB', 1)] }), makeNode('Neg', ['z'], ['n']), makeNode('Sigmoid', ['n'], ['p'])],
          outputs: [tensorValueInfo('p', DataType.FLOAT, ['batch', 1])],
          ...common,
        }),
      }),
    );
    const zFirst = encodeModel(
      makeModel({
        graph: makeGraph({
          name: 'z_first',
          nodes: [
            makeNode('Gemm', ['x', 'w', 'b'], ['z'], { attributes: [attr.int('transB', 1)] }),
            makeNode('Shape', ['z'], ['shape']),
            makeNode('ConstantOfShape', ['shape'], ['zeros']),
            makeNode('Concat', ['z', 'zeros'], ['c'], { attributes: [attr.int('axis', 1)] }),
            makeNode('Softmax', ['c'], ['p'], { attributes: [attr.int('axis', 1)] }),
          ],
          outputs: [tensorValueInfo('p', DataType.FLOAT, ['batch', 2])],
          ...common,
        }),
      }),
    );
    for (const [name, bytes, output] of [
      ['neg', negated, 'probability'],
      ['z-first', zFirst, 'two-class'],
    ] as const) {
      const probe = await writeProbe(dir, name, bytes, output);
      try {
        assert.deepEqual(Array.from(linearProbeWeights(bytes, d)!), Array.from(w));
        const linear = await probeDirection(probe, bytes, anchors, 2, d);
        assert.equal(linear?.kind, 'linear-weights');
        assert.ok(maxAbsDiff(linear!.direction, unit(w).map((v) => -v)) < 1e-12, name);
        // the finite-difference path (through the graph's logit tensor with its sign) agrees
        const fd = await probeDirection(probe, bytes, anchors, 2, d, { method: 'finite-difference' });
        assert.equal(fd?.kind, 'finite-difference');
        assert.ok(dot(fd!.direction, linear!.direction) > 1 - 1e-9, `${name}: cos ${dot(fd!.direction, linear!.direction)}`);
      } finally {
        await releaseProbe(probe);
      }
    }
  });

  test('finite differences on an MLP match the analytic gradient at the anchors, in every output convention', async () => {
    // D = 1024 with 3 anchors: 6144 perturbed rows, more than one onnxruntime run
    const d = 1024;
    const h = 8;
    const next = gaussian(mulberry32(11));
    const w1 = Float32Array.from({ length: d * h }, () => next() / Math.sqrt(d));
    const b1 = Float32Array.from({ length: h }, () => 0.1 * next());
    const w2 = Float32Array.from({ length: h }, () => next());
    // anchors away from the ReLU kinks, so the function is linear within the step
    const anchors = new Float32Array(3 * d);
    for (let found = 0; found < 3; ) {
      const row = Float32Array.from({ length: d }, () => next());
      if (kinkMargin(w1, b1, row, d) > 0.1) anchors.set(row, d * found++);
    }
    const expected = unit(mlpGradient(w1, b1, w2, anchors, 3, d));
    for (const output of ['probability', 'logit', 'two-class'] as const) {
      const bytes = buildMlpProbe({ w1, b1, w2, b2: -0.2, output });
      const probe = await writeProbe(dir, `mlp-${output}`, bytes, output);
      try {
        const got = await probeDirection(probe, bytes, anchors, 3, d);
        assert.equal(got?.kind, 'finite-difference');
        assert.ok(Math.abs(norm(got!.direction) - 1) < 1e-12, `${output}: norm ${norm(got!.direction)}`);
        const err = maxAbsDiff(got!.direction, expected);
        assert.ok(err < 2e-5, `${output}: max abs error ${err}`);
        assert.ok(dot(got!.direction, expected) > 1 - 1e-7, output);
      } finally {
        await releaseProbe(probe);
      }
    }
  });

  test('a two-class head with no logit tensor (Gemm to two logits, Softmax) goes through log(p1 / p0)', async () => {
    const d = 20;
    const h = 6;
    const next = gaussian(mulberry32(5));
    const w1 = Float32Array.from({ length: d * h }, () => next() / Math.sqrt(d));
    const b1 = Float32Array.from({ length: h }, () => 0.2 * next());
    const w2 = Float32Array.from({ length: h * 2 }, () => next()); // [H, 2]
    const bytes = encodeModel(
      makeModel({
        graph: makeGraph({
          name: 'two_logits',
          nodes: [
            makeNode('Gemm', ['x', 'w1', 'b1'], ['pre']),
            makeNode('Relu', ['pre'], ['hid']),
            makeNode('Gemm', ['hid', 'w2'], ['z2']),
            makeNode('Softmax', ['z2'], ['p'], { attributes: [attr.int('axis', 1)] }),
          ],
          inputs: [tensorValueInfo('x', DataType.FLOAT, ['batch', d])],
          outputs: [tensorValueInfo('p', DataType.FLOAT, ['batch', 2])],
          initializers: [floatTensor('w1', [d, h], w1), floatTensor('b1', [h], b1), floatTensor('w2', [h, 2], w2)],
        }),
      }),
    );
    const anchors = new Float32Array(2 * d);
    for (let found = 0; found < 2; ) {
      const row = Float32Array.from({ length: d }, () => next());
      if (kinkMargin(w1, b1, row, d) > 0.1) anchors.set(row, d * found++);
    }
    // logit = z1 - z0: an MLP whose output weights are the column difference
    const diff = Float32Array.from({ length: h }, (_, k) => w2[2 * k + 1] - w2[2 * k]);
    const expected = unit(mlpGradient(w1, b1, diff, anchors, 2, d));
    const probe = await writeProbe(dir, 'two-logits', bytes, 'two-class');
    try {
      const got = await probeDirection(probe, bytes, anchors, 2, d);
      assert.equal(got?.kind, 'finite-difference');
      const err = maxAbsDiff(got!.direction, expected);
      assert.ok(err < 1e-4, `max abs error ${err}`);
    } finally {
      await releaseProbe(probe);
    }
  });

  test('realbench MLPs: finite differences match the numpy analytic gradient at the reference anchors', { skip: skipRealbench }, async () => {
    for (const [id, output] of [
      ['pii-L2-mlp', 'probability'],
      ['toxicity-L4-mlp', 'two-class'],
    ] as const) {
      const ref = reference.mlp_directions[id];
      const file = path.join(realbenchDir, 'probes', `${id}.onnx`);
      const probe = await loadProbe(file, output);
      try {
        const { data } = await readRows(path.join(realbenchDir, 'activations', 'base'), ref.file, ref.tensor);
        const anchors = new Float32Array(ref.anchor_rows.length * 128);
        ref.anchor_rows.forEach((r, i) => anchors.set(data.subarray(r * 128, (r + 1) * 128), i * 128));
        const got = await probeDirection(probe, readFileSync(file), anchors, ref.anchor_rows.length, 128);
        assert.equal(got?.kind, 'finite-difference');
        const err = maxAbsDiff(got!.direction, ref.direction);
        assert.ok(err < 1e-4, `${id}: max abs error ${err}`);
      } finally {
        await releaseProbe(probe);
      }
    }
  });

  test('a constant probe has no direction; bad arguments throw', async () => {
    const d = 6;
    const bytes = buildLinearProbe({ weights: new Float32Array(d), bias: 1, output: 'probability' });
    const probe = await writeProbe(dir, 'zero', bytes, 'probability');
    try {
      const anchors = Float32Array.from({ length: d }, (_, i) => i);
      assert.equal(await probeDirection(probe, bytes, anchors, 1, d), undefined);
      assert.equal(await probeDirection(probe, bytes, anchors, 1, d, { method: 'finite-difference' }), undefined);
      await assert.rejects(probeDirection(probe, bytes, anchors, 2, d), RangeError);
      await assert.rejects(probeDirection(probe, bytes, new Float32Array(0), 0, d), RangeError);
    } finally {
      await releaseProbe(probe);
    }
  });
});

describe('ActivationDriftAccumulator', () => {
  for (const ref of reference.drift) {
    test(`realbench ${ref.variant} ${ref.file}#${ref.tensor} (ckaRows ${ref.cka_rows_option}) matches the numpy reference`, { skip: skipRealbench }, async () => {
      const baseDir = path.join(realbenchDir, 'activations', 'base');
      const base = await openActivationBatch(baseDir, { file: ref.file, tensor: ref.tensor }, 'mean');
      const updated = await openActivationBatch(path.join(realbenchDir, 'activations', ref.variant), { file: ref.file, tensor: ref.tensor }, 'mean');
      const file = path.join(realbenchDir, 'probes', `${ref.probe}.onnx`);
      const probe = await loadProbe(file, 'probability');
      let direction: ProbeDirection | undefined;
      try {
        const { data } = await readRows(baseDir, ref.file, ref.tensor);
        direction = await probeDirection(probe, readFileSync(file), data.slice(0, 4 * 128), 4, 128);
      } finally {
        await releaseProbe(probe);
      }
      assert.equal(direction?.kind, 'linear-weights');
      // odd-sized chunks: the sample and the sums cross chunk boundaries
      const got = await driftOf(base, updated, direction, { ckaRows: ref.cka_rows_option }, 37);
      assert.equal(got.rows, ref.rows);
      assert.equal(got.cka_rows, ref.cka_rows);
      assert.ok(Math.abs(got.projected_shift - ref.projected_shift) < 1e-9, `projected_shift ${got.projected_shift} vs ${ref.projected_shift}`);
      assert.ok(Math.abs(got.rel_mean_shift - ref.rel_mean_shift) < 1e-9, `rel_mean_shift ${got.rel_mean_shift} vs ${ref.rel_mean_shift}`);
      assert.ok(Math.abs(got.linear_cka - ref.linear_cka) < 1e-6, `linear_cka ${got.linear_cka} vs ${ref.linear_cka}`);
      // the other CKA form on the same rows
      const other = await driftOf(base, updated, direction, { ckaRows: ref.cka_rows_option, ckaForm: got.cka_rows < 192 ? 'feature' : 'kernel' });
      assert.ok(Math.abs(other.linear_cka - ref.linear_cka) < 1e-6, `other form: ${other.linear_cka} vs ${ref.linear_cka}`);
    });
  }

  test('realbench: the subsample is deterministic and independent of the chunking', { skip: skipRealbench }, async () => {
    const open = (variant: string) => openActivationBatch(path.join(realbenchDir, 'activations', variant), { file: 'L2_mean.safetensors', tensor: 'calibration' }, 'mean');
    const a = await driftOf(await open('base'), await open('full_ft'), undefined, { ckaRows: 77 }, 5);
    const b = await driftOf(await open('base'), await open('full_ft'), undefined, { ckaRows: 77 });
    assert.equal(a.cka_rows, 77);
    assert.equal(a.linear_cka, b.linear_cka);
    assert.ok(Math.abs(a.rel_mean_shift - b.rel_mean_shift) < 1e-12, `${a.rel_mean_shift} vs ${b.rel_mean_shift}`);
    assert.ok(Number.isNaN(a.projected_shift), 'no direction, no projected shift');
  });

  test('ckaSampleRows: evenly strided, all rows when ckaRows >= totalRows', () => {
    assert.deepEqual(Array.from(ckaSampleRows(10, 4)), [0, 2, 5, 7]);
    assert.deepEqual(Array.from(ckaSampleRows(3, 1024)), [0, 1, 2]);
    assert.deepEqual(Array.from(ckaSampleRows(512, 100)).slice(0, 4), [0, 5, 10, 15]);
  });

  const synthetic = (rows: number, d: number, seed: number) => {
    const next = gaussian(mulberry32(seed));
    // correlated columns with unequal scales, offset from the origin
    const z = Float32Array.from({ length: rows * d }, () => next());
    const x = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) x[r * d + j] = 3 + (1 + j / d) * z[r * d + j] + 0.5 * z[r * d + ((j + 1) % d)];
    return x;
  };

  test('identical inputs: CKA 1, both shifts exactly 0', async () => {
    const d = 24;
    const x = synthetic(150, d, 3);
    const direction: ProbeDirection = { kind: 'linear-weights', direction: unit(Float64Array.from({ length: d }, (_, i) => i % 3)) };
    for (const ckaForm of ['kernel', 'feature'] as const) {
      const got = await driftOf(memoryBatch(x, 150, d), memoryBatch(x, 150, d), direction, { ckaForm });
      assert.equal(got.projected_shift, 0);
      assert.equal(got.rel_mean_shift, 0);
      assert.ok(Math.abs(got.linear_cka - 1) < 1e-6, `${ckaForm}: ${got.linear_cka}`);
    }
  });

  test('CKA is invariant to an orthogonal rotation and a scale of the updated rows, and both forms agree', async () => {
    for (const [rows, d] of [
      [60, 40],
      [200, 16],
    ]) {
      const x = synthetic(rows, d, 9);
      // Q from Gram-Schmidt on a seeded Gaussian matrix
      const next = gaussian(mulberry32(21));
      const q = Array.from({ length: d }, () => Float64Array.from({ length: d }, () => next()));
      for (let i = 0; i < d; i++) {
        for (let k = 0; k < i; k++) {
          const c = dot(q[i], q[k]);
          for (let j = 0; j < d; j++) q[i][j] -= c * q[k][j];
        }
        const n = norm(q[i]);
        for (let j = 0; j < d; j++) q[i][j] /= n;
      }
      const y = new Float32Array(rows * d);
      for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += x[r * d + k] * q[k][j];
        y[r * d + j] = 2.5 * s - 1;
      }
      const kernel = await linearCka(x.slice(), y.slice(), rows, d, 'kernel');
      const feature = await linearCka(x.slice(), y.slice(), rows, d, 'feature');
      assert.ok(Math.abs(kernel - 1) < 1e-5, `kernel ${kernel}`);
      assert.ok(Math.abs(feature - 1) < 1e-5, `feature ${feature}`);
      // and an unrelated Y is far from 1, the same in both forms
      const noise = synthetic(rows, d, 99);
      const a = await linearCka(x.slice(), noise.slice(), rows, d, 'kernel');
      const b = await linearCka(x.slice(), noise.slice(), rows, d, 'feature');
      assert.ok(a < 0.9, `unrelated: ${a}`);
      assert.ok(Math.abs(a - b) < 1e-5, `${a} vs ${b}`);
    }
  });

  test('constant rows give NaN, not a throw', async () => {
    const d = 5;
    const constant = new Float32Array(40 * d).fill(0.7);
    const moving = synthetic(40, d, 4);
    const direction: ProbeDirection = { kind: 'linear-weights', direction: unit([1, 0, 0, 0, 1]) };
    const flat = await driftOf(memoryBatch(constant, 40, d), memoryBatch(moving, 40, d), direction);
    assert.ok(Number.isNaN(flat.projected_shift), `projected_shift ${flat.projected_shift}`);
    assert.ok(Number.isNaN(flat.rel_mean_shift), `rel_mean_shift ${flat.rel_mean_shift}`);
    assert.ok(Number.isNaN(flat.linear_cka), `linear_cka ${flat.linear_cka}`);
    const flatUpdated = await driftOf(memoryBatch(moving, 40, d), memoryBatch(constant, 40, d), direction);
    assert.ok(Number.isFinite(flatUpdated.rel_mean_shift), `rel_mean_shift ${flatUpdated.rel_mean_shift}`);
    assert.ok(Number.isNaN(flatUpdated.linear_cka), `linear_cka ${flatUpdated.linear_cka}`);
    const one = await driftOf(memoryBatch(moving.slice(0, d), 1, d), memoryBatch(moving.slice(0, d), 1, d), undefined);
    assert.ok(Number.isNaN(one.linear_cka) && Number.isNaN(one.rel_mean_shift), `one row: ${JSON.stringify(one)}`);
  });

  test('mismatched chunks, missing rows and a wrong-length direction throw', async () => {
    const d = 3;
    const chunk = (start: number, rows: number) => ({ start, rows, data: new Float32Array(rows * d).fill(start + 1) });
    const acc = new ActivationDriftAccumulator(d, 10, undefined);
    assert.throws(() => acc.add(chunk(0, 4), chunk(1, 4)), RangeError);
    assert.throws(() => acc.add(chunk(0, 4), chunk(0, 3)), RangeError);
    assert.throws(() => acc.add(chunk(8, 4), chunk(8, 4)), RangeError);
    assert.throws(() => acc.add(chunk(0, 4), { start: 0, rows: 4, data: new Float32Array(5) }), RangeError);
    acc.add(chunk(0, 4), chunk(0, 4));
    await assert.rejects(acc.finish(), /4 of 10 rows/);
    assert.throws(() => new ActivationDriftAccumulator(d, 10, { kind: 'linear-weights', direction: new Float64Array(4) }), RangeError);
  });
});
