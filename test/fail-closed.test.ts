// Fail closed: an update the gate cannot identify is measured, a change without a model update is
// measured unless skipping is opted into, and a run that measured nothing never reads as a green pass.
// Real demo probes and batches through the real gate, the real CLI and the real renderers.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../src/cli/main.ts';
import {
  DECLARE_HELP,
  decideGate,
  exitCodeFor,
  loadConfig,
  needsMeasurement,
  planAnnotations,
  renderMarkdown,
  renderTextTable,
  reportSchemaProblems,
  runGate,
  verdictLine,
  type GateReport,
  type UpdateEvent,
} from '../src/core/index.ts';
import { copyDemo, demoDir, tempDir } from './helpers/workspace.ts';

const demoConfig = path.join(demoDir, 'monitor-gate.yml');

/** What detection reports for a change it cannot identify: a recipe it has no reader for, and a file it could not read. */
const unknownEvent: UpdateEvent = {
  family: 'unknown',
  sub_kind: null,
  attributes: {},
  evidence: [
    { file: 'recipes/train.toml', line: 1, reason: 'a training recipe (learning_rate, max_steps) that names no adapter, precision or merge', kind: 'touches-model' },
    { file: 'weights/model.safetensors', line: 1, reason: 'safetensors header could not be read: truncated', kind: 'touches-model' },
    { file: 'docs/usage.md', line: 1, reason: 'Markdown that is not a model card', kind: 'skipped' },
  ],
  confidence: 0.5,
};

const noneEvent: UpdateEvent = { family: 'none', sub_kind: null, attributes: {}, evidence: [{ file: 'src/app.py', line: 1, reason: 'source code', kind: 'skipped' }], confidence: 0.9 };

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('needsMeasurement: only an opted-in skip of a change with no model update skips', () => {
  test('every family and the absence of a change', () => {
    const off = { skipWhenUnchanged: false };
    const on = { skipWhenUnchanged: true };
    assert.equal(needsMeasurement(undefined, on).measure, true);
    assert.equal(needsMeasurement(noneEvent, off).measure, true);
    assert.match(needsMeasurement(noneEvent, off).reason, /measured anyway \(set skip-when-unchanged: true to skip such changes\)/);
    assert.equal(needsMeasurement(noneEvent, on).measure, false);
    const unknown = needsMeasurement(unknownEvent, on);
    assert.equal(unknown.measure, true, 'unknown is measured even with skip-when-unchanged');
    assert.deepEqual(unknown.unidentified?.map((e) => e.file), ['recipes/train.toml', 'weights/model.safetensors']);
    assert.match(unknown.reason, /could not be identified: recipes\/train.toml, weights\/model.safetensors; the monitors are measured/);
    assert.ok(unknown.reason.includes(DECLARE_HELP));
    const lora: UpdateEvent = { ...noneEvent, family: 'lora', evidence: [] };
    assert.equal(needsMeasurement(lora, on).measure, true);
  });
});

describe('decideGate: a gate that concluded nothing fails', () => {
  const r = (verdict: GateReport['monitors'][number]['verdict'], blocking = true) => ({ id: `m-${verdict}`, blocking, verdict });
  test('no monitors, all inconclusive, only advisory errors: fail with nothing measured', () => {
    for (const results of [[], [r('inconclusive'), r('inconclusive')], [r('error', false)], [r('inconclusive'), r('skipped')]]) {
      const gate = decideGate(results);
      assert.equal(gate.verdict, 'fail', JSON.stringify(results));
      assert.equal(gate.nothingMeasured, true);
      assert.deepEqual(gate.blockingFailures, []);
    }
  });
  test('a deliberate skip of every monitor passes; one conclusive verdict is enough; blocking failures still fail', () => {
    assert.deepEqual(decideGate([r('skipped'), r('skipped')]), { verdict: 'pass', blockingFailures: [], nothingMeasured: false });
    assert.equal(decideGate([r('inconclusive'), r('fresh')]).verdict, 'pass');
    assert.equal(decideGate([r('predicted-fresh')]).verdict, 'pass');
    assert.deepEqual(decideGate([r('stale'), r('inconclusive')]), { verdict: 'fail', blockingFailures: ['m-stale'], nothingMeasured: false });
  });
});

describe('an unknown update is measured and says which files made it unknown', () => {
  test('the gate measures every monitor, and every surface names the files and how to declare the family', async () => {
    const config = await loadConfig(demoConfig);
    const report = await runGate(config, { event: unknownEvent });
    assert.equal(report.event?.family, 'unknown');
    assert.ok(report.monitors.every((m) => m.verdict === 'fresh' || m.verdict === 'stale'), 'every monitor measured');
    assert.equal(report.verdict, 'fail', 'the demo LoRA activations are stale');
    assert.equal(report.skipped, undefined);
    assert.deepEqual(reportSchemaProblems(report), []);
    // Unknown is not "no update": the predictor gets no update features at all.
    for (const m of report.monitors) {
      const features = m.predicted!.features;
      for (const [name, value] of Object.entries(features)) if (name.startsWith('update_')) assert.equal(value, null, `${m.id} ${name}`);
    }

    const text = renderTextTable(report);
    assert.match(text, /^update event: unknown, confidence 0\.50$/m);
    assert.match(text, /not identified; every monitor is measured\. Files that touch the model: recipes\/train\.toml, weights\/model\.safetensors$/m);
    assert.ok(text.includes(DECLARE_HELP));

    const md = renderMarkdown(report);
    assert.match(md, /> \[!WARNING\]\n> The change touches the model, but monitor-gate could not tell what kind of update it is \(`recipes\/train\.toml`, `weights\/model\.safetensors`\), so every monitor was measured\./);
    assert.match(md, /add `update: <family>` to the config or a `monitor-gate\/<family>` label/);
    assert.doesNotMatch(md, /docs\/usage\.md`\), so every/, 'a file recognized as not touching the model is not blamed');

    const notices = planAnnotations(report).filter((a) => a.title === 'monitor-gate: update not identified');
    assert.deepEqual(notices.map((a) => [a.level, a.file, a.line]), [
      ['notice', 'recipes/train.toml', 1],
      ['notice', 'weights/model.safetensors', 1],
    ]);
    assert.match(notices[1].message, /^safetensors header could not be read: truncated\. This file touches the model, but not in a way monitor-gate can identify, so every monitor is measured; declare the family/);
  });
});

describe('the verdict line says how much was measured', () => {
  test('a full run: how many monitors were measured and what they are', async () => {
    const report = await runGate(await loadConfig(demoConfig), {});
    assert.equal(verdictLine(report), 'FAIL: 1 blocking monitor failed (1 stale): pii-email · 3 of 3 monitors measured');
    const fresh = await runGate(await loadConfig(demoConfig), { updatedDir: path.join(demoDir, 'acts', 'int8') });
    assert.equal(verdictLine(fresh), 'PASS: 3 of 3 monitors measured (3 fresh)');
    assert.match(renderMarkdown(fresh), /^## ✅ monitor-gate: \*\*pass\*\*$/m);
  });

  test('predict-only: a pass on predictions is never drawn green', async () => {
    const report = await runGate(await loadConfig(demoConfig), { updatedDir: path.join(demoDir, 'acts', 'int8'), predictOnly: true });
    assert.equal(report.summary.fresh + report.summary.stale, 0);
    if (report.verdict === 'pass') {
      assert.match(verdictLine(report), /^PASS ON PREDICTIONS ONLY: nothing was measured with labels · /);
      assert.match(renderMarkdown(report), /^## 🔮 monitor-gate: \*\*pass\*\* \(predicted, not measured\)$/m);
    } else {
      assert.match(verdictLine(report), /^FAIL: \d+ blocking monitors? failed \(\d+ predicted stale\)/);
    }
  });

  test('a skipped change: pass, with the line and the heading saying nothing was measured', async () => {
    const dir = copyDemo();
    const cfg = path.join(dir, 'monitor-gate.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('version: 1', 'version: 1\nskip-when-unchanged: true'));
    const report = await runGate(await loadConfig(cfg), { event: noneEvent });
    assert.equal(report.verdict, 'pass');
    assert.equal(verdictLine(report), 'PASS, NOTHING MEASURED: no model update in the change; measurement skipped (skip-when-unchanged: true)');
    assert.match(renderMarkdown(report), /^## ⏭️ monitor-gate: \*\*pass\*\* \(nothing measured\)$/m);
    assert.equal(exitCodeFor(report), 0);
  });

  test('every monitor inconclusive: FAIL, nothing measured, exit 2', async () => {
    const dir = copyDemo();
    const cfg = path.join(dir, 'monitor-gate.yml');
    const text = readFileSync(cfg, 'utf8');
    assert.match(text, /^defaults:\n/m);
    writeFileSync(cfg, text.replace(/^defaults:\n/m, 'defaults:\n  min_class_rows: 100000\n'));
    const out = tempDir();
    const run = await cli('check', '--config', cfg, '--updated', path.join(dir, 'acts', 'int8'), '--report', path.join(out, 'r.json'));
    assert.equal(run.code, 2, run.stdout + run.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')) as GateReport;
    assert.equal(report.verdict, 'fail');
    assert.ok(report.monitors.every((m) => m.verdict === 'inconclusive'));
    assert.match(run.stdout, /^gate: FAIL: nothing was measured: no monitor got a verdict \(3 inconclusive\); a gate that measured nothing cannot pass$/m);
  });

  test('the deprecated always-run is reported once as a warning, and the run goes on', async () => {
    const dir = copyDemo();
    const cfg = path.join(dir, 'monitor-gate.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('version: 1', 'version: 1\nalways-run: true'));
    const run = await cli('check', '--config', cfg, '--updated', path.join(dir, 'acts', 'int8'));
    assert.equal(run.code, 0, run.stderr);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('always-run is deprecated'));
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0], /^warning: .*monitor-gate\.yml:\d+:\d+: always-run: always-run is deprecated: measuring every change is now the default; remove the key$/);
  });

  test('detect prints whether the change needs measuring, in text and JSON', async () => {
    const changes = tempDir();
    writeFileSync(path.join(changes, 'notes.md'), '# Release notes\n\nTypo fixes.\n');
    const textRun = await cli('detect', '--dir', changes, '--config', demoConfig);
    assert.equal(textRun.code, 0, textRun.stderr);
    assert.match(textRun.stdout, /^needs measurement: no model update in the change; the monitors are measured anyway/m);
    const jsonRun = await cli('detect', '--dir', changes, '--config', demoConfig, '--json');
    const parsed = JSON.parse(jsonRun.stdout) as { family: string; needs_measurement: boolean; measurement_reason: string };
    assert.equal(parsed.family, 'none');
    assert.equal(parsed.needs_measurement, true);
  });
});
