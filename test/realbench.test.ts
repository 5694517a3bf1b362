// The real benchmark pack: a small transformer with real update variants and ground truth for
// AUROC may differ from the pack in the 4th decimal: the pack scored in torch, we score with onnxruntime, and near-tied float32 scores can order differently.
// every (monitor, variant) cell. `check` must reproduce the pack's stale flags cell by cell.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, reportSchemaProblems, runGate, type GateReport } from '../src/core/index.ts';
import { hasRealbench, realbenchDir, repoRoot, tempDir } from './helpers/workspace.ts';

interface GroundTruthCell {
  monitor_id: string;
  variant: string;
  stale: boolean;
  base_auroc: number;
  updated_auroc: number;
  tpr_base: number;
  fpr_base: number;
  tpr_updated: number;
  fpr_updated: number;
}

const skip = hasRealbench ? false : `../shared/realbench not found beside the repository`;
// The example config reads the pack beside the repository, so its paths' root is the folder above both.
const root = path.resolve(repoRoot, '..');

describe('realbench: ground-truth staleness for every monitor cell', { skip }, () => {
  const manifest = hasRealbench ? JSON.parse(readFileSync(path.join(realbenchDir, 'manifest.json'), 'utf8')) : { variants: [] };
  const truth: GroundTruthCell[] = hasRealbench ? JSON.parse(readFileSync(path.join(realbenchDir, 'ground_truth.json'), 'utf8')).cells : [];
  const variants: string[] = manifest.variants.map((v: { id: string }) => v.id).filter((id: string) => id !== 'base');
  const configPath = path.join(repoRoot, 'examples', 'realbench', 'monitor-gate.yml');

  test('the pack has variants and cells to check', () => {
    assert.ok(variants.length >= 8, `variants: ${variants.join(', ')}`);
    assert.equal(truth.length, variants.length * manifest.monitors.length);
  });

  const reports = new Map<string, GateReport>();
  for (const variant of variants) {
    test(`variant ${variant}: every monitor's verdict matches the ground truth`, async () => {
      const config = await loadConfig(configPath, { root });
      assert.equal(config.invalidMonitors.length, 0);
      const report = await runGate(config, { updatedDir: path.join(realbenchDir, 'activations', variant) });
      reports.set(variant, report);
      assert.deepEqual(reportSchemaProblems(report), []);
      const mismatches: string[] = [];
      for (const cell of truth.filter((c) => c.variant === variant)) {
        const m = report.monitors.find((r) => r.id === cell.monitor_id);
        assert.ok(m, `monitor ${cell.monitor_id} is in the report`);
        assert.ok(m.verdict === 'stale' || m.verdict === 'fresh', `${cell.monitor_id}: ${m.verdict} ${m.error ?? ''}`);
        if ((m.verdict === 'stale') !== cell.stale) mismatches.push(`${cell.monitor_id}: got ${m.verdict}, truth stale=${cell.stale} (${m.reasons.join('; ')})`);
        // The measured quantities themselves, not just the flags (the pack rounds to 5 decimals).
        assert.ok(Math.abs(m.base!.auroc - cell.base_auroc) < 1e-3, `${cell.monitor_id} base AUROC ${m.base!.auroc} vs ${cell.base_auroc}`);
        assert.ok(Math.abs(m.updated!.auroc - cell.updated_auroc) < 1e-3, `${cell.monitor_id} updated AUROC ${m.updated!.auroc} vs ${cell.updated_auroc}`);
        assert.ok(Math.abs(m.base!.tpr - cell.tpr_base) < 1e-4, `${cell.monitor_id} base TPR ${m.base!.tpr} vs ${cell.tpr_base}`);
        assert.ok(Math.abs(m.base!.fpr - cell.fpr_base) < 1e-4, `${cell.monitor_id} base FPR ${m.base!.fpr} vs ${cell.fpr_base}`);
        assert.ok(Math.abs(m.updated!.tpr - cell.tpr_updated) < 1e-4, `${cell.monitor_id} updated TPR ${m.updated!.tpr} vs ${cell.tpr_updated}`);
        assert.ok(Math.abs(m.updated!.fpr - cell.fpr_updated) < 1e-4, `${cell.monitor_id} updated FPR ${m.updated!.fpr} vs ${cell.fpr_updated}`);
      }
      assert.deepEqual(mismatches, []);
      const anyStale = truth.some((c) => c.variant === variant && c.stale);
      assert.equal(report.verdict, anyStale ? 'fail' : 'pass');
    });
  }

  test('base against itself: every monitor fresh, no flips, DeLong p = 1', async () => {
    const config = await loadConfig(configPath, { root });
    const report = await runGate(config, { updatedDir: path.join(realbenchDir, 'activations', 'base') });
    assert.equal(report.verdict, 'pass');
    for (const m of report.monitors) {
      assert.equal(m.verdict, 'fresh', m.id);
      assert.equal(m.shift!.flip_rate, 0);
      assert.equal(m.shift!.ks, 0);
      assert.equal(m.tests!.delong.p_value, 1);
    }
  });

  test('.npy copies (int64 labels, separate label files) give the same metrics as safetensors', async () => {
    const npyDir = path.join(realbenchDir, 'activations_npy', 'base', 'L2_mean');
    const l2 = manifest.monitors.filter((m: { layer: number; pooling: string }) => m.layer === 2 && m.pooling === 'mean');
    assert.ok(l2.length >= 3);
    const dir = tempDir();
    const yaml = [
      'version: 1',
      `activations: { base: ${JSON.stringify(path.relative(dir, npyDir))}, updated: ${JSON.stringify(path.relative(dir, npyDir))} }`,
      'monitors:',
      ...l2.flatMap((m: { id: string; category: string; probe_path: string; output_convention: string; eval_tensor: string }) => {
        return [
          `  - id: ${m.id}`,
          `    category: ${m.category}`,
          '    layer: 2',
          `    probe: ${JSON.stringify(path.relative(dir, path.join(realbenchDir, m.probe_path)))}`,
          `    output: ${m.output_convention === 'two_class_probabilities' ? 'two-class' : m.output_convention}`,
          `    threshold: THRESHOLD_${m.id}`,
          `    batch: ${m.eval_tensor}.npy`,
          `    labels: ${JSON.stringify(path.relative(dir, path.join(npyDir, `${m.eval_tensor}.labels.npy`)))}`,
        ];
      }),
    ].join('\n');
    // Thresholds come from the safetensors example config, already on the probability scale.
    const reference = await loadConfig(configPath, { root });
    const filled = yaml.replace(/THRESHOLD_(\S+)/g, (_, id: string) => String(reference.monitors.find((m) => m.id === id)!.threshold));
    writeFileSync(path.join(dir, 'npy.yml'), filled);
    const npyReport = await runGate(await loadConfig(path.join(dir, 'npy.yml'), { root: '/' }));
    const stReport = await runGate(reference, { updatedDir: path.join(realbenchDir, 'activations', 'base') });
    for (const m of npyReport.monitors) {
      assert.equal(m.verdict, 'fresh', `${m.id}: ${m.error ?? ''}`);
      const st = stReport.monitors.find((r) => r.id === m.id)!;
      assert.deepEqual(m.base, st.base, m.id);
    }
  });
});

