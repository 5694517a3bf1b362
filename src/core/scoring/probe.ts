import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { probeError } from '../errors.ts';
import { ortMessage } from './ort-messages.ts';
import type { ActivationBatch, ActivationChunk, Logger, ProbeOutput } from '../types.ts';

export type ExecutionProvider = 'auto' | 'cpu' | 'cuda';

/**
 * One probe's own session runs small work (the first-chunk check of a stack, direction finding,
 * probes that do not stack) on one thread: a session with its own thread pool costs about 50 ms to
 * create and 25 ms to release, which a gate with dozens of probes pays dozens of times. Threads
 * split rows only, so scores are the same bits either way.
 */
export const PROBE_SESSION_THREADS = { intraOpNumThreads: 1, interOpNumThreads: 1 } as const;

/** A loaded probe: one onnxruntime session, reused for every chunk of base and updated rows. */
export interface Probe {
  file: string;
  output: ProbeOutput;
  inputName: string;
  outputName: string;
  /** D the graph declares, or undefined when the width is symbolic. */
  width?: number;
  provider: 'cpu' | 'cuda';
  session: ort.InferenceSession;
}

let cudaAvailability: boolean | undefined;

/**
 * onnxruntime-node only ships the CPU library inside the npm package; the CUDA provider library
 * is an optional extra install. Asking for 'cuda' without it fails session creation, so look first.
 */
export function cudaProviderInstalled(): boolean {
  if (cudaAvailability !== undefined) return cudaAvailability;
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
    const binDir = path.join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
    cudaAvailability = existsSync(path.join(binDir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    cudaAvailability = false;
  }
  return cudaAvailability;
}

function describeShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : d || '?')).join(', ')}]`;
}

export async function loadProbe(
  file: string,
  output: ProbeOutput,
  options: { provider?: ExecutionProvider; logger?: Logger } = {},
): Promise<Probe> {
  if (!existsSync(file)) throw probeError('probe file not found', { file });
  const wantCuda = options.provider === 'cuda' || (options.provider === 'auto' && cudaProviderInstalled());
  let session: ort.InferenceSession;
  let provider: 'cpu' | 'cuda' = 'cpu';
  try {
    if (wantCuda) {
      try {
        session = await ort.InferenceSession.create(file, { executionProviders: ['cuda', 'cpu'], ...PROBE_SESSION_THREADS });
        provider = 'cuda';
      } catch (error) {
        options.logger?.warning(`${file}: CUDA execution provider unavailable, using CPU (${firstLine(error)})`);
        session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], ...PROBE_SESSION_THREADS });
      }
    } else {
      session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], ...PROBE_SESSION_THREADS });
    }
  } catch (error) {
    throw probeError(`not a loadable ONNX model: ${firstLine(error)}`, { file });
  }

  const inputs = session.inputMetadata;
  const tensorInputs = inputs.filter((m) => m.isTensor);
  if (inputs.length !== 1 || tensorInputs.length !== 1) {
    throw probeError(`probe must have exactly one tensor input [batch, D], found ${inputs.length} inputs (${session.inputNames.join(', ')})`, { file });
  }
  const input = tensorInputs[0] as ort.InferenceSession.TensorValueMetadata;
  if (input.type !== 'float32') {
    throw probeError(`probe input '${input.name}' is ${input.type}; monitor-gate feeds float32 [batch, D]`, {
      file,
      help: 're-export the probe with a float32 input',
    });
  }
  if (input.shape.length !== 2) {
    throw probeError(`probe input '${input.name}' has shape ${describeShape(input.shape)}; expected [batch, D]`, { file });
  }
  const declaredWidth = input.shape[1];

  // skl2onnx puts an int64 label output first and the probabilities second: score the first float tensor.
  const outputs = session.outputMetadata;
  const outputMeta = outputs.find(
    (m) => m.isTensor && ((m as ort.InferenceSession.TensorValueMetadata).type === 'float32' || (m as ort.InferenceSession.TensorValueMetadata).type === 'float64'),
  );
  if (!outputMeta) {
    const nonTensor = outputs.find((m) => !m.isTensor);
    if (nonTensor) {
      throw probeError(`probe output '${nonTensor.name}' is a sequence of maps, not a tensor (scikit-learn ZipMap export)`, {
        file,
        help: "re-export with skl2onnx options={id(model): {'zipmap': False}}",
      });
    }
    throw probeError(`probe has no float tensor output (outputs: ${session.outputNames.join(', ') || 'none'})`, { file });
  }
  const outShape = (outputMeta as ort.InferenceSession.TensorValueMetadata).shape;
  const lastDim = outShape.length === 2 ? outShape[1] : undefined;
  if (output === 'two-class') {
    if (outShape.length !== 2 || (typeof lastDim === 'number' && lastDim !== 2)) {
      throw probeError(`output 'two-class' expects [batch, 2] probabilities, probe output '${outputMeta.name}' is ${describeShape(outShape)}`, { file });
    }
  } else if (outShape.length > 2 || (outShape.length === 2 && typeof lastDim === 'number' && lastDim !== 1)) {
    const hint = lastDim === 2 ? "; set output: two-class for [batch, 2] class probabilities" : '';
    throw probeError(`output '${output}' expects [batch] or [batch, 1], probe output '${outputMeta.name}' is ${describeShape(outShape)}${hint}`, { file });
  }

  return {
    file,
    output,
    inputName: input.name,
    outputName: outputMeta.name,
    width: typeof declaredWidth === 'number' && declaredWidth > 0 ? declaredWidth : undefined,
    provider,
    session,
  };
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * Runs the probe over every row of the batch and returns one probability-scale score per row.
 * Rows stream chunk by chunk, so memory is one chunk plus N scores.
 */
export async function scoreBatch(probe: Probe, batch: ActivationBatch, rowsPerChunk?: number): Promise<Float64Array> {
  const scores = new Float64Array(batch.rows);
  for await (const chunk of batch.chunks(rowsPerChunk)) scores.set(await scoreChunk(probe, chunk, batch), chunk.start);
  return scores;
}

/** A probe that declares its width must get batches of that width. */
export function checkProbeWidth(probe: Probe, batch: Pick<ActivationBatch, 'file' | 'tensor' | 'width'>): void {
  if (probe.width !== undefined && probe.width !== batch.width) {
    throw probeError(`probe expects width D=${probe.width} but '${batch.tensor}' in ${path.basename(batch.file)} has D=${batch.width}`, {
      file: probe.file,
    });
  }
}

/** Probability-scale scores of one chunk of `batch`'s rows (for callers that stream batches themselves). */
export async function scoreChunk(probe: Probe, chunk: ActivationChunk, batch: Pick<ActivationBatch, 'file' | 'tensor' | 'width'>): Promise<Float64Array> {
  checkProbeWidth(probe, batch);
  const input = new ort.Tensor('float32', chunk.data, [chunk.rows, batch.width]);
  let result: ort.InferenceSession.ReturnType;
  try {
    result = await probe.session.run({ [probe.inputName]: input }, [probe.outputName]);
  } catch (error) {
    throw probeError(`inference failed on rows ${chunk.start}-${chunk.start + chunk.rows - 1}: ${firstLine(error)}`, { file: probe.file });
  }
  const out = result[probe.outputName];
  const scores = scoresFromOutput(probe, out, chunk.start, chunk.rows);
  out.dispose?.();
  return scores;
}

/**
 * Probability-scale scores from the probe's output tensor for rows [start, start + rows): column 1
 * of a two-class output, the sigmoid of a logit; non-finite or out-of-range scores are errors.
 */
export function scoresFromOutput(probe: Pick<Probe, 'file' | 'output'>, out: ort.Tensor, start: number, rows: number): Float64Array {
  const values = out.data as Float32Array | Float64Array;
  const perRow = probe.output === 'two-class' ? 2 : 1;
  if (!(values instanceof Float32Array || values instanceof Float64Array) || values.length !== rows * perRow) {
    throw probeError(`probe returned ${out.type} ${describeShape(out.dims)} for ${rows} rows; expected ${perRow === 2 ? '[batch, 2]' : '[batch] or [batch, 1]'} floats`, {
      file: probe.file,
    });
  }
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const raw = perRow === 2 ? values[i * 2 + 1] : values[i];
    const score = probe.output === 'logit' ? sigmoid(raw) : raw;
    if (!Number.isFinite(score)) {
      throw probeError(`probe produced a non-finite score (${raw}) for row ${start + i}`, { file: probe.file });
    }
    if (probe.output !== 'logit' && (score < 0 || score > 1)) {
      throw probeError(`output is declared '${probe.output}' but the probe produced ${raw} for row ${start + i}, outside [0, 1]`, {
        file: probe.file,
        help: 'set output: logit if the probe returns raw logits',
      });
    }
    scores[i] = score;
  }
  return scores;
}

export async function releaseProbe(probe: Probe): Promise<void> {
  await probe.session.release();
}

/** onnxruntime's error as our one line: no runner paths, source locations or ANSI (ort-messages.ts). */
export function firstLine(error: unknown): string {
  return ortMessage(error);
}
