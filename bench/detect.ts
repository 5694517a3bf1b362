/**
 * `node --import tsx bench/detect.ts`: update-event detection time on a typical model-release PR of
 * 50 changed config files (JSON, YAML, model cards from ../shared/realcases, or built-in ones when the
 * corpus is absent), in memory and from a folder on disk (`detect --dir`). Prints milliseconds.
 *
 *   MG_BENCH_FILES=50    number of changed files (default 50)
 *   MG_BENCH_RUNS=30     timed runs after one warm-up (default 30)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { changedFileFromBytes, changedFilesFromDir } from '../src/core/changes/index.ts';
import { detectUpdateEvent } from '../src/core/detect/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '..', '..', 'shared', 'realcases', 'update-events');
const count = Number(process.env.MG_BENCH_FILES ?? '50');
const runs = Number(process.env.MG_BENCH_RUNS ?? '30');

function corpusFiles(): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'manifest.json' && p !== path.join(corpus, 'README.md')) out.push([path.relative(corpus, p), readFileSync(p)]);
    }
  };
  if (existsSync(corpus)) walk(corpus);
  return out;
}

function builtinFiles(): Array<[string, Uint8Array]> {
  const enc = (s: string) => new TextEncoder().encode(s);
  return [
    ['adapter_config.json', enc(JSON.stringify({ peft_type: 'LORA', r: 8, lora_alpha: 16, target_modules: ['q_proj', 'v_proj'] }, null, 2))],
    ['axolotl.yml', enc('base_model: acme/base\nload_in_4bit: true\nadapter: qlora\nlora_r: 8\ndatasets:\n  - path: x\n')],
    ['tokenizer_config.json', enc(JSON.stringify({ tokenizer_class: 'LlamaTokenizer', model_max_length: 4096 }, null, 2))],
    ['generation_config.json', enc(JSON.stringify({ do_sample: true, temperature: 0.7 }, null, 2))],
    ['README.md', enc('---\nbase_model: acme/base\nlibrary_name: peft\n---\n# acme\n\nQLoRA adapter.\n')],
  ];
}

const source = corpusFiles();
const pool = source.length > 0 ? source : builtinFiles();
const chosen: Array<[string, Uint8Array]> = [];
for (let i = 0; chosen.length < count; i++) {
  const [p, bytes] = pool[(i * 7) % pool.length];
  chosen.push([`pr/${i}/${p}`, bytes]);
}
const totalBytes = chosen.reduce((n, [, b]) => n + b.length, 0);

/** The target: a 50-file PR is detected in under 0.1 s in memory (median of the timed runs). */
const TARGET_MS = 100;

async function time(label: string, make: () => Promise<Parameters<typeof detectUpdateEvent>[0]>): Promise<number> {
  const t0 = performance.now();
  const first = await detectUpdateEvent(await make());
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    await detectUpdateEvent(await make());
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))];
  console.log(`${label.padEnd(28)} first ${cold.toFixed(1)} ms, median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms  (family ${first.family}, ${first.evidence.length} evidence lines)`);
  return median;
}

console.log(`detect: ${chosen.length} changed config files, ${(totalBytes / 1024).toFixed(0)} KiB (${source.length > 0 ? 'realcases corpus' : 'built-in files'}), ${runs} runs, node ${process.version}`);
const inMemory = await time('in memory', async () => chosen.map(([p, b]) => changedFileFromBytes(p, b)));
console.log(`target: median under ${TARGET_MS} ms in memory for ${count} files: ${inMemory < TARGET_MS ? 'met' : 'NOT met'} (${inMemory.toFixed(1)} ms)`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'monitor-gate-bench-detect-'));
try {
  for (const [p, b] of chosen) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), b);
  }
  await time('from a folder (--dir)', () => changedFilesFromDir(dir));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
