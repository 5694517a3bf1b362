/**
 * Fit time of the label-free repair at real widths:
 *
 *   node --import tsx bench/repair.ts              # D = 4096, N = 8192 calibration rows per side
 *   MG_BENCH_D=2048 MG_BENCH_N=2048 node --import tsx bench/repair.ts
 *   MG_BENCH_AUTO=1 ...                            # also time a whole 'auto' repair of a linear probe and of an MLP probe
 *   MG_BENCH_METHODS=coral,procrustes ...          # the fixed methods to time (default: every method)
 *
 * Writes paired F16 calibration batches (base and updated) under bench/.data/repair-d<D>-n<N>/ once,
 * then times, in this process, whole repairs on the real streaming path (repairMonitor: statistics
 * streamed from disk, fit, composition): each fixed method, and with MG_BENCH_AUTO the 'auto' choice.
 *
 * The synthetic activations have an LLM-like spectrum: a power-law bulk (lambda_i ~ 1/i) plus a few
 * large outlier directions, mixed by random reflections, so the shrunk covariance is as ill-conditioned
 * as real hidden states (the bench prints the condition-number bound the iterations were designed for).
 * The update rescales dimensions, rotates pairs of dimensions by small angles and shifts the mean.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { f32ToF16 } from '../src/core/formats/float16.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { buildLinearProbe, buildMlpProbe } from '../src/core/onnx/build-probe.ts';
import { mulberry32 } from '../src/core/random.ts';
import { AUTO_CANDIDATES, repairMonitor } from '../src/core/repair/index.ts';
import { REPAIR_METHODS, type MonitorSpec, type RepairMethod } from '../src/core/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const D = Number(process.env.MG_BENCH_D ?? '4096');
const N = Number(process.env.MG_BENCH_N ?? '8192');
const dataDir = path.join(here, '.data', `repair-d${D}-n${N}`);

function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(1e-12, random());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** x <- x (I - 2 v v^T) for every row (v unit). */
function reflectRows(x: Float32Array, v: Float64Array): void {
  for (let r = 0; r < N; r++) {
    const o = r * D;
    let dot = 0;
    for (let d = 0; d < D; d++) dot += x[o + d] * v[d];
    const k = 2 * dot;
    for (let d = 0; d < D; d++) x[o + d] -= k * v[d];
  }
}

function unit(random: () => number): Float64Array {
  const g = gaussian(random);
  const v = new Float64Array(D).map(() => g());
  const n = Math.sqrt(v.reduce((s, a) => s + a * a, 0));
  return v.map((a) => a / n);
}

async function prepare(): Promise<void> {
  if (existsSync(path.join(dataDir, 'probe.onnx'))) return;
  console.log(`writing ${N} x ${D} F16 calibration rows per side to ${path.relative(process.cwd(), dataDir)}`);
  mkdirSync(path.join(dataDir, 'base'), { recursive: true });
  mkdirSync(path.join(dataDir, 'updated'), { recursive: true });
  const random = mulberry32(4096);
  const g = gaussian(random);
  // spectrum: power-law bulk plus 4 outlier directions carrying a large share of the variance
  const sdev = new Float64Array(D);
  for (let i = 0; i < D; i++) sdev[i] = Math.sqrt(1 / (i + 1));
  for (let i = 0; i < 4; i++) sdev[i] *= 6 - i;
  const base = new Float32Array(N * D);
  for (let r = 0; r < N; r++) for (let d = 0; d < D; d++) base[r * D + d] = g() * sdev[d];
  for (let k = 0; k < 6; k++) reflectRows(base, unit(random));
  const mean = new Float64Array(D).map(() => g() * 0.5);
  for (let r = 0; r < N; r++) for (let d = 0; d < D; d++) base[r * D + d] += mean[d];
  // the update: per-dimension rescale, small rotations of random dimension pairs, a mean shift
  const updated = Float32Array.from(base);
  const scale = new Float64Array(D).map(() => 1 + 0.15 * g());
  const shift = new Float64Array(D).map(() => 0.1 * g());
  for (let r = 0; r < N; r++) for (let d = 0; d < D; d++) updated[r * D + d] = updated[r * D + d] * scale[d] + shift[d];
  for (let k = 0; k < D; k++) {
    const i = Math.floor(random() * D);
    const j = Math.floor(random() * D);
    if (i === j) continue;
    const angle = 0.3 * g();
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    for (let r = 0; r < N; r++) {
      const a = updated[r * D + i];
      const b = updated[r * D + j];
      updated[r * D + i] = c * a - s * b;
      updated[r * D + j] = s * a + c * b;
    }
  }
  for (const [side, rows] of [['base', base], ['updated', updated]] as const) {
    await writeSafetensors(path.join(dataDir, side, 'acts.safetensors'), {
      calibration: { dtype: 'F16', shape: [N, D], data: f32ToF16(rows) },
      eval: { dtype: 'F16', shape: [N, D], data: f32ToF16(rows) },
    });
  }
  const w = new Float64Array(D).map(() => g() / Math.sqrt(D));
  writeFileSync(path.join(dataDir, 'probe.onnx'), buildLinearProbe({ weights: w, bias: 0, output: 'logit' }));
}

const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(2);

function monitorFor(probe: string): MonitorSpec {
  return {
    id: 'bench',
    category: 'other',
    layer: 0,
    probe,
    output: 'logit',
    threshold: 0.5,
    batch: { file: 'acts.safetensors', tensor: 'eval' },
    labels: { kind: 'batch-tensor', tensor: 'labels' },
    calibration: { file: 'acts.safetensors', tensor: 'calibration' },
    pooling: 'mean',
    mask: 'mask',
    blocking: true,
    tolerance: { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 },
    line: 1,
    column: 1,
  };
}

async function main(): Promise<void> {
  await prepare();
  const mlpFile = path.join(dataDir, 'probe-mlp.onnx');
  if (!existsSync(mlpFile)) {
    const g = gaussian(mulberry32(64));
    const H = 64;
    writeFileSync(mlpFile, buildMlpProbe({ w1: Float32Array.from({ length: D * H }, () => g() / Math.sqrt(D)), b1: new Float32Array(H), w2: Float32Array.from({ length: H }, () => g() / Math.sqrt(H)), b2: 0, output: 'logit' }));
  }
  console.log(`machine: ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`D = ${D}, N = ${N} calibration rows per side (F16 on disk), onnxruntime CPU with its default threads`);
  const dirs = { baseDir: path.join(dataDir, 'base'), updatedDir: path.join(dataDir, 'updated') };
  const methods = (process.env.MG_BENCH_METHODS?.split(',') ?? REPAIR_METHODS) as RepairMethod[];
  let last = performance.now();
  const logger = process.env.MG_BENCH_TRACE
    ? {
        info() {},
        warning() {},
        error() {},
        debug(l: string) {
          const now = performance.now();
          console.log(`    +${((now - last) / 1000).toFixed(2)} s  ${l}`);
          last = now;
        },
      }
    : undefined;
  for (const method of methods) {
    const t = performance.now();
    last = t;
    const result = await repairMonitor({ monitor: monitorFor(path.join(dataDir, 'probe.onnx')), ...dirs, method, logger });
    const detail = result.ridge ? `, alpha ${result.ridge.alpha}, rank ${result.ridge.rank}` : '';
    console.log(`${method}: ${seconds(t)} s (statistics streamed from disk + fit + composition; linear probe${detail})${result.method !== method ? ` fell back to ${result.method}` : ''}`);
    for (const w of result.warnings) console.log(`  warning: ${w}`);
  }
  if (process.env.MG_BENCH_AUTO) {
    for (const [kind, file] of [['linear', path.join(dataDir, 'probe.onnx')], ['MLP (64 hidden)', mlpFile]] as const) {
      const t = performance.now();
      last = t;
      const result = await repairMonitor({ monitor: monitorFor(file), ...dirs, logger });
      console.log(`auto repair of a ${kind} probe (${AUTO_CANDIDATES.join(', ')} on half the rows, held-out scoring, refit on all rows): ${seconds(t)} s, chose ${result.method}`);
      for (const c of result.candidates) console.log(`  ${c.method}${c.fellBackTo ? ` -> ${c.fellBackTo}` : ''}: held-out score ${c.heldOutScore.toFixed(4)}, flip rate ${c.flipRate.toFixed(4)}`);
    }
  }
}

await main();
