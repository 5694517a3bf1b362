/**
 * `npm run bench -- --streaming`: end-to-end gate throughput and peak memory on a large activation batch set.
 *
 *   MG_BENCH_GB=4 npm run bench -- --streaming   # total size of base + updated batches (default 1)
 *   MG_BENCH_D=4096                  # width (default 4096), float16 on disk
 *
 * Writes a base and an updated F16 batch (each MG_BENCH_GB/2), a linear ONNX probe and labels under
 * bench/.data/, then runs the real gate in a child process and reports wall time and peak RSS.
 * Streaming is the claim under test: peak RSS must not grow with the batch size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../src/core/formats/npy.ts';
import { f32ToF16 } from '../src/core/formats/float16.ts';
import { buildLinearProbe } from '../src/core/onnx/build-probe.ts';
import { mulberry32 } from '../src/core/random.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const totalGB = Number(process.env.MG_BENCH_GB ?? '1');
const D = Number(process.env.MG_BENCH_D ?? '4096');
const rows = Math.floor((totalGB * 2 ** 30) / 2 / (D * 2));
const dataDir = path.join(here, '.data', `${totalGB}gb-d${D}`);

/** One [rows, D] F16 tensor named 'activations', streamed to disk chunk by chunk. */
async function writeBatch(file: string, labels: Uint8Array, direction: Float32Array, shift: number, seed: number) {
  const bytes = rows * D * 2;
  let header = Buffer.from(JSON.stringify({ activations: { dtype: 'F16', shape: [rows, D], data_offsets: [0, bytes] } }));
  header = Buffer.concat([header, Buffer.alloc((8 - (header.length % 8)) % 8, 0x20)]);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(header.length));
  const handle = await open(file, 'w');
  const random = mulberry32(seed);
  try {
    await handle.write(prefix);
    await handle.write(header);
    const chunkRows = 2048;
    const values = new Float32Array(chunkRows * D);
    for (let start = 0; start < rows; start += chunkRows) {
      const n = Math.min(chunkRows, rows - start);
      for (let r = 0; r < n; r++) {
        const signal = labels[start + r] ? 1 + shift : -1;
        for (let d = 0; d < D; d++) values[r * D + d] = (random() - 0.5) * 2 + signal * direction[d];
      }
      const half = f32ToF16(values.subarray(0, n * D));
      await handle.write(new Uint8Array(half.buffer, 0, n * D * 2));
    }
  } finally {
    await handle.close();
  }
}

async function prepare(): Promise<string> {
  const config = path.join(dataDir, 'monitor-gate.yml');
  if (existsSync(config)) return config;
  mkdirSync(path.join(dataDir, 'base'), { recursive: true });
  mkdirSync(path.join(dataDir, 'updated'), { recursive: true });
  const random = mulberry32(7);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) labels[i] = random() < 0.5 ? 1 : 0;
  const direction = new Float32Array(D);
  for (let d = 0; d < D; d++) direction[d] = (random() - 0.5) * 0.02;
  console.log(`writing ${rows} x ${D} F16 rows per side (${totalGB} GB in all) to ${dataDir}`);
  await writeBatch(path.join(dataDir, 'base', 'batch.safetensors'), labels, direction, 0, 11);
  await writeBatch(path.join(dataDir, 'updated', 'batch.safetensors'), labels, direction, -0.3, 12);
  await writeNpy(path.join(dataDir, 'labels.npy'), { dtype: 'U8', shape: [rows], data: labels });
  writeFileSync(path.join(dataDir, 'probe.onnx'), buildLinearProbe({ weights: direction, bias: 0, output: 'logit' }));
  writeFileSync(
    config,
    [
      'version: 1',
      'activations: { base: base, updated: updated }',
      'monitors:',
      '  - { id: bench, category: other, layer: 0, probe: probe.onnx, output: logit, threshold: 0.5, batch: batch.safetensors, labels: labels.npy }',
      '',
    ].join('\n'),
  );
  return config;
}

const config = await prepare();
const batchBytes = statSync(path.join(dataDir, 'base', 'batch.safetensors')).size * 2;
// A fresh child process, so the peak RSS belongs to the gate alone, not to data generation.
const child = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    `import('${path.join(here, '..', 'src', 'cli', 'main.ts')}').then(async ({ runCli }) => {
       const t0 = performance.now();
       const code = await runCli(['check', '--config', ${JSON.stringify(config)}], { stdout() {}, stderr: (t) => process.stderr.write(t) });
       const seconds = (performance.now() - t0) / 1000;
       console.log(JSON.stringify({ code, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
     })`,
  ],
  { encoding: 'utf8', cwd: path.join(here, '..') },
);
if (child.status !== 0) {
  console.error(child.stderr);
  process.exit(1);
}
const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
const gb = batchBytes / 2 ** 30;
console.log(`| batch set | rows x D | gate wall time | throughput | peak RSS |`);
console.log(`|---|---|---|---|---|`);
console.log(
  `| ${gb.toFixed(2)} GiB F16 (base + updated) | ${rows} x ${D} | ${result.seconds.toFixed(1)} s | ${(gb / result.seconds).toFixed(2)} GiB/s | ${Math.round(result.maxRssMB)} MB |`,
);
