// Activation batches: tensor selection, per-token pooling over masks, streaming chunks,
// non-finite detection, labels, base/updated pairing, and the real benchmark's per-token file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { checkPairedBatches, openActivationBatch, readLabels } from '../src/core/activations.ts';
import { GateError } from '../src/core/errors.ts';
import { f32ToF16 } from '../src/core/formats/float16.ts';
import { writeNpy } from '../src/core/formats/npy.ts';
import { writeSafetensors, type TensorToWrite } from '../src/core/formats/safetensors.ts';
import { openTensorFile, readSmallTensor, requireTensor } from '../src/core/formats/tensor-file.ts';
import type { ActivationBatch, DType, Pooling } from '../src/core/types.ts';
import { hasRealbench, realbenchDir, tempDir } from './helpers/workspace.ts';

/** Every chunk of a batch, checked for contiguity, joined into one [N, D] array. */
async function collect(batch: ActivationBatch, rowsPerChunk?: number): Promise<{ data: Float32Array; sizes: number[] }> {
  const data = new Float32Array(batch.rows * batch.width);
  const sizes: number[] = [];
  let next = 0;
  for await (const chunk of batch.chunks(rowsPerChunk)) {
    assert.equal(chunk.start, next);
    assert.equal(chunk.data.length, chunk.rows * batch.width);
    data.set(chunk.data, chunk.start * batch.width);
    sizes.push(chunk.rows);
    next += chunk.rows;
  }
  assert.equal(next, batch.rows);
  return { data, sizes };
}

async function rejectsInput(promise: Promise<unknown>, fileName: string, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GateError, `expected a GateError, got ${String(error)}`);
    assert.equal(error.kind, 'input');
    const line = error.toLine();
    assert.ok(line.includes(fileName), `"${line}" should name ${fileName}`);
    assert.match(line, problem);
    return true;
  });
}

const f32 = (shape: number[], values: ArrayLike<number>): TensorToWrite => ({ dtype: 'F32', shape, data: Float32Array.from(values) });
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('pooled [N, D] batches', () => {
  const dir = tempDir();
  const N = 10;
  const D = 3;
  const values = range(N * D, (i) => i * 0.5 - 3);

  test('default tensor "activations", chunks stream every row in order', async () => {
    await writeSafetensors(path.join(dir, 'pooled.safetensors'), { activations: f32([N, D], values), other: f32([1], [9]) });
    const batch = await openActivationBatch(dir, { file: 'pooled.safetensors' }, 'last');
    assert.equal(batch.rows, N);
    assert.equal(batch.width, D);
    assert.equal(batch.tokens, undefined);
    assert.equal(batch.tensor, 'activations');
    const { data, sizes } = await collect(batch, 4);
    assert.deepEqual(sizes, [4, 4, 2]);
    assert.deepEqual(Array.from(data), values);
    assert.deepEqual((await collect(batch)).sizes, [N]); // default chunk easily holds 10 rows
  });

  test('a named F16 tensor is converted to float32', async () => {
    await writeSafetensors(path.join(dir, 'named.safetensors'), { 'pii.eval': { dtype: 'F16', shape: [N, D], data: f32ToF16(values) } });
    const batch = await openActivationBatch(dir, { file: 'named.safetensors', tensor: 'pii.eval' }, 'mean');
    assert.deepEqual(Array.from((await collect(batch, 3)).data), values);
  });

  test('a missing tensor lists the available names', async () => {
    await writeSafetensors(path.join(dir, 'names.safetensors'), { 'pii.eval': f32([1, 1], [0]), 'pii.train': f32([1, 1], [0]) });
    await rejectsInput(openActivationBatch(dir, { file: 'names.safetensors' }, 'mean'), 'names.safetensors', /no activations tensor 'activations' in the file; available tensors: 'pii.eval', 'pii.train'/);
    await rejectsInput(
      openActivationBatch(dir, { file: 'names.safetensors', tensor: 'pii.evl' }, 'mean'),
      'names.safetensors',
      /no activations tensor 'pii.evl'.*'pii.eval', 'pii.train'/,
    );
  });

  test('wrong rank is refused with the shape', async () => {
    await writeSafetensors(path.join(dir, 'flat.safetensors'), { activations: f32([4], [1, 2, 3, 4]) });
    await rejectsInput(openActivationBatch(dir, { file: 'flat.safetensors' }, 'mean'), 'flat.safetensors', /must be \[N, D\] \(pooled\) or \[N, T, D\].*got F32 \[4\]/);
  });

  test('the default chunk is about 16 MB of float32', async () => {
    const wide = 4096; // 16 KiB of float32 per row -> 1024 rows per default chunk
    const rows = 1030;
    const data = new Uint16Array(rows * wide);
    for (let r = 0; r < rows; r++) data[r * wide] = f32ToF16([r])[0];
    await writeSafetensors(path.join(dir, 'wide.safetensors'), { activations: { dtype: 'F16', shape: [rows, wide], data } });
    const batch = await openActivationBatch(dir, { file: 'wide.safetensors' }, 'mean');
    const seen: number[] = [];
    for await (const chunk of batch.chunks()) {
      seen.push(chunk.rows);
      assert.equal(chunk.data[(chunk.rows - 1) * wide], chunk.start + chunk.rows - 1); // first column holds the row index
    }
    assert.deepEqual(seen, [1024, 6]);
  });

  test('NaN or Inf: the error names file, tensor and the first bad row', async () => {
    const bad = values.slice();
    bad[7 * D + 2] = Infinity;
    bad[5 * D + 1] = NaN;
    await writeSafetensors(path.join(dir, 'nan.safetensors'), { acts: f32([N, D], bad) });
    const batch = await openActivationBatch(dir, { file: 'nan.safetensors', tensor: 'acts' }, 'mean');
    // rows 3..5 are the second chunk: the error must come from it with the batch row number, not the chunk row
    await rejectsInput(collect(batch, 3), 'nan.safetensors', /tensor 'acts': row 5 has a non-finite value \(NaN at column 1\)/);
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const chunk of batch.chunks(3)) seen.push(chunk.start);
    });
    assert.deepEqual(seen, [0], 'the first chunk is clean and delivered before the bad one fails');
  });

  test('.npy batch: one array named after the file; "#other" is refused', async () => {
    await writeNpy(path.join(dir, 'pii.eval.npy'), { dtype: 'F32', shape: [N, D], data: Float32Array.from(values) });
    const batch = await openActivationBatch(dir, { file: 'pii.eval.npy' }, 'mean');
    assert.equal(batch.tensor, 'pii.eval');
    assert.deepEqual(Array.from((await collect(batch, 4)).data), values);
    await openActivationBatch(dir, { file: 'pii.eval.npy', tensor: 'pii.eval' }, 'mean');
    await rejectsInput(openActivationBatch(dir, { file: 'pii.eval.npy', tensor: 'activations' }, 'mean'), 'pii.eval.npy', /holds a single array .* '#activations' cannot select/);
  });

  test('a missing batch file is one line naming it', async () => {
    await rejectsInput(openActivationBatch(dir, { file: 'absent.safetensors' }, 'mean'), 'absent.safetensors', /file not found/);
  });
});

describe('per-token [N, T, D] batches', () => {
  const dir = tempDir();
  // 3 rows, 4 tokens, 2 dims; token t of row r is [10r + t, -(10r + t) * 2]
  const N = 3;
  const T = 4;
  const D = 2;
  const acts = range(N * T * D, (i) => {
    const r = Math.floor(i / (T * D));
    const t = Math.floor(i / D) % T;
    const v = 10 * r + t;
    return i % 2 === 0 ? v : -2 * v;
  });
  const mask = [1, 1, 0, 0, /**/ 1, 1, 1, 1, /**/ 0, 1, 0, 1]; // row 2 has a hole: tokens 1 and 3
  const expected: Record<Pooling, number[]> = {
    mean: [0.5, -1, 11.5, -23, 22, -44],
    max: [1, -0, 13, -20, 23, -42], // row 0 token 0 holds -0 (= -2 * 0)
    last: [1, -2, 13, -26, 23, -46],
  };

  async function pooled(file: string, pooling: Pooling, maskName?: string, rowsPerChunk?: number): Promise<number[]> {
    const batch = await openActivationBatch(dir, { file }, pooling, maskName);
    assert.equal(batch.rows, N);
    assert.equal(batch.width, D);
    assert.equal(batch.tokens, T);
    return Array.from((await collect(batch, rowsPerChunk)).data);
  }

  for (const maskDtype of ['U8', 'BOOL', 'I64', 'F32'] as DType[]) {
    test(`mean, max and last pool over a ${maskDtype} mask`, async () => {
      const file = `tokens-${maskDtype}.safetensors`;
      const maskData =
        maskDtype === 'I64' ? BigInt64Array.from(mask.map(BigInt)) : maskDtype === 'F32' ? Float32Array.from(mask) : Uint8Array.from(mask);
      await writeSafetensors(path.join(dir, file), {
        activations: f32([N, T, D], acts),
        mask: { dtype: maskDtype, shape: [N, T], data: maskData },
      });
      for (const pooling of ['mean', 'max', 'last'] as const) {
        assert.deepEqual(await pooled(file, pooling, undefined, 2), expected[pooling], pooling);
      }
    });
  }

  test('without a mask tensor every token counts; a custom mask name is used', async () => {
    await writeSafetensors(path.join(dir, 'nomask.safetensors'), { activations: f32([N, T, D], acts) });
    assert.deepEqual(await pooled('nomask.safetensors', 'mean'), [1.5, -3, 11.5, -23, 21.5, -43]);
    assert.deepEqual(await pooled('nomask.safetensors', 'last'), [3, -6, 13, -26, 23, -46]);
    await writeSafetensors(path.join(dir, 'custom.safetensors'), { activations: f32([N, T, D], acts), attn: { dtype: 'U8', shape: [N, T], data: Uint8Array.from(mask) } });
    assert.deepEqual(await pooled('custom.safetensors', 'mean', 'attn'), expected.mean);
    await rejectsInput(openActivationBatch(dir, { file: 'nomask.safetensors' }, 'mean', 'attn'), 'nomask.safetensors', /no mask tensor 'attn'.*available tensors: 'activations'/);
  });

  test('a mask of the wrong shape is refused', async () => {
    await writeSafetensors(path.join(dir, 'badmask.safetensors'), { activations: f32([N, T, D], acts), mask: { dtype: 'U8', shape: [N, T - 1], data: new Uint8Array(N * (T - 1)) } });
    await rejectsInput(openActivationBatch(dir, { file: 'badmask.safetensors' }, 'mean'), 'badmask.safetensors', /mask must be \[N, T\] = \[3, 4\].*got \[3, 3\]/);
  });

  test('a row with no real tokens is an error naming the row', async () => {
    const empty = mask.slice();
    empty.fill(0, 4, 8); // row 1
    await writeSafetensors(path.join(dir, 'empty.safetensors'), { activations: f32([N, T, D], acts), mask: { dtype: 'U8', shape: [N, T], data: Uint8Array.from(empty) } });
    for (const pooling of ['mean', 'max', 'last'] as const) {
      const batch = await openActivationBatch(dir, { file: 'empty.safetensors' }, pooling);
      await rejectsInput(collect(batch, 1), 'empty.safetensors', /row 1 has no real tokens in mask 'mask'/);
    }
  });

  test('NaN in a real token fails every pooling; NaN in a padded token is ignored', async () => {
    const inPad = acts.slice();
    inPad[(0 * T + 3) * D + 1] = NaN; // row 0, token 3: masked out
    await writeSafetensors(path.join(dir, 'nanpad.safetensors'), { activations: f32([N, T, D], inPad), mask: { dtype: 'U8', shape: [N, T], data: Uint8Array.from(mask) } });
    for (const pooling of ['mean', 'max', 'last'] as const) assert.deepEqual(await pooled('nanpad.safetensors', pooling), expected[pooling]);

    const inReal = acts.slice();
    inReal[(2 * T + 3) * D + 0] = NaN; // row 2, token 3: real, and the last real token
    await writeSafetensors(path.join(dir, 'nanreal.safetensors'), { activations: f32([N, T, D], inReal), mask: { dtype: 'U8', shape: [N, T], data: Uint8Array.from(mask) } });
    for (const pooling of ['mean', 'max', 'last'] as const) {
      const batch = await openActivationBatch(dir, { file: 'nanreal.safetensors' }, pooling);
      await rejectsInput(collect(batch, 2), 'nanreal.safetensors', /tensor 'activations': row 2 has a non-finite value \(NaN at column 0\)/);
    }
  });
});

describe('labels', () => {
  const dir = tempDir();
  const batchFile = path.join(dir, 'batch.safetensors');
  const labels = [0, 1, 1, 0, 1];

  test('from .npy (int64), single-tensor and "labels" safetensors, and a batch tensor', async () => {
    await writeNpy(path.join(dir, 'labels.npy'), { dtype: 'I64', shape: [5], data: BigInt64Array.from(labels.map(BigInt)) });
    assert.deepEqual(Array.from(await readLabels({ kind: 'file', path: path.join(dir, 'labels.npy') }, batchFile)), labels);

    await writeSafetensors(path.join(dir, 'only.safetensors'), { y: { dtype: 'BOOL', shape: [5, 1], data: Uint8Array.from(labels) } });
    assert.deepEqual(Array.from(await readLabels({ kind: 'file', path: path.join(dir, 'only.safetensors') }, batchFile)), labels);

    await writeSafetensors(path.join(dir, 'two.safetensors'), {
      labels: { dtype: 'F64', shape: [5], data: Float64Array.from(labels) },
      ids: { dtype: 'I32', shape: [5], data: Int32Array.from([7, 8, 9, 10, 11]) },
    });
    assert.deepEqual(Array.from(await readLabels({ kind: 'file', path: path.join(dir, 'two.safetensors') }, batchFile)), labels);
    // a named tensor wins over the defaults
    await writeSafetensors(path.join(dir, 'named.safetensors'), { a: f32([5], [1, 1, 0, 0, 0]), b: f32([5], labels) });
    assert.deepEqual(Array.from(await readLabels({ kind: 'file', path: path.join(dir, 'named.safetensors'), tensor: 'b' }, batchFile)), labels);

    await writeSafetensors(batchFile, { activations: f32([5, 2], range(10, (i) => i)), 'pii.eval.labels': { dtype: 'U8', shape: [5], data: Uint8Array.from(labels) } });
    assert.deepEqual(Array.from(await readLabels({ kind: 'batch-tensor', tensor: 'pii.eval.labels' }, batchFile)), labels);
  });

  test('a value that is not 0/1 is reported with its index and value', async () => {
    await writeSafetensors(path.join(dir, 'two-valued.safetensors'), { labels: { dtype: 'I64', shape: [4], data: BigInt64Array.from([0n, 1n, 2n, 1n]) } });
    await rejectsInput(readLabels({ kind: 'file', path: path.join(dir, 'two-valued.safetensors') }, batchFile), 'two-valued.safetensors', /label at index 2 is 2; labels must be exactly 0 or 1/);
    await writeNpy(path.join(dir, 'half.npy'), { dtype: 'F32', shape: [3], data: Float32Array.from([1, 0.5, 0]) });
    await rejectsInput(readLabels({ kind: 'file', path: path.join(dir, 'half.npy') }, batchFile), 'half.npy', /label at index 1 is 0.5/);
    await writeNpy(path.join(dir, 'neg.npy'), { dtype: 'I64', shape: [2], data: BigInt64Array.from([0n, -1n]) });
    await rejectsInput(readLabels({ kind: 'file', path: path.join(dir, 'neg.npy') }, batchFile), 'neg.npy', /label at index 1 is -1/);
  });

  test('shape must be [N] or [N, 1]; ambiguous or missing tensors are named', async () => {
    await writeSafetensors(path.join(dir, 'wide.safetensors'), { labels: { dtype: 'U8', shape: [2, 2], data: new Uint8Array(4) } });
    await rejectsInput(readLabels({ kind: 'file', path: path.join(dir, 'wide.safetensors') }, batchFile), 'wide.safetensors', /labels must have shape \[N\] or \[N, 1\], got \[2, 2\]/);
    await writeSafetensors(path.join(dir, 'many.safetensors'), { a: f32([1], [0]), b: f32([1], [1]) });
    await rejectsInput(readLabels({ kind: 'file', path: path.join(dir, 'many.safetensors') }, batchFile), 'many.safetensors', /no labels tensor 'labels'.*available tensors: 'a', 'b'/);
    await rejectsInput(readLabels({ kind: 'batch-tensor', tensor: 'y' }, batchFile), 'batch.safetensors', /no labels tensor 'y'.*'activations', 'pii.eval.labels'/);
  });

  test('a .npy batch cannot hold labels; "#name" on a .npy labels file must be its stem', async () => {
    await writeNpy(path.join(dir, 'acts.npy'), { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) });
    await rejectsInput(readLabels({ kind: 'batch-tensor', tensor: 'labels' }, path.join(dir, 'acts.npy')), 'acts.npy', /holds only the activations/);
    await writeNpy(path.join(dir, 'y.npy'), { dtype: 'U8', shape: [2], data: Uint8Array.from([0, 1]) });
    await rejectsInput(readLabels({ kind: 'file', path: path.join(dir, 'y.npy'), tensor: 'labels' }, batchFile), 'y.npy', /single array/);
    assert.deepEqual(Array.from(await readLabels({ kind: 'file', path: path.join(dir, 'y.npy'), tensor: 'y' }, batchFile)), [0, 1]);
  });
});

describe('checkPairedBatches', () => {
  test('N or D mismatch names the updated file and both shapes; matching shapes pass', async () => {
    const base = tempDir();
    const updated = tempDir();
    await writeSafetensors(path.join(base, 'b.safetensors'), { activations: f32([4, 2], range(8, (i) => i)) });
    await writeSafetensors(path.join(updated, 'b.safetensors'), { activations: f32([3, 2], range(6, (i) => i)) });
    await writeSafetensors(path.join(updated, 'c.safetensors'), { activations: f32([4, 3], range(12, (i) => i)) });
    await writeSafetensors(path.join(updated, 't.safetensors'), { activations: f32([4, 5, 2], range(40, (i) => i)) });
    const a = await openActivationBatch(base, { file: 'b.safetensors' }, 'mean');
    const b = await openActivationBatch(updated, { file: 'b.safetensors' }, 'mean');
    const c = await openActivationBatch(updated, { file: 'c.safetensors' }, 'mean');
    const t = await openActivationBatch(updated, { file: 't.safetensors' }, 'mean');
    assert.throws(
      () => checkPairedBatches(a, b),
      (error: unknown) => {
        assert.ok(error instanceof GateError);
        const line = error.toLine();
        assert.match(line, /row counts differ \(N 4 vs 3\)/);
        // The base file has the same name in the base folder, so the message names the updated one.
        assert.equal(error.file, path.join(updated, 'b.safetensors'));
        assert.match(line, /base 'activations' has \[N, D\] = \[4, 2\], updated 'activations' has \[N, D\] = \[3, 2\]/);
        return true;
      },
    );
    assert.throws(() => checkPairedBatches(a, c), /widths differ \(D 2 vs 3\)/);
    checkPairedBatches(a, t); // per-token [4, 5, 2] pools to [4, 2]
  });
});

describe('realbench per-token file', { skip: hasRealbench ? false : '../shared/realbench not found beside the repository' }, () => {
  test('mean pooling over the mask matches the mean-pooled toxicity.eval rows selected by row_index', async () => {
    const tokensFile = path.join(realbenchDir, 'activations/base/L2_tokens_toxicity.safetensors');
    const batch = await openActivationBatch(path.dirname(tokensFile), { file: path.basename(tokensFile) }, 'mean');
    assert.equal(batch.rows, 128);
    assert.equal(batch.tokens, 48);
    assert.equal(batch.width, 128);
    const { data } = await collect(batch, 50);

    const rowIndex = await readSmallTensor(requireTensor(await openTensorFile(tokensFile), 'row_index'));
    const pooledBatch = await openActivationBatch(path.join(realbenchDir, 'activations/base'), { file: 'L2_mean.safetensors', tensor: 'toxicity.eval' }, 'mean');
    const reference = (await collect(pooledBatch)).data;
    let worst = 0;
    for (let r = 0; r < 128; r++) {
      for (let d = 0; d < 128; d++) {
        const want = reference[rowIndex[r] * 128 + d];
        const diff = Math.abs(data[r * 128 + d] - want) / Math.max(1, Math.abs(want));
        worst = Math.max(worst, diff);
      }
    }
    // float16 rounding of the stored mean is at most half an ulp (~4.9e-4 relative). Ignoring the mask would be far
    // off: padded tokens are zeros and rows have as few as 22 of 48 real tokens.
    assert.ok(worst < 1e-3, `worst relative difference ${worst}`);

    // and the token file's labels are those rows' labels
    const tokenLabels = await readLabels({ kind: 'batch-tensor', tensor: 'labels' }, tokensFile);
    const evalLabels = await readLabels({ kind: 'batch-tensor', tensor: 'toxicity.eval.labels' }, path.join(realbenchDir, 'activations/base/L2_mean.safetensors'));
    assert.deepEqual(Array.from(tokenLabels), Array.from(rowIndex, (i) => evalLabels[i]));
  });

  test('the .npy batch of pii.eval scores the same rows as the safetensors one', async () => {
    const st = await openActivationBatch(path.join(realbenchDir, 'activations/base'), { file: 'L2_mean.safetensors', tensor: 'pii.eval' }, 'mean');
    const np = await openActivationBatch(path.join(realbenchDir, 'activations_npy/base/L2_mean'), { file: 'pii.eval.npy' }, 'mean');
    assert.deepEqual((await collect(st, 64)).data, (await collect(np, 100)).data);
  });
});
