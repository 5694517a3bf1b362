/**
 * Activation batches and labels on disk. The batch engine streams tensors across aligned folders
 * (stream/aligned-batch.ts); this module keeps the one-folder view (ActivationBatch, chunk by chunk)
 * and reads labels.
 */
import path from 'node:path';
import { inputError } from './errors.ts';
import { openTensorFile, readSmallTensor, requireTensor } from './formats/tensor-file.ts';
import {
  DEFAULT_ACTIVATIONS_TENSOR,
  DEFAULT_MASK_TENSOR,
  CHUNK_BYTES,
  batchSide,
  checkAligned,
  npyTensor,
  streamAligned,
  type AlignedBatch,
  type BatchSide,
} from './stream/aligned-batch.ts';
import type { ActivationBatch, ActivationChunk, LabelsRef, MonitorSpec, Pooling, TensorInfo, TensorRef } from './types.ts';

export { DEFAULT_ACTIVATIONS_TENSOR, DEFAULT_MASK_TENSOR, CHUNK_BYTES };
/** Labels are read whole; more rows than this is not a labeled eval set. */
const MAX_LABEL_ROWS = 64 * 1024 * 1024;

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** One folder's batch as an ActivationBatch whose chunks are fresh arrays the caller may keep. */
export function batchOfSide(side: BatchSide, pooling: Pooling): ActivationBatch {
  const aligned: AlignedBatch = { sides: [side], tensor: side.info.name, rows: side.info.shape[0], width: side.info.shape[side.info.shape.length - 1], pooling };
  return {
    file: side.file,
    tensor: side.info.name,
    rows: aligned.rows,
    width: aligned.width,
    tokens: side.tokens,
    chunks: (rowsPerChunk?: number) => pullChunks(aligned, rowsPerChunk),
  };
}

export async function openActivationBatch(dir: string, ref: TensorRef, pooling: Pooling, maskTensor: string = DEFAULT_MASK_TENSOR): Promise<ActivationBatch> {
  const tensorFile = await openTensorFile(path.resolve(dir, ref.file), dir);
  return batchOfSide(batchSide(tensorFile, ref, pooling, maskTensor), pooling);
}

/** streamAligned as an async iterator of copied chunks (one side). */
async function* pullChunks(batch: AlignedBatch, rowsPerChunk: number | undefined): AsyncGenerator<ActivationChunk> {
  if (rowsPerChunk !== undefined && (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1)) {
    throw new RangeError(`chunks: rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
  }
  type Item = { chunk?: ActivationChunk; done?: boolean; error?: unknown };
  const items: Item[] = [];
  let notify: (() => void) | undefined;
  let resume: (() => void) | undefined;
  let stopped = false;
  const push = (item: Item) => {
    items.push(item);
    notify?.();
  };
  const producer = streamAligned(batch, { rowsPerChunk }, (chunk) =>
    new Promise<void>((resolve, reject) => {
      push({ chunk: { start: chunk.start, rows: chunk.rows, data: chunk.data[0].slice() } });
      resume = () => (stopped ? reject(new StopStream()) : resolve());
    }),
  ).then(
    () => push({ done: true }),
    (error) => push({ error }),
  );
  try {
    for (;;) {
      while (items.length === 0) await new Promise<void>((r) => (notify = r));
      const item = items.shift()!;
      if (item.error !== undefined) {
        if (item.error instanceof StopStream) return;
        throw item.error;
      }
      if (item.done) return;
      yield item.chunk!;
      const next = resume;
      resume = undefined;
      next?.();
    }
  } finally {
    stopped = true;
    resume?.();
    await producer;
  }
}

class StopStream extends Error {}

/**
 * Labels as 0/1 bytes. From their own file (.npy, or .safetensors: the named tensor, else the only
 * tensor, else 'labels'), or from a tensor of the batch file. Any numeric dtype with values exactly 0 or 1;
 * shape [N] or [N, 1].
 */
export async function readLabels(ref: LabelsRef, batchFile: string, root?: string): Promise<Uint8Array> {
  let info: TensorInfo;
  if (ref.kind === 'file') {
    // a labels file stays inside the config's root, links resolved
    const tensorFile = await openTensorFile(ref.path, root);
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
  const side = (b: ActivationBatch): BatchSide => ({
    file: b.file,
    tokens: b.tokens,
    maskName: DEFAULT_MASK_TENSOR,
    info: { file: b.file, name: b.tensor, dtype: 'F32', shape: b.tokens === undefined ? [b.rows, b.width] : [b.rows, b.tokens, b.width], byteOffset: 0, byteLength: 0 },
  });
  checkAligned([side(base), side(updated)]);
}
