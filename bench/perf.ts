/**
 * `npm run bench`: the gate against the numpy + scikit-learn script a user would write instead, on
 * the big workload of ../shared/perf (16 linear monitors over 4 layer files, D = 4096, N = 20,000
 * BF16 rows per side, about 1.3 GB; then 64 monitors on the same files).
 *
 *   npm run bench                         # both workloads, 3 alternating runs each
 *   MG_BENCH_RUNS=5 npm run bench         # more runs
 *   MG_PERF_DIR=/path/to/perf npm run bench   # where make_big.py and peer.py are (default ../shared/perf)
 *   MG_PERF_DATA=/tmp/x npm run bench     # where the workloads are generated (default: os.tmpdir())
 *
 * The workloads are generated on first use (make_big.py, Debian's python3-numpy/-onnx/-yaml) into a
 * folder outside the repository and kept. Every file is read once before timing so both sides run
 * on a warm page cache; then ours (node dist/cli.js check) and the peer (peer.py) alternate, and the
 * medians are compared. Peak RSS and the bytes our process read (rchar of /proc/self/io, every
 * read, headers and our own code included) per byte of activation data come from inside the
 * process (bench/process-stats.cjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const perfDir = path.resolve(process.env.MG_PERF_DIR ?? path.join(root, '..', 'shared', 'perf'));
const dataRoot = path.resolve(process.env.MG_PERF_DATA ?? path.join(os.tmpdir(), 'monitor-gate-perf'));
const runs = Number(process.env.MG_BENCH_RUNS ?? '3');
const python = '/usr/bin/python3';

interface Run {
  wall: number;
  maxRssMB?: number;
  rchar?: number;
  code: number | null;
}

function generate(monitorsPerLayer: number): string {
  const dir = path.join(dataRoot, `m${monitorsPerLayer}`);
  if (existsSync(path.join(dir, 'monitors.json'))) return dir;
  mkdirSync(dataRoot, { recursive: true });
  console.log(`generating the workload (${monitorsPerLayer} monitors per layer) into ${dir} ...`);
  const made = spawnSync(python, [path.join(perfDir, 'make_big.py'), '--out', dir, '--monitors-per-layer', String(monitorsPerLayer)], { stdio: 'inherit' });
  if (made.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`make_big.py failed (needs ${python} with numpy, onnx and yaml)`);
  }
  return dir;
}

/** Reads every file of the workload once, so both tools start on a warm page cache. */
async function warm(dir: string): Promise<number> {
  let activationBytes = 0;
  const buffer = Buffer.alloc(8 << 20);
  const walk = async (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) await walk(p);
      else {
        const handle = await open(p, 'r');
        try {
          for (;;) if ((await handle.read(buffer, 0, buffer.length, null)).bytesRead === 0) break;
        } finally {
          await handle.close();
        }
        if (p.includes(`${path.sep}acts${path.sep}`)) activationBytes += statSync(p).size;
      }
    }
  };
  await walk(dir);
  return activationBytes;
}

function runOurs(dir: string): Run {
  const stats = path.join(os.tmpdir(), `monitor-gate-bench-${process.pid}.json`);
  rmSync(stats, { force: true });
  const t = performance.now();
  const child = spawnSync(process.execPath, ['--require', path.join(here, 'process-stats.cjs'), path.join(root, 'dist', 'cli.js'), 'check', '--config', path.join(dir, 'monitor-gate.yml'), '--report', path.join(dir, 'report.json')], {
    encoding: 'utf8',
    env: { ...process.env, MG_PROCESS_STATS: stats },
    maxBuffer: 64 << 20,
  });
  const wall = (performance.now() - t) / 1000;
  if (child.status === 2 || child.status === null) throw new Error(`check failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const s = existsSync(stats) ? JSON.parse(readFileSync(stats, 'utf8')) : {};
  return { wall, code: child.status, maxRssMB: s.maxRssMB, rchar: s.rchar };
}

function runPeer(dir: string): Run {
  const t = performance.now();
  const child = spawnSync(python, [path.join(perfDir, 'peer.py'), dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - t) / 1000;
  if (child.status !== 0) throw new Error(`peer.py failed: ${child.stderr.slice(-2000)}`);
  return { wall, code: child.status };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function bench(monitorsPerLayer: number): Promise<{ monitors: number; ours: number; peer: number; ratio: number; rss: number; readPerByte: number }> {
  const dir = generate(monitorsPerLayer);
  const dataBytes = await warm(dir);
  const monitors = JSON.parse(readFileSync(path.join(dir, 'monitors.json'), 'utf8')).length;
  const ours: Run[] = [];
  const peer: Run[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(runOurs(dir));
    peer.push(runPeer(dir));
  }
  const ratios = ours.map((o, i) => o.wall / peer[i].wall);
  const result = {
    monitors,
    ours: median(ours.map((r) => r.wall)),
    peer: median(peer.map((r) => r.wall)),
    ratio: median(ratios),
    rss: Math.max(...ours.map((r) => r.maxRssMB ?? NaN)),
    readPerByte: median(ours.map((r) => (r.rchar ?? NaN) / dataBytes)),
  };
  console.log(
    `${monitors} monitors: ours ${result.ours.toFixed(2)} s, peer ${result.peer.toFixed(2)} s (medians of ${runs}), ours/peer ${result.ratio.toFixed(3)} ` +
      `(pairs ${ratios.map((r) => r.toFixed(3)).join(', ')}); peak RSS ${Math.round(result.rss)} MB; read ${result.readPerByte.toFixed(3)} bytes per byte of data (${(dataBytes / 1e9).toFixed(2)} GB)`,
  );
  return result;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  if (!existsSync(path.join(perfDir, 'make_big.py'))) throw new Error(`no make_big.py in ${perfDir} (set MG_PERF_DIR)`);
  console.log(`machine: ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const m16 = await bench(4);
  const m64 = await bench(16);
  console.log(`64-monitor run / 16-monitor run: ${(m64.ours / m16.ours).toFixed(2)}x`);
}

await main();
