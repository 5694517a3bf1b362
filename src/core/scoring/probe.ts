import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { DEFAULT_SCORING_TIME_LIMIT_S } from '../config/load-config.ts';
import { GateError, probeError, usageError } from '../errors.ts';
import { buildLinearProbe } from '../onnx/build-probe.ts';
import { readRegularFile } from '../paths.ts';
import { QUIET_SESSION_OPTIONS, ortMessage } from './ort-messages.ts';
import type { ActivationBatch, ActivationChunk, Logger, ProbeOutput } from '../types.ts';

export type ExecutionProvider = 'auto' | 'cpu' | 'cuda';

/**
 * One probe's own session runs small work (the first-chunk check of a stack, direction finding,
 * probes that do not stack) on one thread: a session with its own thread pool costs about 50 ms to
 * create and 25 ms to release, which a gate with dozens of probes pays dozens of times. Threads
 * split rows only, so scores are the same bits either way.
 */
export const PROBE_SESSION_THREADS = { intraOpNumThreads: 1, interOpNumThreads: 1 } as const;

/**
 * Per-probe sessions without onnxruntime's CPU arena: the arena keeps the largest chunk's buffers
 * for the session's life and grows in doubling steps, so memory follows the chunk, not the arena.
 */
export const PROBE_SESSION_OPTIONS = { ...PROBE_SESSION_THREADS, enableCpuMemArena: false } as const satisfies ort.InferenceSession.SessionOptions;

/** A probe's scoring time so far against its limit (see timedRun). */
export interface ScoringClock {
  limitMs: number;
  spentMs: number;
  /** Milliseconds per row of the latest run. */
  msPerRow?: number;
  /** Set when a run passed (or would pass) the limit; every later run of this probe fails at once. */
  overrun?: GateError;
}

/** A loaded probe: one onnxruntime session, reused for every chunk of base and updated rows. */
export interface Probe {
  file: string;
  clock: ScoringClock;
  /** 'raw': the graph's output as it is (the trajectory's trait directions: projections, not probabilities). */
  output: ProbeOutput | 'raw';
  inputName: string;
  outputName: string;
  /** D the graph declares, or undefined when the width is symbolic. */
  width?: number;
  provider: 'cpu' | 'cuda';
  session: ort.InferenceSession;
}

/** Where onnxruntime looks for its CUDA provider library: beside its own library, in the binding's folder. */
export interface CudaProviderLibrary {
  /** The binding's folder, undefined when onnxruntime-node cannot be resolved. */
  dir?: string;
  /** The provider library's file name on this platform. */
  file: string;
  installed: boolean;
  /** onnxruntime publishes a CUDA provider for this platform (Linux x64, Windows x64). */
  supported: boolean;
  /** The onnxruntime version the library must match. */
  version: string;
}

let cudaLibrary: CudaProviderLibrary | undefined;

/**
 * onnxruntime-node only ships the CPU library inside the npm package; the CUDA provider library
 * is an optional extra install. Asking for 'cuda' without it fails session creation, so look first.
 */
export function cudaProviderLibrary(): CudaProviderLibrary {
  if (cudaLibrary) return cudaLibrary;
  const file = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  const supported = process.arch === 'x64' && (process.platform === 'linux' || process.platform === 'win32');
  const version = ort.env.versions.common;
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
    const dir = path.join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
    cudaLibrary = { dir, file, installed: existsSync(path.join(dir, file)), supported, version };
  } catch {
    cudaLibrary = { file, installed: false, supported, version };
  }
  return cudaLibrary;
}

/** Looks again after the provider files were put in place (the Action's fetch, a provided folder). */
export function forgetCudaProvider(): void {
  cudaLibrary = undefined;
  cudaLoads = undefined;
}

export function cudaProviderInstalled(): boolean {
  return cudaProviderLibrary().installed;
}

let cudaLoads: Promise<string | undefined> | undefined;

/**
 * Whether onnxruntime can create a session on its CUDA provider here: undefined when it can, else
 * onnxruntime's reason as one line. Tried once per process with a one-weight probe, so a library that
 * is present but cannot load (no driver, no CUDA or cuDNN runtime) costs one attempt, not one per probe.
 */
export function cudaLoadProblem(): Promise<string | undefined> {
  cudaLoads ??= (async () => {
    if (!cudaProviderInstalled()) return 'the CUDA provider library is not installed';
    try {
      const model = buildLinearProbe({ weights: [1], bias: 0, output: 'logit' });
      const session = await ort.InferenceSession.create(model, { executionProviders: ['cuda'], ...QUIET_SESSION_OPTIONS });
      await session.release();
      return undefined;
    } catch (error) {
      return ortMessage(error);
    }
  })();
  return cudaLoads;
}

/** A GPU the NVIDIA driver sees (its device nodes), without starting nvidia-smi. */
export function nvidiaGpuVisible(): boolean {
  return process.platform === 'linux' && (existsSync('/dev/nvidia0') || existsSync('/proc/driver/nvidia/gpus'));
}

/** How to provide the CUDA provider library, for this platform. */
export function cudaInstallHelp(library: CudaProviderLibrary = cudaProviderLibrary()): string {
  if (!library.supported) return `onnxruntime publishes no CUDA provider for ${process.platform} ${process.arch}; use CPU`;
  const nuget = process.platform === 'win32' ? 'Microsoft.ML.OnnxRuntime.Gpu.Windows' : 'Microsoft.ML.OnnxRuntime.Gpu.Linux';
  const rid = process.platform === 'win32' ? 'win-x64' : 'linux-x64';
  const shared = process.platform === 'win32' ? 'onnxruntime_providers_shared.dll' : 'libonnxruntime_providers_shared.so';
  return (
    `to provide it, install onnxruntime-node with --onnxruntime-node-install=cuda12, or copy ${library.file} and ${shared} ` +
    `from the ${nuget} ${library.version} NuGet package (runtimes/${rid}/native/) into ${library.dir ?? "onnxruntime-node's bin/napi-v6 folder"}; ` +
    'CUDA 12 and cuDNN 9 must be installed'
  );
}

/** The provider a run uses, and the one line to tell the user when it is not what was asked for. */
export interface ResolvedProvider {
  provider: 'cpu' | 'cuda';
  /** Set when `auto` falls back to CPU: one notice for the run. */
  notice?: string;
  /** `auto` fell back although the driver sees a GPU: the notice is worth an annotation. */
  gpuVisible?: boolean;
}

/**
 * Settles the execution provider once, before any probe loads: `cuda` that cannot load is a usage
 * error (one line saying how to provide the library), `auto` that cannot falls back to CPU with one
 * notice. `what` names the setting as the user wrote it ("--provider cuda").
 */
export async function resolveExecutionProvider(requested: ExecutionProvider, options: { what?: string; help?: string } = {}): Promise<ResolvedProvider> {
  if (requested === 'cpu') return { provider: 'cpu' };
  const what = options.what ?? `execution provider ${requested}`;
  const library = cudaProviderLibrary();
  const problem = await cudaLoadProblem();
  if (problem === undefined) return { provider: 'cuda' };
  const why = library.installed
    ? `onnxruntime's CUDA provider library in ${library.dir} could not be loaded: ${problem}`
    : `onnxruntime's CUDA provider library (${library.file}) is not installed`;
  const help = options.help ?? cudaInstallHelp(library);
  if (requested === 'cuda') throw usageError(`${what}: ${why}`, { help: `${help}; or use auto to fall back to CPU` });
  const gpuVisible = nvidiaGpuVisible();
  const notice = `${what}: ${why}; scoring on CPU${gpuVisible ? ` although the NVIDIA driver sees a GPU (${help})` : ''}`;
  return { provider: 'cpu', notice, gpuVisible };
}

function describeShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : d || '?')).join(', ')}]`;
}

/**
 * Probes over this size are refused before reading. A probe is one or a few layers on D <= 16k;
 * 512 MiB holds a 16k x 8k float32 MLP layer, or the largest repaired probe (a D x D map in front).
 * Session creation holds about three copies of the file at its peak.
 */
export const MAX_PROBE_BYTES = 512 * 1024 * 1024;

/** A probe file's bytes: inside `root` with links resolved, a regular file, at most MAX_PROBE_BYTES. */
export async function readProbeFile(file: string, root?: string): Promise<Uint8Array> {
  return readRegularFile(file, { what: 'probe file', kind: 'probe', root, maxBytes: MAX_PROBE_BYTES, display: file });
}

/** Loads a probe from `bytes` (read with readProbeFile) or, for files the gate wrote itself, from `file`. */
export async function loadProbe(
  file: string,
  output: ProbeOutput,
  options: { provider?: ExecutionProvider; logger?: Logger; bytes?: Uint8Array; timeLimitS?: number } = {},
): Promise<Probe> {
  if (!options.bytes && !existsSync(file)) throw probeError('probe file not found', { file });
  const source = options.bytes ?? file;
  const create = (providers: string[]) =>
    typeof source === 'string'
      ? ort.InferenceSession.create(source, { executionProviders: providers, ...PROBE_SESSION_OPTIONS })
      : ort.InferenceSession.create(source, { executionProviders: providers, ...PROBE_SESSION_OPTIONS });
  const wantCuda = options.provider === 'cuda' || (options.provider === 'auto' && (await cudaLoadProblem()) === undefined);
  let session: ort.InferenceSession;
  let provider: 'cpu' | 'cuda' = 'cpu';
  try {
    if (wantCuda) {
      try {
        session = await create(['cuda', 'cpu']);
        provider = 'cuda';
      } catch (error) {
        options.logger?.warning(`${file}: CUDA execution provider unavailable, using CPU (${firstLine(error)})`);
        session = await create(['cpu']);
      }
    } else {
      session = await create(['cpu']);
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
    clock: { limitMs: (options.timeLimitS ?? DEFAULT_SCORING_TIME_LIMIT_S) * 1000, spentMs: 0 },
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
  let result: ort.InferenceSession.ReturnType;
  try {
    result = await timedRun(probe, probe.session, probe.inputName, chunk.data, chunk.rows, batch.width, [probe.outputName], `rows ${chunk.start}-${chunk.start + chunk.rows - 1}`);
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw probeError(`inference failed on rows ${chunk.start}-${chunk.start + chunk.rows - 1}: ${firstLine(error)}`, { file: probe.file });
  }
  const out = result[probe.outputName];
  const scores = scoresFromOutput(probe, out, chunk.start, chunk.rows);
  out.dispose?.();
  return scores;
}

/**
 * How far outside [0, 1] a probability may round: onnxruntime's float32 Sigmoid returns 1.0000001
 * (one ulp above 1) for some inputs near 17.8, and a Softmax can do the same. Such values are
 * clamped; anything further out is a probe that does not return probabilities.
 */
const PROBABILITY_SLACK = 4 * 2 ** -23;

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
    const probability = probe.output === 'probability' || probe.output === 'two-class';
    // an infinite logit would pass as probability 0 or 1: every row tied, judged on nothing
    if (!Number.isFinite(raw) || !Number.isFinite(score)) {
      throw probeError(`probe produced a non-finite score (${raw}) for row ${start + i}`, { file: probe.file });
    }
    if (probability && (score < -PROBABILITY_SLACK || score > 1 + PROBABILITY_SLACK)) {
      throw probeError(`output is declared '${probe.output}' but the probe produced ${raw} for row ${start + i}, outside [0, 1]`, {
        file: probe.file,
        help: 'set output: logit if the probe returns raw logits',
      });
    }
    scores[i] = probability ? Math.min(1, Math.max(0, score)) : score;
  }
  return scores;
}

/**
 * Runs `session` (the probe's own, or one derived from its graph) on rows [0, rows) of `input`,
 * charged to the probe's clock. onnxruntime-node runs synchronously on this thread, so a run cannot
 * be interrupted: instead the clock learns the probe's cost per row from two small runs and refuses,
 * before starting, any run it predicts would pass the limit, and a run that did pass it ends the
 * monitor's scoring. The most a monitor overruns its limit is one row's run plus the misprediction.
 */
export async function timedRun(
  probe: Pick<Probe, 'file' | 'clock'>,
  session: ort.InferenceSession,
  inputName: string,
  input: Float32Array,
  rows: number,
  width: number,
  fetches: readonly string[],
  what: string,
): Promise<Record<string, ort.Tensor>> {
  const clock = probe.clock;
  if (clock.overrun) throw clock.overrun;
  const overrun = (message: string) => {
    clock.overrun = probeError(message, { file: probe.file, help: 'raise defaults.scoring_time_limit (seconds) in the config if the probe is meant to be this slow' });
    return clock.overrun;
  };
  const limit = `its limit of ${clock.limitMs / 1000} s`;
  const runRows = async (from: number, count: number) => {
    const started = performance.now();
    const out = await session.run({ [inputName]: new ort.Tensor('float32', input.subarray(from * width, (from + count) * width), [count, width]) }, fetches);
    const ms = performance.now() - started;
    clock.spentMs += ms;
    clock.msPerRow = ms / count;
    if (clock.spentMs > clock.limitMs) throw overrun(`scoring ran past ${limit} (on ${what}); the probe's graph is too slow for this batch`);
    return out;
  };
  const fits = (count: number) => {
    const predicted = clock.spentMs + count * clock.msPerRow!;
    if (predicted > clock.limitMs) {
      throw overrun(`scoring would run past ${limit}: ${count} more rows at ${clock.msPerRow!.toPrecision(3)} ms per row (on ${what}); the probe's graph is too slow for this batch`);
    }
  };
  // Learn the cost per row before committing to a whole chunk: one row (bounded by the graph), then
  // LEARNING_ROWS (so the per-run overhead is spread), each only when predicted to fit. Their
  // outputs are not used, so every row is scored in the same batch shape as always.
  if (clock.msPerRow === undefined && rows > LEARNING_ROWS) {
    await runRows(0, 1);
    fits(LEARNING_ROWS);
    await runRows(0, LEARNING_ROWS);
  }
  if (clock.msPerRow !== undefined) fits(rows);
  return runRows(0, rows);
}

/** Rows of the second learning run (see timedRun). */
const LEARNING_ROWS = 16;

export async function releaseProbe(probe: Probe): Promise<void> {
  await probe.session.release();
}

/** onnxruntime's error as our one line: no runner paths, source locations or ANSI (ort-messages.ts). */
export function firstLine(error: unknown): string {
  return ortMessage(error);
}
