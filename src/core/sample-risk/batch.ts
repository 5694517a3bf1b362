/**
 * The sample-risk batch: one score per (training sample, monitor), written where the model is by
 * `examples/extract_activations.py --score-samples` (examples/sample_risk.py). A sample's score is
 * how far one gradient step on its LM loss moves the monitor's pooled hidden state along the
 * monitor's probe direction (signed: positive pushes toward the probe's positive side).
 *
 * Layout (safetensors):
 *   scores  F32 [S, M]  the push, sample-major, columns in `monitors` order
 *   line    I32 [S]     1-based line of the sample in its dataset file
 *   file    I32 [S]     index into `files`
 *   loss    F32 [S]     optional: the sample's LM loss under the base model
 *   __metadata__: format "monitor-gate/sample-risk", version "1", monitors and files (JSON arrays of
 *   strings), and optionally method, model.
 */
import { inputError } from '../errors.ts';
import { shownName } from '../formats/safetensors.ts';
import { openTensorFile, readSmallTensor, requireTensor } from '../formats/tensor-file.ts';
import type { TensorFile, TensorInfo } from '../types.ts';

export const SAMPLE_RISK_FORMAT = 'monitor-gate/sample-risk';
export const SAMPLE_RISK_VERSION = '1';
/** S x M scores are read whole; 16 M values (a million samples by 16 monitors) is 128 MB as float64. */
const MAX_SCORES = 16 * 1024 * 1024;

export interface SampleRiskBatch {
  /** Absolute path of the batch file. */
  file: string;
  /** Monitor ids, the columns of `scores`. */
  monitors: string[];
  /** Dataset paths as the scorer recorded them. */
  files: string[];
  samples: number;
  /** [samples, monitors], row-major. */
  scores: Float64Array;
  /** 1-based line of each sample in its file. */
  line: Int32Array;
  /** Index into `files` of each sample. */
  fileIndex: Int32Array;
  loss?: Float64Array;
  method?: string;
  model?: string;
}

function metadataList(tensorFile: TensorFile, key: string): string[] {
  const raw = tensorFile.metadata?.[key];
  if (raw === undefined) throw inputError(`__metadata__ has no '${key}' (a JSON array of strings)`, { file: tensorFile.path });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw inputError(`__metadata__ '${key}' is not JSON`, { file: tensorFile.path });
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string' && v.length > 0)) {
    throw inputError(`__metadata__ '${key}' must be a JSON array of non-empty strings`, { file: tensorFile.path });
  }
  return parsed as string[];
}

function shapeIs(info: TensorInfo, shape: readonly number[]): boolean {
  return info.shape.length === shape.length && info.shape.every((d, i) => d === shape[i]);
}

/** Reads and checks a sample-risk batch; every problem is one line naming the file and the place. */
export async function readSampleRiskBatch(filePath: string, root?: string): Promise<SampleRiskBatch> {
  const tensorFile = await openTensorFile(filePath, root);
  const fail = (message: string, where?: string) => inputError(message, { file: tensorFile.path, ...(where ? { where } : {}) });
  if (tensorFile.format !== 'safetensors') throw fail('a sample-risk batch is a .safetensors file');
  const format = tensorFile.metadata?.format;
  if (format !== SAMPLE_RISK_FORMAT) {
    throw fail(`not a sample-risk batch: __metadata__ format is ${format === undefined ? 'missing' : shownName(format)}, expected '${SAMPLE_RISK_FORMAT}'`);
  }
  const version = tensorFile.metadata?.version;
  if (version !== SAMPLE_RISK_VERSION) throw fail(`sample-risk version ${version === undefined ? '(missing)' : shownName(version)} is not supported (this gate reads version ${SAMPLE_RISK_VERSION})`);
  const monitors = metadataList(tensorFile, 'monitors');
  const repeated = monitors.find((id, i) => monitors.indexOf(id) !== i);
  if (repeated !== undefined) throw fail(`monitor ${shownName(repeated)} has two columns`, '__metadata__ monitors');
  const files = metadataList(tensorFile, 'files');

  const scoresInfo = requireTensor(tensorFile, 'scores', 'scores tensor');
  if (scoresInfo.shape.length !== 2 || scoresInfo.shape[1] !== monitors.length) {
    throw fail(`must have shape [samples, ${monitors.length}] (one column per monitor), got [${scoresInfo.shape.join(', ')}]`, "tensor 'scores'");
  }
  const samples = scoresInfo.shape[0];
  // a screening of nothing must not read as a clean dataset
  if (samples === 0) throw fail('scores no samples', "tensor 'scores'");
  for (const name of ['line', 'file'] as const) {
    const info = requireTensor(tensorFile, name, `${name} tensor`);
    if (!shapeIs(info, [samples])) throw fail(`must have shape [${samples}], got [${info.shape.join(', ')}]`, `tensor '${name}'`);
  }
  const scores = await readSmallTensor(scoresInfo, MAX_SCORES);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      const sample = Math.floor(i / monitors.length);
      throw fail(`the score of sample ${sample} for monitor ${shownName(monitors[i % monitors.length])} is ${scores[i]}`, "tensor 'scores'");
    }
  }
  const integers = async (name: 'line' | 'file', min: number, max: number) => {
    const values = await readSmallTensor(requireTensor(tensorFile, name), MAX_SCORES);
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < min || v > max) throw fail(`sample ${i} has ${v}, expected an integer in [${min}, ${max}]`, `tensor '${name}'`);
      out[i] = v;
    }
    return out;
  };
  const line = await integers('line', 1, 2 ** 31 - 1);
  const fileIndex = await integers('file', 0, files.length - 1);
  let loss: Float64Array | undefined;
  const lossInfo = tensorFile.tensors.get('loss');
  if (lossInfo) {
    if (!shapeIs(lossInfo, [samples])) throw fail(`must have shape [${samples}], got [${lossInfo.shape.join(', ')}]`, "tensor 'loss'");
    loss = await readSmallTensor(lossInfo, MAX_SCORES);
  }
  const seen = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const key = `${fileIndex[i]}:${line[i]}`;
    if (seen.has(key)) throw fail(`samples share ${files[fileIndex[i]]} line ${line[i]}`, `sample ${i}`);
    seen.add(key);
  }
  return {
    file: tensorFile.path,
    monitors,
    files,
    samples,
    scores,
    line,
    fileIndex,
    ...(loss ? { loss } : {}),
    ...(tensorFile.metadata?.method ? { method: tensorFile.metadata.method } : {}),
    ...(tensorFile.metadata?.model ? { model: tensorFile.metadata.model } : {}),
  };
}
