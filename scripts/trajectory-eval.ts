/**
 * The trajectory's flag and its baselines on the generated runs' fixtures (test/fixtures/trajectories):
 *   node --import tsx scripts/trajectory-eval.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auroc, errorRates, geometricRisk, leadTime, median, type TrajectoryCell, type TrajectoryFixture } from '../test/helpers/trajectory-eval.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'trajectories');
const fixtures: [string, TrajectoryFixture][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]);

const signals: [string, (c: TrajectoryCell) => number][] = [
  ['estimated score (the flag: >= 1)', (c) => c.score],
  ['score bound (the warning: >= 1)', (c) => c.score_bound],
  ['flip rate', (c) => c.flip_rate],
  ['baseline: shift along the probe direction', (c) => c.direction_shift],
  ['baseline: PCA-of-activations drift', (c) => c.pca_drift],
];
const flag = (c: TrajectoryCell) => c.score >= 1;
const warning = (c: TrajectoryCell) => c.score_bound >= 1;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const pooled = { cells: fixtures.flatMap(([name, f]) => f.cells.map((c) => ({ ...c, run: `${name}:${c.run}` }))) } as TrajectoryFixture;
for (const [name, fx] of [...fixtures, ['all', pooled] as [string, TrajectoryFixture]]) {
  const cells = fx.cells;
  const runs = new Set(cells.map((c) => c.run)).size;
  console.log(`\n${name}: ${runs} runs, ${cells.length} cells, ${cells.filter((c) => c.stale).length} stale`);
  for (const [label, signal] of signals) console.log(`  AUROC ${auroc(cells, signal).toFixed(3)}  ${label}`);
  if (name !== 'all') {
    const geometric = geometricRisk(cells);
    const g = errorRates(cells, (c) => geometric.get(c)! >= 1);
    console.log(`  AUROC ${auroc(cells, (c) => geometric.get(c)!).toFixed(3)}  geometric detector (position on the drift axis over the benign envelope, held out by run); at the envelope: false negatives ${pct(g.fnr)}, false positives ${pct(g.fpr)}`);
  }
  for (const [label, rule] of [['flag (score >= 1)', flag], ['warning (score bound >= 1)', warning]] as const) {
    const e = errorRates(cells, rule);
    const lead = leadTime(cells, rule);
    const finite = lead.leads.filter(Number.isFinite);
    console.log(`  ${label}: false negatives ${pct(e.fnr)} of ${e.stale} stale cells, false positives ${pct(e.fpr)} of ${e.fresh} fresh; in time for ${lead.early} of ${lead.pairs} (run, monitor) pairs stale at the end, ${lead.earlyRuns} of ${lead.runs} runs; median lead ${median(finite)} checkpoints`);
  }
  if (fx.timings) {
    const perCheckpoint = fx.timings.map((t) => t.seconds / t.checkpoints);
    console.log(`  drift along one axis: share of the profiles per run ${fx.timings.map((t) => t.axis_share?.toFixed(2)).join(' ')}`);
    console.log(`  time per checkpoint: median ${median(perCheckpoint).toFixed(3)} s, max ${Math.max(...perCheckpoint).toFixed(3)} s; each run read ${[...new Set(fx.timings.map((t) => t.tensors_read))].join('/')} tensors, each once with ${[...new Set(fx.timings.flatMap((t) => t.sides))].join('/')} sides`);
  }
}

// the README's table rows
if (process.argv.includes('--markdown')) {
  console.log('');
  for (const [name, fx] of [...fixtures, ['all', pooled] as [string, TrajectoryFixture]]) {
    const cells = fx.cells;
    const e = errorRates(cells, flag);
    const w = errorRates(cells, warning);
    const lead = leadTime(cells, warning);
    const geometric = name === 'all' ? undefined : geometricRisk(cells);
    const seed = name === 'all' ? 'all' : (fx.source.match(/--seed (\d+)/)?.[1] ?? name);
    console.log(
      `| ${seed} | ${cells.length} (${e.stale}) | ${auroc(cells, (c) => c.score).toFixed(3)} | ${auroc(cells, (c) => c.score_bound).toFixed(3)} | ${geometric ? auroc(cells, (c) => geometric.get(c)!).toFixed(3) : '–'} | ${auroc(cells, (c) => c.direction_shift).toFixed(3)} | ${auroc(cells, (c) => c.pca_drift).toFixed(3)} | ${pct(e.fnr)} / ${pct(e.fpr)} | ${pct(w.fnr)} / ${pct(w.fpr)} | ${lead.early} of ${lead.pairs} / ${lead.earlyRuns} of ${lead.runs} |`,
    );
  }
}
