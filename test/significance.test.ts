// The paired intervals in the report and the opt-in require-significance rule, end to end: one-feature
// activations written as safetensors, a real ONNX logit probe scored by onnxruntime, the real config
// loader, gate, renderers, merge and CLI. Expected counts, intervals, DeLong limits and verdicts come
// from scripts/make-paired-reference.py (test/fixtures/paired-reference.json), computed without this code.
// Every assert.ok carries a message: without one, a failure makes node re-parse this file to describe it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readActionInputs } from '../src/action/inputs.ts';
import { runCli } from '../src/cli/main.ts';
import { validateConfig } from '../src/core/config/index.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { GateError, loadConfig, mergeReports, renderMarkdown, renderTextTable, reportSchemaProblems, runGate, serializeReport, type GateReport, type MonitorResult, type PairedRateChange } from '../src/core/index.ts';
import { newcombePairedInterval } from '../src/core/metrics/index.ts';
import { buildLinearProbe } from '../src/core/onnx/build-probe.ts';
import { judgeStaleness } from '../src/core/verdict.ts';
import { repoRoot, tempDir } from './helpers/workspace.ts';

interface Change {
  value: number;
  ci95: [number, number];
  n: number;
  both: number;
  base_only: number;
  updated_only: number;
}
interface Scenario {
  id: string;
  x_base: number[];
  x_updated: number[];
  labels: number[];
  expected: {
    auroc: [number, number];
    tpr: [number, number];
    fpr: [number, number];
    delong_ci95: [number, number];
    tpr_change: Change;
    fpr_change: Change;
    crossed: string[];
    not_significant: string[];
    verdict: 'fresh' | 'stale';
    verdict_requiring_significance: 'fresh' | 'stale';
  };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/paired-reference.json', import.meta.url), 'utf8')) as {
  gate: { threshold: number; tolerance: { auroc_drop: number; tpr_drop: number; fpr_rise: number }; scenarios: Scenario[] };
};
const scenarios = fixture.gate.scenarios;
const byId = (report: GateReport, id: string) => report.monitors.find((m) => m.id === id)!;

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Number.isFinite(actual), `${what}: expected a finite number, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} differs from ${expected} by more than ${tol}`);
}

/**
 * A workspace of the fixture's scenarios: per monitor one batch file (x [N, 1] float32 and labels) in
 * each activation folder, one probe logit = x (flagged when sigmoid(x) > 0.5, i.e. x > 0), and a
 * config with the given extra `defaults:` lines and per-monitor lines. Returns the config's path.
 */
async function workspace(defaults: string[] = [], perMonitor: Record<string, string[]> = {}): Promise<string> {
  const dir = tempDir('monitor-gate-significance-');
  for (const side of ['base', 'updated']) mkdirSync(path.join(dir, 'acts', side), { recursive: true });
  mkdirSync(path.join(dir, 'probes'));
  writeFileSync(path.join(dir, 'probes', 'identity.onnx'), buildLinearProbe({ weights: [1], bias: 0, output: 'logit' }));
  const lines = ['version: 1', 'activations: { base: acts/base, updated: acts/updated }'];
  if (defaults.length > 0) lines.push('defaults:', ...defaults.map((l) => `  ${l}`));
  lines.push('monitors:');
  for (const s of scenarios) {
    const n = s.labels.length;
    for (const [side, x] of [['base', s.x_base], ['updated', s.x_updated]] as const) {
      await writeSafetensors(path.join(dir, 'acts', side, `${s.id}.safetensors`), {
        x: { dtype: 'F32', shape: [n, 1], data: Float32Array.from(x) },
        labels: { dtype: 'U8', shape: [n], data: Uint8Array.from(s.labels) },
      });
    }
    lines.push(`  - id: ${s.id}`, '    category: other', '    layer: 1', '    probe: probes/identity.onnx', '    output: logit', `    threshold: ${fixture.gate.threshold}`, `    batch: ${s.id}.safetensors#x`, '    labels: "#labels"');
    for (const extra of perMonitor[s.id] ?? []) lines.push(`    ${extra}`);
  }
  const file = path.join(dir, 'monitor-gate.yml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function checkChange(got: PairedRateChange | undefined, want: Change, what: string): void {
  assert.ok(got, `${what}: present`);
  assert.deepEqual([got.n, got.both, got.base_only, got.updated_only], [want.n, want.both, want.base_only, want.updated_only], `${what}: counts`);
  close(got.value, want.value, 1e-12, `${what} value`);
  close(got.ci95[0], want.ci95[0], 1e-9, `${what} lower`);
  close(got.ci95[1], want.ci95[1], 1e-9, `${what} upper`);
}

/** The exact reason lines the reference scenarios give, plain and with require-significance. */
const PLAIN_REASONS: Record<string, string[]> = {
  'tpr-few': ['TPR at the deployed threshold dropped 0.250 (0.833 -> 0.583; tolerance 0.1)'],
  'tpr-many': ['TPR at the deployed threshold dropped 0.400 (0.900 -> 0.500; tolerance 0.1)'],
  'fpr-few': ['FPR at the deployed threshold rose 0.167 (0.000 -> 0.167; tolerance 0.05)'],
  'auroc-few': ['AUROC dropped 0.035 (1.000 -> 0.965; tolerance 0.03)'],
};
const SIGNIFICANCE_REASONS: Record<string, string[]> = {
  'tpr-few': ['TPR at the deployed threshold dropped 0.250 (0.833 -> 0.583; tolerance 0.1), not counted: not significant (95% CI of the change -0.475 to 1.1e-4 reaches above -0.1)'],
  'tpr-many': ['TPR at the deployed threshold dropped 0.400 (0.900 -> 0.500; tolerance 0.1; 95% CI of the change -0.466 to -0.330, clear of it)'],
  'fpr-few': ['FPR at the deployed threshold rose 0.167 (0.000 -> 0.167; tolerance 0.05), not counted: not significant (95% CI of the change -0.104 to 0.448 reaches below 0.05)'],
  'auroc-few': ['AUROC dropped 0.035 (1.000 -> 0.965; tolerance 0.03), not counted: not significant (95% CI of the change -0.107 to 0.038 reaches above -0.03)'],
};

describe('the report carries the paired intervals', () => {
  test('TPR and FPR changes with counts and Newcombe intervals, DeLong limits, as the reference computes them', async () => {
    const report = await runGate(await loadConfig(await workspace()), { provider: 'cpu' });
    assert.deepEqual(reportSchemaProblems(report), []);
    for (const s of scenarios) {
      const m = byId(report, s.id);
      const e = s.expected;
      close(m.base!.auroc, e.auroc[0], 1e-12, `${s.id} base AUROC`);
      close(m.updated!.auroc, e.auroc[1], 1e-12, `${s.id} updated AUROC`);
      assert.deepEqual([m.base!.tpr, m.updated!.tpr, m.base!.fpr, m.updated!.fpr], [...e.tpr, ...e.fpr], `${s.id} rates`);
      checkChange(m.tests!.tpr_change, e.tpr_change, `${s.id} TPR change`);
      checkChange(m.tests!.fpr_change, e.fpr_change, `${s.id} FPR change`);
      close(m.tests!.delong.ci95[0], e.delong_ci95[0], 1e-9, `${s.id} DeLong lower`);
      close(m.tests!.delong.ci95[1], e.delong_ci95[1], 1e-9, `${s.id} DeLong upper`);
      // the change is the delta of the rates the report already carries
      close(m.tests!.tpr_change!.value, m.delta!.tpr, 1e-12, `${s.id} TPR change = delta`);
      close(m.tests!.fpr_change!.value, m.delta!.fpr, 1e-12, `${s.id} FPR change = delta`);
    }
  });

  test('off (the default): the verdicts and reasons are the plain rule\'s, and nothing says significance', async () => {
    const report = await runGate(await loadConfig(await workspace()), { provider: 'cpu' });
    for (const s of scenarios) {
      const m = byId(report, s.id);
      assert.equal(m.verdict, s.expected.verdict, s.id);
      assert.deepEqual(m.reasons, PLAIN_REASONS[s.id], s.id);
      assert.equal(m.tests!.require_significance, undefined, s.id);
    }
    assert.deepEqual(report.summary.blocking_failures, ['tpr-few', 'tpr-many', 'fpr-few', 'auroc-few']);
    assert.doesNotMatch(serializeReport(report), /require_significance|not counted/);
    // the new fields are the only difference a reader of an older report sees
    const stripped = structuredClone(report);
    for (const m of stripped.monitors) {
      delete m.tests!.tpr_change;
      delete m.tests!.fpr_change;
      assert.deepEqual(Object.keys(m.tests!), ['delong']);
    }
  });
});

describe('require-significance', () => {
  const expectSignificance = (report: GateReport) => {
    assert.deepEqual(reportSchemaProblems(report), []);
    for (const s of scenarios) {
      const m = byId(report, s.id);
      assert.equal(m.verdict, s.expected.verdict_requiring_significance, s.id);
      assert.deepEqual(m.reasons, SIGNIFICANCE_REASONS[s.id], s.id);
      assert.equal(m.tests!.require_significance, true, s.id);
      // every criterion the reference finds not significant is named as not counted, and no other
      const notCounted = m.reasons.filter((r) => r.includes('not counted: not significant')).map((r) => (r.startsWith('AUROC') ? 'auroc' : r.startsWith('TPR') ? 'tpr' : 'fpr'));
      assert.deepEqual(notCounted, s.expected.not_significant, s.id);
    }
    assert.deepEqual(report.summary.blocking_failures, ['tpr-many']);
    assert.equal(report.verdict, 'fail');
  };

  test('defaults.require_significance: true counts a tolerance only when the whole interval clears it', async () => {
    expectSignificance(await runGate(await loadConfig(await workspace(['require_significance: true'])), { provider: 'cpu' }));
  });

  test('the run option (CLI flag, action input) turns it on for every monitor of a config without it', async () => {
    expectSignificance(await runGate(await loadConfig(await workspace()), { provider: 'cpu', requireSignificance: true }));
  });

  test('a monitor\'s own require_significance overrides the default either way', async () => {
    const on = await runGate(await loadConfig(await workspace(['require_significance: true'], { 'tpr-few': ['require_significance: false'] })), { provider: 'cpu' });
    assert.equal(byId(on, 'tpr-few').verdict, 'stale');
    assert.deepEqual(byId(on, 'tpr-few').reasons, PLAIN_REASONS['tpr-few']);
    assert.equal(byId(on, 'fpr-few').verdict, 'fresh');
    const off = await runGate(await loadConfig(await workspace([], { 'fpr-few': ['require_significance: true'] })), { provider: 'cpu' });
    assert.deepEqual(
      off.monitors.map((m) => [m.id, m.verdict, m.tests!.require_significance ?? false]),
      [
        ['tpr-few', 'stale', false],
        ['tpr-many', 'stale', false],
        ['fpr-few', 'fresh', true],
        ['auroc-few', 'stale', false],
      ],
    );
  });

  test('judgeStaleness: each bound is inclusive, and AUROC, TPR and FPR each need their own interval past the tolerance', () => {
    const tol = { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 };
    const base = { auroc: 0.9, tpr: 0.8, fpr: 0.1, recall_at_1fpr: 0, recall_at_5fpr: 0 };
    const updated = { auroc: 0.8, tpr: 0.6, fpr: 0.2, recall_at_1fpr: 0, recall_at_5fpr: 0 };
    const wide = { auroc: [-0.2, 0.01] as const, tpr: [-0.4, 0.01] as const, fpr: [-0.01, 0.3] as const };
    assert.equal(judgeStaleness(base, updated, tol).verdict, 'stale');
    assert.equal(judgeStaleness(base, updated, tol, wide).verdict, 'fresh');
    assert.equal(judgeStaleness(base, updated, tol, wide).reasons.length, 3);
    // exactly at the tolerance counts (the same slack as the plain rule)
    assert.equal(judgeStaleness(base, updated, tol, { ...wide, tpr: [-0.4, -0.1] }).verdict, 'stale');
    assert.equal(judgeStaleness(base, updated, tol, { ...wide, tpr: [-0.4, -0.0999] }).verdict, 'fresh');
    assert.equal(judgeStaleness(base, updated, tol, { ...wide, fpr: [0.05, 0.3] }).verdict, 'stale');
    assert.equal(judgeStaleness(base, updated, tol, { ...wide, fpr: [0.0499, 0.3] }).verdict, 'fresh');
    assert.equal(judgeStaleness(base, updated, tol, { ...wide, auroc: [-0.2, -0.03] }).verdict, 'stale');
    assert.equal(judgeStaleness(base, updated, tol, { ...wide, auroc: [-0.2, -0.0299] }).verdict, 'fresh');
    // an interval past the tolerance does not make a change that did not reach it count
    const small = { ...updated, tpr: 0.75 };
    const r = judgeStaleness(base, small, { ...tol, auroc_drop: 0.5, fpr_rise: 0.5 }, { ...wide, tpr: [-0.9, -0.5] });
    assert.deepEqual(r, { verdict: 'fresh', reasons: [] });
  });
});

describe('the renderers show the intervals without widening the table', () => {
  test('Markdown: details give each change with its interval and rows; the table only marks a change that is not significant', async () => {
    const report = await runGate(await loadConfig(await workspace(['require_significance: true'])), { provider: 'cpu' });
    const md = renderMarkdown(report);
    assert.match(md, /- at the threshold: TPR 0\.833 → 0\.583 \(Δ -0\.250, 95% CI -0\.475 to \+0\.000; 3 of 12 positive rows changed\) · FPR 0\.000 → 0\.000 \(Δ \+0\.000, 95% CI -0\.242 to \+0\.242; 0 of 12 negative rows changed\)/);
    assert.match(md, /- at the threshold: TPR 0\.900 → 0\.500 \(Δ -0\.400, 95% CI -0\.466 to -0\.330; 80 of 200 positive rows changed\)/);
    assert.match(md, /\*\*`tpr-few`\*\* · ✅ fresh · other · layer 1 · blocking · threshold 0\.500 · significance required · declared at/);
    assert.match(md, /- why: TPR at the deployed threshold dropped 0\.250 \(0\.833 -> 0\.583; tolerance 0\.1\), not counted: not significant/);
    const row = (id: string) => md.split('\n').find((l) => l.startsWith(`| \`${id}\``))!;
    assert.match(row('tpr-few'), /\| 0\.83 → 0\.58 \(n\.s\.\) \| 0\.00 → 0\.00 \|/);
    assert.match(row('fpr-few'), /\| 1\.00 → 1\.00 \| 0\.00 → 0\.17 \(n\.s\.\) \|/);
    assert.doesNotMatch(row('tpr-many'), /n\.s\./);
    assert.doesNotMatch(row('auroc-few'), /n\.s\./, 'no rate changed: nothing to mark');
    // no interval column: every table has the same five short columns
    const headers = md.split('\n').filter((l) => l.startsWith('| monitor |'));
    assert.ok(headers.length > 0);
    for (const h of headers) assert.equal(h, '| monitor | verdict | TPR at threshold | FPR at threshold | AUROC |', 'no interval column');
  });

  test('text table: an interval note under each monitor with a reason', async () => {
    const report = await runGate(await loadConfig(await workspace()), { provider: 'cpu' });
    const text = renderTextTable(report);
    assert.match(text, /^ {2}tpr-few: 95% CI of the change: TPR -0\.475 to \+0\.000 \(3 of 12 positive rows changed\), FPR -0\.242 to \+0\.242 \(0 of 12 negative rows changed\), AUROC \+0\.000 to \+0\.000$/m);
    assert.match(text, /^ {2}auroc-few: 95% CI of the change: .*AUROC -0\.107 to \+0\.038$/m);
  });
});

describe('merge-reports honours require-significance', () => {
  /** The one-line message a GateError-throwing call gives. */
  function failure(fn: () => unknown): string {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof GateError, `a GateError, not ${String(error)}`);
      return error.toLine();
    }
    assert.fail('expected a GateError');
  }

  test('the merged report of shards run with it equals the unsharded run; a merge that does not say so refuses them', async () => {
    const config = await loadConfig(await workspace());
    const options = { provider: 'cpu' as const, requireSignificance: true, commit: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' };
    const whole = await runGate(config, options);
    const parts = [await runGate(config, { ...options, shard: { index: 1, count: 2 } }), await runGate(config, { ...options, shard: { index: 2, count: 2 } })];
    assert.equal(serializeReport(mergeReports(parts, { config, requireSignificance: true })), serializeReport(whole));
    assert.match(failure(() => mergeReports(parts, { config })), /monitor 'tpr-few' was judged with require-significance, which neither the config nor this merge asks for/);

    const plainParts = [await runGate(config, { ...options, requireSignificance: false, shard: { index: 1, count: 2 } }), await runGate(config, { ...options, requireSignificance: false, shard: { index: 2, count: 2 } })];
    assert.match(failure(() => mergeReports(plainParts, { config, requireSignificance: true })), /monitor 'tpr-few' was judged without require-significance, which this merge asks for/);
    // a config that asks for it per monitor is enough for the merge
    const perMonitor = await loadConfig(await workspace([], { 'fpr-few': ['require_significance: true'] }));
    const mixed = [await runGate(perMonitor, { provider: 'cpu', shard: { index: 1, count: 2 } }), await runGate(perMonitor, { provider: 'cpu', shard: { index: 2, count: 2 } })];
    assert.equal(byId(mergeReports(mixed, { config: perMonitor }), 'fpr-few').verdict, 'fresh');
  });

  test('forged parts do not slip through: an edited interval, counts that do not give the rates, a verdict the recomputed intervals contradict', async () => {
    const config = await loadConfig(await workspace(['require_significance: true']));
    const parts = [await runGate(config, { provider: 'cpu', shard: { index: 1, count: 2 } }), await runGate(config, { provider: 'cpu', shard: { index: 2, count: 2 } })];
    const forge = (change: (m: MonitorResult) => void) => {
      const copy = parts.map((p) => structuredClone(p));
      const m = byId(copy[1], 'tpr-many');
      change(m);
      m.verdict = 'fresh';
      m.reasons = [];
      copy[1].summary.stale -= 1;
      copy[1].summary.fresh += 1;
      copy[1].summary.blocking_failures = [];
      copy[1].verdict = 'pass';
      return copy;
    };
    // a wider interval than its counts give (caught with or without the config)
    const widened = forge((m) => (m.tests!.tpr_change!.ci95 = [-0.6, 0.05]));
    for (const o of [{ config }, {}]) assert.match(failure(() => mergeReports(widened, o)), /monitor 'tpr-many': its TPR change interval -0\.6 to 0\.05 is not Newcombe's for its counts/);
    // counts that do not give the rates
    const counts = forge((m) => Object.assign(m.tests!.tpr_change!, { both: 20, base_only: 160, updated_only: 20 }));
    assert.match(failure(() => mergeReports(counts)), /its TPR change counts \(20 flagged on both sides, 160 on the base only, 20 on the updated only, of 200\) do not give its rates 0\.9 -> 0\.5/);
    // more changed rows than 200 can hold, to widen the interval: one line, not a crash, with or without the config
    const inflated = forge((m) => Object.assign(m.tests!.tpr_change!, { both: 0, base_only: 180, updated_only: 100, ci95: [-0.6, 0.05] }));
    for (const o of [{ config }, {}]) assert.match(failure(() => mergeReports(inflated, o)), /monitor 'tpr-many': its TPR change has counts 0, 180, 100 that do not fit in 200 rows/);
    // the most discordant counts that still give the rates, with the interval made to match: still significant, so the verdict is refused
    const table = { both: 80, updated_only: 20, base_only: 100, neither: 0 };
    const honest = newcombePairedInterval(table);
    const consistent = forge((m) => Object.assign(m.tests!.tpr_change!, { both: 80, base_only: 100, updated_only: 20, ci95: honest.ci95 }));
    assert.ok(honest.ci95[1] <= -0.1, `still clear of the tolerance: ${honest.ci95}`);
    assert.match(failure(() => mergeReports(consistent, { config })), /monitor 'tpr-many': verdict 'fresh' but its metrics with the config's tolerances and require-significance give 'stale'/);
    // a DeLong interval that is not its difference +- 1.96 standard errors
    const delong = forge((m) => (m.tests!.delong.ci95 = [-0.5, 0.5]));
    assert.match(failure(() => mergeReports(delong, { config })), /its DeLong interval -0\.5 to 0\.5 is not its difference \+- 1\.96 standard errors/);
    // an honest part still merges
    assert.equal(mergeReports(parts, { config }).verdict, 'fail');
  });
});

describe('config, CLI and action input', () => {
  test('a non-boolean require_significance is a positioned one-line problem, at the defaults and in a monitor', async () => {
    const file = await workspace(['require_significance: sometimes']);
    const { config, diagnostics } = await validateConfig(file);
    assert.equal(config, undefined);
    assert.equal(diagnostics.length, 1);
    assert.deepEqual([diagnostics[0].line, diagnostics[0].path], [4, 'defaults.require_significance']);
    assert.match(diagnostics[0].message, /^expected true or false, got string 'sometimes'$/);
    assert.doesNotMatch(diagnostics[0].message, /\n/);
    const monitor = await validateConfig(await workspace([], { 'auroc-few': ['require_significance: 1'] }));
    assert.equal(monitor.config!.invalidMonitors.length, 1);
    assert.match(monitor.config!.invalidMonitors[0].message, /require_significance: expected true or false, got number 1/);
    assert.equal(monitor.diagnostics[0].path, 'monitors[3].require_significance');
    // resolved per monitor, and absent (not false) when off, so configs without it read as before
    const resolved = await loadConfig(await workspace(['require_significance: true'], { 'tpr-few': ['require_significance: false'] }));
    assert.deepEqual(resolved.monitors.map((m) => m.requireSignificance), [undefined, true, true, true]);
    assert.equal('require_significance' in resolved.defaults, false);
  });

  test('check --require-significance and merge-reports --require-significance', async () => {
    const cfg = await workspace();
    const dir = path.dirname(cfg);
    const cli = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
      return { code, stdout, stderr };
    };
    const on = await cli('check', '--config', cfg, '--provider', 'cpu', '--require-significance', '--report', path.join(dir, 'on.json'));
    assert.equal(on.code, 1, on.stderr);
    const report = JSON.parse(readFileSync(path.join(dir, 'on.json'), 'utf8')) as GateReport;
    assert.deepEqual(report.monitors.map((m) => m.verdict), scenarios.map((s) => s.expected.verdict_requiring_significance));
    assert.match(on.stdout, /tpr-few: TPR at the deployed threshold dropped 0\.250 .*not counted: not significant/);
    const off = await cli('check', '--config', cfg, '--provider', 'cpu', '--report', path.join(dir, 'off.json'));
    assert.equal(off.code, 1, off.stderr);
    assert.deepEqual((JSON.parse(readFileSync(path.join(dir, 'off.json'), 'utf8')) as GateReport).monitors.map((m) => m.verdict), scenarios.map((s) => s.expected.verdict));

    for (const i of [1, 2]) {
      const part = await cli('check', '--config', cfg, '--provider', 'cpu', '--require-significance', '--shard', `${i}/2`, '--report', path.join(dir, `part${i}.json`));
      assert.ok(part.code === 0 || part.code === 1, part.stderr);
    }
    const parts = [path.join(dir, 'part1.json'), path.join(dir, 'part2.json')];
    const refused = await cli('merge-reports', '--config', cfg, '--out', path.join(dir, 'merged.json'), ...parts);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /judged with require-significance, which neither the config nor this merge asks for/);
    const merged = await cli('merge-reports', '--config', cfg, '--require-significance', '--out', path.join(dir, 'merged.json'), ...parts);
    assert.equal(merged.code, 1, merged.stderr);
    assert.deepEqual((JSON.parse(readFileSync(path.join(dir, 'merged.json'), 'utf8')) as GateReport).monitors.map((m) => m.verdict), scenarios.map((s) => s.expected.verdict_requiring_significance));
    assert.match((await cli('--help')).stdout, /--require-significance/);
  });

  test('action input require-significance: true, false or empty; anything else names the input', () => {
    const key = 'INPUT_REQUIRE-SIGNIFICANCE';
    const saved = process.env[key];
    try {
      delete process.env[key];
      assert.equal(readActionInputs().requireSignificance, false);
      process.env[key] = 'true';
      assert.equal(readActionInputs().requireSignificance, true);
      process.env[key] = 'False';
      assert.equal(readActionInputs().requireSignificance, false);
      process.env[key] = 'sometimes';
      assert.throws(() => readActionInputs(), /input 'require-significance' must be 'true' or 'false', got 'sometimes'/);
    } finally {
      if (saved === undefined) delete process.env[key];
      else process.env[key] = saved;
    }
    const yml = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
    assert.match(yml, /\n {2}require-significance:\n {4}description: "true: a tolerance/);
    assert.match(readFileSync(path.join(repoRoot, 'README.md'), 'utf8'), /\| `require-significance` \|/);
  });
});
