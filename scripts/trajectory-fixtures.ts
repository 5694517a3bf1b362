/**
 * Runs `trajectory` on generated fine-tuning runs (scripts/make-trajectories.py) and keeps what the
 * tests and the README need per (run, checkpoint, monitor) cell: the label-free features the
 * trajectory reports, the labeled ground truth and the generator's two baselines. Small enough for
 * git; the tests then need neither torch nor the activations.
 *
 *   node --import tsx scripts/trajectory-fixtures.ts /tmp/traj-s1 /tmp/traj-s2 ...
 *   -> test/fixtures/trajectories/<folder name>.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, runTrajectory, type ProgressEvent } from '../src/core/index.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repo, 'test', 'fixtures', 'trajectories');
mkdirSync(outDir, { recursive: true });

interface TruthCell {
  run: string;
  checkpoint: string;
  monitor: string;
  stale: boolean;
  pca_drift: number;
  direction_shift: number;
}

const r6 = (x: number | undefined) => (x === undefined ? null : Math.round(x * 1e6) / 1e6);

for (const dir of process.argv.slice(2)) {
  const runs = JSON.parse(readFileSync(path.join(dir, 'runs.json'), 'utf8'));
  const truth: TruthCell[] = JSON.parse(readFileSync(path.join(dir, 'ground_truth.json'), 'utf8')).cells;
  const config = await loadConfig(path.join(dir, 'monitor-gate.yml'));
  const cells = [];
  const timings = [];
  for (const run of runs.runs) {
    const checkpoints = run.checkpoints.map((c: { name: string }) => ({ name: c.name, dir: path.join(dir, 'runs', run.run, c.name) }));
    const starts: ProgressEvent[] = [];
    const started = performance.now();
    const report = await runTrajectory(config, { checkpoints, progress: (e) => e.kind === 'file-start' && starts.push(e) });
    timings.push({ run: run.run, checkpoints: checkpoints.length, axis_share: report.drift_axis?.share ?? null, seconds: r6((performance.now() - started) / 1000), tensors_read: starts.length, sides: starts.map((e) => (e.kind === 'file-start' ? e.sides : 0)) });
    for (const m of report.monitors) {
      if (m.verdict === 'error') throw new Error(`${dir} ${run.run} ${m.id}: ${m.error}`);
      for (const p of m.points) {
        const t = truth.find((c) => c.run === run.run && c.checkpoint === p.checkpoint && c.monitor === m.id);
        if (!t) throw new Error(`no ground truth for ${run.run} ${p.checkpoint} ${m.id}`);
        const e = p.estimated!;
        cells.push({
          run: run.run,
          kind: run.kind,
          data: run.data,
          lr: run.lr,
          checkpoint: p.checkpoint,
          index: run.checkpoints.findIndex((c: { name: string }) => c.name === p.checkpoint),
          monitor: m.id,
          stale: t.stale,
          score: r6(e.score),
          score_bound: r6(p.score_bound),
          tpr_delta: r6(e.tpr_delta.value),
          fpr_delta: r6(e.fpr_delta.value),
          auroc_delta: r6(e.auroc_delta.value),
          flip_rate: r6(p.flip_rate),
          miss_rate: r6(p.miss_rate),
          false_on_rate: r6(p.false_on_rate),
          pca_drift: r6(t.pca_drift),
          direction_shift: r6(t.direction_shift),
        });
      }
    }
  }
  const name = path.basename(dir);
  const file = path.join(outDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ source: `scripts/make-trajectories.py --seed ${runs.seed}${runs.quick ? ' --quick' : ''}, then scripts/trajectory-fixtures.ts`, rows: runs.rows, monitors: runs.monitors, timings, cells }) + '\n');
  const stale = cells.filter((c) => c.stale).length;
  console.log(`${file}: ${cells.length} cells, ${stale} stale, ${timings.reduce((s, t) => s + t.seconds!, 0).toFixed(1)} s over ${timings.reduce((s, t) => s + t.checkpoints, 0)} checkpoints`);
}
