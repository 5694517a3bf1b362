// The trajectory's flag on generated fine-tuning runs (scripts/make-trajectories.py: a small
// transformer trained from scratch, then LoRA, QLoRA-style and full fine-tunes on benign and
// concept-shifting data at several learning rates, checkpoints measured with labels). The fixtures
// keep what `trajectory` reported per (run, checkpoint, monitor) cell, the labeled ground truth and
// two label-free baselines, so this test needs neither torch nor the activations. The flag is not
// fitted to these runs: every run is held out.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { auroc, errorRates, geometricRisk, leadTime, median, type TrajectoryCell, type TrajectoryFixture } from './helpers/trajectory-eval.ts';
import { repoRoot } from './helpers/workspace.ts';

const dir = path.join(repoRoot, 'test', 'fixtures', 'trajectories');
const fixtures: [string, TrajectoryFixture][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]);
const flag = (c: TrajectoryCell) => c.score >= 1;
const warning = (c: TrajectoryCell) => c.score_bound >= 1;

describe('trajectory on generated fine-tuning runs', () => {
  test('the runs are what the issue asks for: several kinds and data, at least six runs of at least eight checkpoints per model', () => {
    assert.ok(fixtures.length >= 2, 'at least two independently trained models');
    for (const [name, fx] of fixtures) {
      const runs = new Map<string, Set<string>>();
      for (const c of fx.cells) {
        if (!runs.has(c.run)) runs.set(c.run, new Set());
        runs.get(c.run)!.add(c.checkpoint);
      }
      assert.ok(runs.size >= 6, name);
      for (const [run, checkpoints] of runs) assert.ok(checkpoints.size >= 8, `${name} ${run}`);
      assert.deepEqual(new Set(fx.cells.map((c) => c.kind)), new Set(['full', 'lora', 'qlora']), name);
      assert.ok(new Set(fx.cells.map((c) => c.data)).size >= 3, name);
      const stale = fx.cells.filter((c) => c.stale).length;
      assert.ok(stale > 0 && stale < fx.cells.length, `${name}: both stale and fresh cells`);
      // every run read each tensor once, base and every checkpoint side by side
      for (const t of fx.timings) for (const sides of t.sides) assert.equal(sides, 1 + t.checkpoints, `${name} ${t.run}`);
    }
  });

  for (const [name, fx] of fixtures) {
    test(`${name}: the estimated score separates stale from fresh cells and beats both baselines`, () => {
      const ours = auroc(fx.cells, (c) => c.score);
      const direction = auroc(fx.cells, (c) => c.direction_shift);
      const pca = auroc(fx.cells, (c) => c.pca_drift);
      assert.ok(ours >= 0.95, `AUROC ${ours}`);
      assert.ok(ours > direction && ours > pca, `ours ${ours}, direction ${direction}, PCA ${pca}`);
      // why the flag is per monitor: the geometric detector (drift axis, benign envelope, held out by run) separates less well
      const geometric = geometricRisk(fx.cells);
      const shared = auroc(fx.cells, (c) => geometric.get(c)!);
      assert.ok(ours > shared, `ours ${ours}, geometric ${shared}`);
      const e = errorRates(fx.cells, flag);
      assert.ok(e.fnr <= 0.05 && e.fpr <= 0.15, JSON.stringify(e));
    });

    test(`${name}: the first warning comes no later than the first stale checkpoint in at least 90% of runs`, () => {
      const lead = leadTime(fx.cells, warning);
      assert.ok(lead.runs > 0);
      assert.ok(lead.earlyRuns / lead.runs >= 0.9, JSON.stringify({ ...lead, leads: undefined }));
      assert.ok(median(lead.leads.filter(Number.isFinite)) >= 0);
    });
  }
});
