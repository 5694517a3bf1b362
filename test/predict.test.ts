// Staleness prediction and the revalidation budget on the bundled demo (real ONNX probes through
// onnxruntime, real safetensors files), and the pieces it is built from.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { runCli } from '../src/cli/main.ts';
import {
  builtInPredictor,
  fitPredictor,
  renderFitSummary,
  type HistoryExample,
  displayPath,
  estimateRisk,
  loadConfig,
  loadPredictor,
  mergeReports,
  predictorProblems,
  reportSchemaProblems,
  runGate,
  validateConfig,
  type FeatureName,
  type GateReport,
  type UpdateEvent,
} from '../src/core/index.ts';
import { readSafetensorsHeader, writeSafetensors } from '../src/core/formats/safetensors.ts';
import { FEATURE_NAMES, eventFeatures, monitorFeatures, scoreDriftFeatures } from '../src/core/predict/features.ts';
import { budgetCount, parseBudget, rankByRisk, selectForRevalidation } from '../src/core/predict/triage.ts';
import { ActivationDriftAccumulator, ckaSampleRows, probeDirection } from '../src/core/predict/drift.ts';
import { observeMonitor } from '../src/core/predict/observe.ts';
import { openActivationBatch } from '../src/core/activations.ts';
import { loadProbe, releaseProbe } from '../src/core/scoring/probe.ts';
import { copyDemo, demoDir, tempDir } from './helpers/workspace.ts';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const event = (family: UpdateEvent['family'], attributes: UpdateEvent['attributes'] = {}): UpdateEvent => ({
  family,
  sub_kind: null,
  attributes,
  evidence: [],
  confidence: 0.9,
});

describe('features', () => {
  test('update events: QLoRA loses 12 of 16 bits and trains an adapter; INT8 loses half and trains nothing', () => {
    const qlora = eventFeatures(event('qlora', { base_bits: 4, lora_rank: 16, lora_alpha: 32, learning_rate: 2e-4, training_steps: 300 }), 12);
    assert.deepEqual(qlora, {
      update_trains_weights: 1,
      update_is_adapter: 1,
      update_is_merge: 0,
      update_bits_lost: 0.75,
      update_adapter_log2_rank: 4,
      update_adapter_scaling: 2,
      update_training_intensity: Math.log10(2e-4 * 300),
      update_touches_upstream: 1,
    });
    const int8 = eventFeatures(event('quantization', { bits: 8 }), 12);
    assert.equal(int8.update_trains_weights, 0);
    assert.equal(int8.update_bits_lost, 0.5);
    assert.equal(int8.update_training_intensity, 0);
    assert.ok(Number.isNaN(int8.update_adapter_log2_rank) && Number.isNaN(int8.update_adapter_scaling), 'rank is not a quantization fact');
    // a quantization that states no bit width is unknown, not lossless
    assert.ok(Number.isNaN(eventFeatures(event('quantization'), 12).update_bits_lost));
    // no event at all: every update feature is unknown
    assert.ok(Object.values(eventFeatures(undefined, 12)).every(Number.isNaN));
  });

  test('an adapter on blocks 8..11 touches a third of what layer 12 reads and nothing layer 4 reads', () => {
    const lora = event('lora', { layers: [8, 9, 10, 11] });
    assert.equal(eventFeatures(lora, 12).update_touches_upstream, 4 / 12);
    assert.equal(eventFeatures(lora, 4).update_touches_upstream, 0);
    assert.equal(eventFeatures(event('none'), 4).update_touches_upstream, 0);
  });

  test('monitor features: category, relative depth from model.num_layers, probe type', () => {
    assert.deepEqual(monitorFeatures({ category: 'refusal', layer: 24 }, 32, false), {
      monitor_category_pii: 0,
      monitor_category_refusal: 1,
      monitor_category_toxicity: 0,
      monitor_relative_depth: 0.75,
      monitor_nonlinear_probe: 1,
    });
    assert.ok(Number.isNaN(monitorFeatures({ category: 'pii', layer: 24 }, undefined, true).monitor_relative_depth));
  });

  test('score drift at the threshold: flag-rate change, flips, KS', () => {
    const base = Float64Array.from([0.1, 0.2, 0.6, 0.7]);
    const updated = Float64Array.from([0.6, 0.2, 0.4, 0.9]);
    const f = scoreDriftFeatures(base, updated, 0.5);
    assert.equal(f.drift_flag_rate_change, 0); // one row flips up, one down
    assert.equal(f.drift_flip_rate, 0.5);
    assert.equal(f.drift_score_ks, 0.25);
    const same = scoreDriftFeatures(base, base, 0.5);
    assert.equal(same.drift_flip_rate, 0);
    assert.equal(same.drift_score_psi, Math.log10(1e-4));
  });
});

describe('revalidation budget', () => {
  test('parses counts and shares; rejects the rest', () => {
    assert.deepEqual(parseBudget(4), { kind: 'count', value: 4 });
    assert.deepEqual(parseBudget('4'), { kind: 'count', value: 4 });
    assert.deepEqual(parseBudget(' 30% '), { kind: 'share', value: 0.3 });
    for (const bad of [-1, 2.5, '30 percent', '150%', '', 'x', null]) assert.equal(parseBudget(bad), undefined, String(bad));
  });

  test('a share rounds up, a count is capped by the monitors there are', () => {
    assert.equal(budgetCount({ kind: 'share', value: 0.3 }, 12), 4);
    assert.equal(budgetCount({ kind: 'share', value: 0.25 }, 12), 3);
    assert.equal(budgetCount({ kind: 'share', value: 0.01 }, 3), 1);
    assert.equal(budgetCount({ kind: 'share', value: 0 }, 3), 0);
    assert.equal(budgetCount({ kind: 'count', value: 5 }, 3), 3);
  });

  test('highest risk first; ties keep config order', () => {
    const items = [
      { index: 0, risk: 0.2 },
      { index: 1, risk: 0.9 },
      { index: 2, risk: 0.5 },
      { index: 3, risk: 0.5 },
    ];
    assert.deepEqual([...selectForRevalidation(items, 2)].sort(), [1, 2]);
    assert.deepEqual([...rankByRisk(items)].sort((a, b) => a[0] - b[0]), [
      [0, 4],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });
});

describe('predictor files', () => {
  test('the built-in predictor is a valid predictor over known features', () => {
    assert.deepEqual(predictorProblems(builtInPredictor()), []);
    assert.ok(builtInPredictor().fitted_on?.source?.includes('realbench'));
  });

  test('a broken predictor file is one line naming the file and the problem', () => {
    const dir = tempDir();
    const file = path.join(dir, 'predictor.json');
    const good = builtInPredictor();
    writeFileSync(file, JSON.stringify({ ...good, features: [...good.features.slice(0, -1), 'mystery'] }));
    assert.throws(() => loadPredictor(file), (e: Error) => e.message.includes("unknown feature mystery") && !e.message.includes('\n'));
    writeFileSync(file, JSON.stringify({ ...good, center: good.center.slice(1) }));
    assert.throws(() => loadPredictor(file), /\/center: has \d+ values but there are \d+ features/);
    writeFileSync(file, '{ nope');
    assert.throws(() => loadPredictor(file), /not a monitor-gate predictor: not UTF-8 JSON/);
    assert.throws(() => loadPredictor(path.join(dir, 'missing.json')), /predictor file not found/);
  });
});

describe('config keys', () => {
  test('a malformed budget or risk threshold is a positioned diagnostic', async () => {
    const dir = copyDemo();
    const file = path.join(dir, 'monitor-gate.yml');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml + 'revalidation-budget: 30 percent\nrisk-threshold: 1.5\n');
    const { diagnostics } = await validateConfig(file);
    const lines = yaml.split('\n').length;
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.line, d.message]),
      [
        ['revalidation-budget', lines, `string '30 percent' is not a budget: give a number of monitors (4) or a share ("30%")`],
        ['risk-threshold', lines + 1, 'must be between 0 and 1, got 1.5'],
      ],
    );
  });
});

/** Rewrites every batch file of an activation folder without its label tensors. */
async function dropLabelTensors(dir: string): Promise<void> {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.safetensors'))) {
    const file = path.join(dir, name);
    const header = await readSafetensorsHeader(file);
    const bytes = await readFile(file);
    const keep: Parameters<typeof writeSafetensors>[1] = {};
    for (const [tensor, info] of header.tensors) {
      if (tensor.endsWith('.labels')) continue;
      keep[tensor] = { dtype: info.dtype, shape: info.shape, data: bytes.subarray(info.byteOffset, info.byteOffset + info.byteLength) };
    }
    await writeSafetensors(file, keep);
  }
}

describe('the gate with predictions, on the demo', () => {
  let full: GateReport;
  before(async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    full = await runGate(config, { event: event('lora', { lora_rank: 16 }) });
  });

  test('measure-all: every monitor is measured and carries its risk, rank, top features and feature values', () => {
    assert.deepEqual(reportSchemaProblems(full), []);
    assert.deepEqual(full.prediction, { predictor: 'built-in', mode: 'measure-all', risk_threshold: 0.5, fail_on_predicted: true });
    for (const m of full.monitors) {
      const p = m.predicted!;
      assert.ok(p.risk >= 0 && p.risk <= 1);
      assert.equal(p.measured, true);
      assert.equal(p.agrees, (p.risk >= 0.5) === (m.verdict === 'stale'), m.id);
      assert.ok(p.top.length > 0 && p.top.length <= 3);
      assert.deepEqual(Object.keys(p.features), [...FEATURE_NAMES]);
      assert.deepEqual(p.drift_rows, { source: 'eval', rows: m.rows!.total });
    }
    // the stale monitor is the riskiest one
    const stale = full.monitors.find((m) => m.verdict === 'stale')!;
    assert.equal(stale.predicted!.rank, 1);
  });

  test('budget 1: only the highest-risk monitor is measured; the others get predicted verdicts', async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    const report = await runGate(config, { event: event('lora', { lora_rank: 16 }), budget: { kind: 'count', value: 1 } });
    assert.deepEqual(reportSchemaProblems(report), []);
    assert.deepEqual(report.prediction?.budget, { requested: '1', measured: 1 });
    const top = report.monitors.find((m) => m.predicted!.rank === 1)!;
    assert.equal(top.predicted!.measured, true);
    assert.equal(top.verdict, full.monitors.find((m) => m.id === top.id)!.verdict);
    for (const m of report.monitors.filter((r) => r !== top)) {
      assert.equal(m.predicted!.measured, false);
      assert.equal(m.verdict, m.predicted!.risk >= 0.5 ? 'predicted-stale' : 'predicted-fresh');
      assert.equal(m.base, undefined, 'no labeled metrics for an unmeasured monitor');
      assert.match(m.reasons[0], /outside the revalidation budget of 1/);
      // the same features as when measured: prediction does not depend on the budget
      assert.deepEqual(m.predicted!.features, full.monitors.find((f) => f.id === m.id)!.predicted!.features);
    }
  });

  test('--predict-only reads no labels: it works with every label tensor deleted', async () => {
    const dir = copyDemo();
    await dropLabelTensors(path.join(dir, 'acts', 'base'));
    await dropLabelTensors(path.join(dir, 'acts', 'lora'));
    const config = path.join(dir, 'monitor-gate.yml');
    // measuring needs the labels, and they are gone
    const measuring = await cli('check', '--config', config, '--label', 'monitor-gate/lora');
    assert.equal(measuring.code, 2);
    assert.match(measuring.stderr, /pii\.eval\.labels/);

    const reportFile = path.join(dir, 'report.json');
    const run = await cli('check', '--config', config, '--predict-only', '--report', reportFile, '--label', 'monitor-gate/lora');
    assert.doesNotMatch(run.stderr, /error/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as GateReport;
    assert.deepEqual(reportSchemaProblems(report), []);
    assert.equal(report.prediction?.mode, 'predict-only');
    for (const m of report.monitors) {
      assert.ok(m.verdict === 'predicted-stale' || m.verdict === 'predicted-fresh', `${m.id}: ${m.verdict}`);
      assert.equal(m.predicted!.measured, false);
      // the same risk as the labeled run on the original files
      const measured = full.monitors.find((f) => f.id === m.id)!;
      assert.ok(Math.abs(m.predicted!.risk - measured.predicted!.risk) < 1e-12, m.id);
    }
    // fail-on-predicted (default true): a blocking predicted-stale monitor fails the gate
    const blockingAtRisk = report.monitors.filter((m) => m.blocking && m.verdict === 'predicted-stale').map((m) => m.id);
    assert.ok(blockingAtRisk.length > 0);
    assert.deepEqual(report.summary.blocking_failures, blockingAtRisk);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /RISK +MEASURED/);

    // fail-on-predicted: false makes predictions advisory
    writeFileSync(config, readFileSync(config, 'utf8') + 'fail-on-predicted: false\n');
    const advisory = await cli('check', '--config', config, '--predict-only', '--label', 'monitor-gate/lora');
    assert.equal(advisory.code, 0, advisory.stderr);
  });

  test('--predict-only with calibration rows: their drift is carried onto the base eval rows; without those, the calibration rows alone are the estimate', async () => {
    const dir = copyDemo();
    const file = path.join(dir, 'monitor-gate.yml');
    // the refusal monitor's eval rows serve as the pii monitor's unlabeled calibration rows
    const withCalibration = readFileSync(file, 'utf8').replace('    labels: "#pii.eval.labels"\n', '    labels: "#pii.eval.labels"\n    calibration: layer12.safetensors#refusal.eval\n');
    writeFileSync(file, withCalibration);
    const warnings: string[] = [];
    const logger = { info() {}, debug() {}, error() {}, warning: (m: string) => warnings.push(m) };
    const report = await runGate(await loadConfig(file), { event: event('lora', { lora_rank: 16 }), predictOnly: true, logger });
    assert.deepEqual(reportSchemaProblems(report), []);
    const pii = report.monitors.find((m) => m.id === 'pii-email')!;
    const e = pii.predicted!.estimated!;
    assert.deepEqual(e.rows, { source: 'calibration', rows: 400 });
    assert.deepEqual(e.transported_onto, { source: 'eval', rows: 400 });
    assert.equal(e.soft_labels, 'raw');
    // the measured TPR drop of the LoRA update (0.88 -> 0.225) shows in the estimate made without the eval rows' updated scores
    const measured = full.monitors.find((m) => m.id === 'pii-email')!;
    assert.ok(e.tpr_delta.value < -0.1, `estimated TPR change ${e.tpr_delta.value} (measured ${measured.delta!.tpr})`);
    assert.ok(e.tpr.interval[0] <= e.tpr.updated && e.tpr.updated <= e.tpr.interval[1]);
    assert.deepEqual(warnings, []);

    // the base eval rows cannot be read: one warning, and the estimate stands on the calibration rows
    writeFileSync(file, withCalibration.replace('batch: layer12.safetensors#pii.eval', 'batch: missing.safetensors#pii.eval'));
    const alone = await runGate(await loadConfig(file), { event: event('lora', { lora_rank: 16 }), predictOnly: true, logger });
    const piiAlone = alone.monitors.find((m) => m.id === 'pii-email')!;
    assert.match(piiAlone.verdict, /^predicted-/);
    assert.deepEqual(piiAlone.predicted!.estimated!.rows, { source: 'calibration', rows: 400 });
    assert.equal(piiAlone.predicted!.estimated!.transported_onto, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /pii-email: base eval rows unusable for the label-free estimate .*missing\.safetensors/);
  });

  test('sharded runs merge into the same predictions and ranks as one run', async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    const parts = [];
    for (let index = 1; index <= 2; index++) parts.push(await runGate(config, { event: event('lora', { lora_rank: 16 }), shard: { index, count: 2 } }));
    const merged = mergeReports(parts);
    assert.deepEqual(
      merged.monitors.map((m) => [m.id, m.predicted!.rank, m.predicted!.risk]),
      full.monitors.map((m) => [m.id, m.predicted!.rank, m.predicted!.risk]),
    );
  });
});

describe('fit-predictor', () => {
  test('refits from past reports and the config uses the result', async () => {
    const dir = copyDemo();
    const config = path.join(dir, 'monitor-gate.yml');
    const reports = path.join(dir, 'reports');
    // history: the LoRA update (one stale monitor) and the INT8 one (all fresh), twice each with different labels declared
    for (const [variant, label] of [
      ['lora', 'lora'],
      ['int8', 'quantization'],
      ['lora', 'qlora'],
      ['int8', 'merge'],
    ]) {
      const run = await cli('check', '--config', config, '--updated', path.join(dir, 'acts', variant), '--label', `monitor-gate/${label}`, '--report', path.join(reports, `${variant}-${label}.json`));
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
    }
    const out = path.join(dir, 'ours.json');
    const fit = await cli('fit-predictor', '--history', path.join(reports, '*.json'), '--out', out);
    assert.equal(fit.code, 0, fit.stderr);
    assert.match(fit.stdout, /fitted on 12 measured monitors \(2 stale\) from 4 reports/);
    assert.match(fit.stdout, /leave-one-report-out over 4 reports: AUROC \d\.\d{3}/);
    // the same reports scored by the built-in predictor; a refit that does not beat it says so
    const heldOut = Number(/leave-one-report-out over 4 reports: AUROC (\d\.\d{3})/.exec(fit.stdout)![1]);
    const shipped = /built-in predictor on the same 12 monitors: AUROC (\d\.\d{3})/.exec(fit.stdout);
    assert.ok(shipped, fit.stdout);
    const tooSmall = /the history is too small to beat the built-in predictor \(held-out AUROC (\d\.\d{3}) <= (\d\.\d{3})\)/.exec(fit.stdout);
    assert.equal(tooSmall !== null, heldOut <= Number(shipped[1]), fit.stdout);
    const predictor = loadPredictor(out);
    assert.equal(predictor.fitted_on?.rows, 12);
    assert.equal(predictor.quality?.scheme, 'leave-one-group-out');

    writeFileSync(config, readFileSync(config, 'utf8') + 'predictor: ours.json\n');
    const reportFile = path.join(dir, 'with-ours.json');
    await cli('check', '--config', config, '--label', 'monitor-gate/lora', '--report', reportFile);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as GateReport;
    assert.equal(report.prediction?.predictor, displayPath(out));
    // its risks are the fitted predictor's, from the same features, not the built-in one's
    for (const m of report.monitors) {
      const features = Object.fromEntries(Object.entries(m.predicted!.features).map(([k, v]) => [k, v ?? NaN])) as Record<FeatureName, number>;
      assert.ok(Math.abs(m.predicted!.risk - estimateRisk(predictor, features).risk) < 1e-12, m.id);
      assert.ok(Math.abs(m.predicted!.risk - estimateRisk(builtInPredictor(), features).risk) > 1e-6, m.id);
    }
  });

  test('says when a history is too small to beat the built-in predictor, from both held-out AUROCs on the same monitors', () => {
    const example = (group: string, stale: 0 | 1, score: number, flips: number): HistoryExample => ({ group, monitor: `${group}-${stale}`, stale, features: { estimate_score: score, drift_flip_rate: flips } });
    // the built-in predictor reads estimate_score: here it ranks every stale monitor first, and a refit cannot do better
    const easy = ['a', 'b', 'c', 'd'].flatMap((g, i) => [example(g, 1, 2 + i / 10, 0.1), example(g, 0, 0.1 + i / 10, 0.1)]);
    const small = fitPredictor(easy);
    assert.equal(small.builtIn.auroc, 1);
    assert.equal(small.builtIn.beaten, false);
    assert.match(renderFitSummary(small, 'p.json'), /the history is too small to beat the built-in predictor \(held-out AUROC \d\.\d{3} <= 1\.000\)/);
    // here the estimate points the wrong way and the decision flips the right way: the refit wins
    const misled = ['a', 'b', 'c', 'd'].flatMap((g, i) => [example(g, 1, 0.1 + i / 10, 0.5 + i / 100), example(g, 0, 2 + i / 10, 0.01 + i / 100)]);
    const ours = fitPredictor(misled);
    assert.equal(ours.builtIn.auroc, 0);
    assert.equal(ours.builtIn.beaten, true);
    assert.doesNotMatch(renderFitSummary(ours, 'p.json'), /too small/);
    // reports of an older monitor-gate carry no estimate: nothing to compare
    const old = fitPredictor(misled.map((e) => ({ ...e, features: { drift_flip_rate: e.features.drift_flip_rate } })));
    assert.equal(old.builtIn.auroc, null);
    assert.match(renderFitSummary(old, 'p.json'), /built-in predictor: not compared \(the reports carry no estimate_score/);
  });

  test('no matching reports, or no stale monitor in them, is one line and exit 2', async () => {
    const dir = tempDir();
    const none = await cli('fit-predictor', '--history', path.join(dir, '*.json'), '--out', path.join(dir, 'p.json'));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^error: no report matches '.*\*\.json'\n$/);

    const copy = copyDemo();
    await cli('check', '--config', path.join(copy, 'monitor-gate.yml'), '--updated', path.join(copy, 'acts', 'int8'), '--report', path.join(dir, 'int8.json'));
    const fresh = await cli('fit-predictor', '--history', path.join(dir, '*.json'), '--out', path.join(dir, 'p.json'));
    assert.equal(fresh.code, 2);
    assert.match(fresh.stderr, /^error: the history has 3 measured monitors, 0 stale: fitting needs both stale and fresh ones/);
    assert.equal(fresh.stderr.split('\n').filter(Boolean).length, 1);
  });
});

describe('observing a monitor without labels', () => {
  test('activation drift on a subsample equals the drift of exactly those rows; score drift uses every row', async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    const monitor = config.monitors[0];
    const dirs = { baseDir: config.activations.base, updatedDir: config.activations.updated };
    const all = await observeMonitor(monitor, dirs);
    const half = await observeMonitor(monitor, { ...dirs, driftMaxRows: 100 });
    assert.deepEqual(half.scoreDrift, all.scoreDrift);
    assert.equal(all.activationDrift!.rows, 400);
    assert.equal(half.activationDrift!.rows, 100);

    // the same 100 rows, picked by hand and given to the accumulator directly
    const pick = async (dir: string) => {
      const batch = await openActivationBatch(dir, monitor.batch, monitor.pooling);
      const rows = ckaSampleRows(batch.rows, 100);
      const out = new Float32Array(rows.length * batch.width);
      for await (const chunk of batch.chunks()) {
        rows.forEach((r, k) => {
          if (r >= chunk.start && r < chunk.start + chunk.rows) out.set(chunk.data.subarray((r - chunk.start) * batch.width, (r - chunk.start + 1) * batch.width), k * batch.width);
        });
      }
      return { data: out, width: batch.width, rows: rows.length };
    };
    const base = await pick(dirs.baseDir);
    const updated = await pick(dirs.updatedDir);
    const probe = await loadProbe(monitor.probe, monitor.output);
    try {
      const anchors = await openActivationBatch(dirs.baseDir, monitor.batch, monitor.pooling);
      let first: Float32Array | undefined;
      for await (const chunk of anchors.chunks(16)) {
        first = chunk.data.slice();
        break;
      }
      const direction = await probeDirection(probe, readFileSync(monitor.probe), first!, 16, base.width);
      const accumulator = new ActivationDriftAccumulator(base.width, base.rows, direction);
      accumulator.add({ start: 0, rows: base.rows, data: base.data }, { start: 0, rows: updated.rows, data: updated.data });
      const expected = await accumulator.finish();
      assert.deepEqual(half.activationDrift, expected);
    } finally {
      await releaseProbe(probe);
    }
    // a different sample, a (slightly) different estimate: the option is really used
    assert.notEqual(half.activationDrift!.projected_shift, all.activationDrift!.projected_shift);
  });
});
