/**
 * Fit time of the label-free repair at real widths:
 *
 *   node --import tsx bench/repair.ts              # D = 4096, N = 4096 calibration rows per side
 *   MG_BENCH_D=2048 MG_BENCH_N=2048 node --import tsx bench/repair.ts
 *   MG_BENCH_AUTO=1 ...                            # also time a whole 'auto' repair of a linear probe
 *
 * Writes paired F16 calibration batches (base and updated) under bench/.data/repair-d<D>-n<N>/ once,
 * then times, in this process, on the real streaming path (openActivationBatch -> pairedStats ->
 * fit): the covariance / cross-covariance pass, the CORAL fit and the Procrustes fit.
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
import { openActivationBatch } from '../src/core/activations.ts';
import { f32ToF16 } from '../src/core/formats/float16.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { buildLinearProbe } from '../src/core/onnx/build-probe.ts';
import { mulberry32 } from '../src/core/random.ts';
import { fitCoral, fitProcrustes, pairedStats, repairMonitor, type FitContext } from '../src/core/repair/index.ts';
import { MatrixEngine } from '../src/core/repair/linalg.ts';
import type { MonitorSpec } from '../src/core/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const D = Number(process.env.MG_BENCH_D ?? '4096');
const N = Number(process.env.MG_BENCH_N ?? '4096');
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

async function main(): Promise<void> {
  await prepare();
  console.log(`machine: ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`D = ${D}, N = ${N} calibration rows per side (F16 on disk), onnxruntime CPU with its default threads`);
  const ref = { file: 'acts.safetensors', tensor: 'calibration' };
  const base = await openActivationBatch(path.join(dataDir, 'base'), ref, 'mean');
  const updated = await openActivationBatch(path.join(dataDir, 'updated'), ref, 'mean');
  const engine = new MatrixEngine(D);
  let last = performance.now();
  const trace = process.env.MG_BENCH_TRACE
    ? (l: string) => {
        const now = performance.now();
        console.log(`    +${((now - last) / 1000).toFixed(2)} s  ${l}`);
        last = now;
      }
    : undefined;
  try {
    for (const method of ['coral', 'procrustes'] as const) {
      const start = performance.now();
      const t0 = performance.now();
      const stats = await pairedStats(base, updated, { covariance: method === 'coral', cross: method === 'procrustes', engine });
      const statsTime = seconds(t0);
      const ctx: FitContext = { engine, warnings: [], trace, reports: [] };
      const t1 = performance.now();
      last = t1;
      const map = method === 'coral' ? await fitCoral(stats, ctx) : await fitProcrustes(stats, ctx);
      const fitTime = seconds(t1);
      console.log(`${method}: ${seconds(start)} s in all = ${statsTime} s statistics (stream + Gram products) + ${fitTime} s fit; map ${map.A ? 'D x D' : 'diagonal'}`);
      for (const { step, report } of ctx.reports!) {
        console.log(`  ${step}: ${(report as { deflated?: number }).deflated ?? 0} directions deflated, ${report.steps} steps, ${report.products} products, condition bound ${report.conditionBound.toExponential(2)}, probe residual ${report.residual.toExponential(2)}`);
      }
      for (const w of ctx.warnings) console.log(`  warning: ${w}`);
    }
  } finally {
    await engine.release();
  }
  if (process.env.MG_BENCH_AUTO) {
    const monitor: MonitorSpec = {
      id: 'bench',
      category: 'other',
      layer: 0,
      probe: path.join(dataDir, 'probe.onnx'),
      output: 'logit',
      threshold: 0.5,
      batch: { file: 'acts.safetensors', tensor: 'eval' },
      labels: { kind: 'batch-tensor', tensor: 'labels' },
      calibration: ref,
      pooling: 'mean',
      mask: 'mask',
      blocking: true,
      tolerance: { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 },
      line: 1,
      column: 1,
    };
    const t = performance.now();
    const result = await repairMonitor({ monitor, baseDir: path.join(dataDir, 'base'), updatedDir: path.join(dataDir, 'updated') });
    console.log(`auto repair (every method on half the rows, held-out scoring, refit on all rows): ${seconds(t)} s, chose ${result.method}`);
    for (const c of result.candidates) console.log(`  ${c.method}${c.fellBackTo ? ` -> ${c.fellBackTo}` : ''}: held-out flip rate ${c.flipRate.toFixed(4)}`);
  }
}

await main();
