// A verifying merge: partial reports are data from other jobs (or files someone put in the reports
// folder). Each edit a person could make to turn a failing gate green is refused with one line
// naming the part, checked against the part's own content and against the real config file.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { GateError, loadConfig, mergeReports, runGate, serializeReport, type GateConfig, type GateReport } from '../../src/core/index.ts';
import { MAX_SHARDS } from '../../src/core/shard.ts';
import { summarizeResults } from '../../src/core/verdict.ts';
import { ActionHarness } from '../helpers/action-runner.ts';
import { tempDir } from '../helpers/workspace.ts';
import { assertNoStack, cli, demo } from './helpers.ts';

const COMMIT = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof GateError, `a GateError, not ${String(error)}`);
    assert.doesNotMatch(error.toLine(), /\n/);
    return error.toLine();
  }
  assert.fail('the merge should have been refused');
}

/** Recomputes a part's summary and verdict after an edit, as a careful forger would (with the gate's own code). */
function resummarize(r: GateReport): void {
  const { verdict, summary } = summarizeResults(r.monitors, { failOnPredicted: r.prediction?.fail_on_predicted });
  r.verdict = verdict;
  r.summary = summary;
}

describe('merge-reports verifies every part', () => {
  let config: GateConfig;
  let configFile: string;
  let parts: GateReport[];
  let predicted: GateReport[];
  const names = ['p1.json', 'p2.json', 'p3.json'];
  const d = demo();
  before(async () => {
    configFile = d.config;
    config = await loadConfig(configFile);
    parts = [];
    predicted = [];
    for (const index of [1, 2, 3]) {
      parts.push(await runGate(config, { provider: 'cpu', commit: COMMIT, shard: { index, count: 3 } }));
      predicted.push(await runGate(config, { provider: 'cpu', commit: COMMIT, shard: { index, count: 3 }, predictOnly: true }));
    }
  });
  const edited = (source: GateReport[], i: number, edit: (r: GateReport) => void, options: { resummarize?: boolean; all?: boolean } = {}) => {
    const copy = source.map((p) => structuredClone(p));
    for (const [k, r] of copy.entries()) {
      if (options.all || k === i) {
        edit(r);
        if (options.resummarize) resummarize(r);
      }
    }
    return copy;
  };
  const pii = (r: GateReport) => r.monitors.find((m) => m.id === 'pii-email')!;

  test('the untouched parts merge and fail the gate on pii-email, with and without the config', () => {
    for (const options of [{ sources: names }, { sources: names, config, commit: COMMIT }]) {
      const merged = mergeReports(parts, options);
      assert.equal(merged.verdict, 'fail');
      assert.deepEqual(merged.summary.blocking_failures, ['pii-email']);
    }
  });

  const refusals: Array<[string, () => GateReport[], 'content' | 'config', string]> = [
    ['a stale verdict edited to fresh (summary left)', () => edited(parts, 0, (r) => (pii(r).verdict = 'fresh')), 'content', "p1.json: not a faithful partial report: its verdict is 'fail' but its monitors give 'pass'"],
    ['a stale verdict edited to fresh, summary recomputed', () => edited(parts, 0, (r) => ((pii(r).verdict = 'fresh'), (pii(r).reasons = [])), { resummarize: true }), 'config', "p1.json: not a faithful partial report: monitor 'pii-email': verdict 'fresh' but its metrics with the config's tolerances give 'stale'"],
    ['a stale verdict edited to inconclusive', () => edited(parts, 0, (r) => (pii(r).verdict = 'inconclusive'), { resummarize: true }), 'config', "p1.json: not a faithful partial report: monitor 'pii-email': verdict 'inconclusive' but its metrics with the config's tolerances give 'stale'"],
    ['a stale verdict edited to error on an advisory copy', () => edited(parts, 0, (r) => ((pii(r).verdict = 'skipped')), { resummarize: true }), 'content', "p1.json: not a faithful partial report: monitor 'pii-email': verdict 'skipped' in a part that skipped nothing"],
    ['the stale monitor deleted', () => edited(parts, 0, (r) => (r.monitors = r.monitors.filter((m) => m.id !== 'pii-email')), { resummarize: true }), 'config', "p1.json: not a faithful partial report: monitor 'pii-email' of shard 1/3 is missing from the part"],
    ['the stale monitor made advisory', () => edited(parts, 0, (r) => (pii(r).blocking = false), { resummarize: true }), 'config', "p1.json: not a faithful partial report: monitor 'pii-email' is advisory but the config makes it blocking"],
    ['the updated metrics edited to match the base', () => edited(parts, 0, (r) => ((pii(r).updated = { ...pii(r).base! }), (pii(r).verdict = 'fresh')), { resummarize: true }), 'content', "p1.json: not a faithful partial report: monitor 'pii-email': delta auroc DELTA is not updated - base (0)"],
    [
      'a monitor at chance on the base rows (the gate says error) edited to fresh',
      () =>
        edited(
          parts,
          0,
          (r) => {
            const chance = { auroc: 0.5, tpr: 0, fpr: 0, recall_at_1fpr: 0, recall_at_5fpr: 0 };
            Object.assign(pii(r), { base: { ...chance }, updated: { ...chance }, delta: { ...chance, auroc: 0 }, verdict: 'fresh', reasons: [] });
          },
          { resummarize: true },
        ),
      'config',
      "p1.json: not a faithful partial report: monitor 'pii-email': verdict 'fresh' but its metrics with the config's tolerances give 'error'",
    ],
    ['the threshold edited', () => edited(parts, 0, (r) => (pii(r).threshold = 0.99)), 'config', "p1.json: not a faithful partial report: monitor 'pii-email': threshold 0.99 is not the config's 0.78"],
    ['the monitor moved to another line', () => edited(parts, 0, (r) => (pii(r).source.line = 99)), 'config', "p1.json: not a faithful partial report: monitor 'pii-email' is placed at line 99 but the config declares it at line 13"],
    ['a monitor the config does not have', () => edited(parts, 1, (r) => r.monitors.push({ ...structuredClone(r.monitors[0]), id: 'ghost' }), { resummarize: true }), 'config', "p2.json: not a faithful partial report: monitor 'ghost' is not one of the monitors the config gives shard 2/3"],
    ['the fingerprint forged in every part', () => edited(parts, 0, (r) => (r.fingerprint = `sha256:${'0'.repeat(64)}`), { all: true }), 'config', `p1.json: not a faithful partial report: its config fingerprint sha256:${'0'.repeat(64)} is not that of CONFIG (FINGERPRINT)`],
    ['the fingerprint removed from every part', () => edited(parts, 0, (r) => delete r.fingerprint, { all: true }), 'config', 'p1.json: not a faithful partial report: its config fingerprint none is not that of CONFIG (FINGERPRINT)'],
    ['rows that do not add up', () => edited(parts, 0, (r) => (pii(r).rows!.positives = 1)), 'content', "p1.json: not a faithful partial report: monitor 'pii-email': rows 1 + 200 is not 400"],
    ['an AUROC above 1', () => edited(parts, 0, (r) => (pii(r).base!.auroc = 1.5)), 'content', "p1.json: not a faithful partial report: monitor 'pii-email': base auroc 1.5 is not in [0, 1]"],
    ['a measured verdict without metrics', () => edited(parts, 1, (r) => (delete r.monitors[0].base, delete r.monitors[0].delta)), 'content', "p2.json: not a faithful partial report: monitor 'refusal': verdict 'fresh' without the metrics it was measured from"],
    ['a measure-all run with a predicted verdict', () => edited(parts, 0, (r) => ((pii(r).verdict = 'predicted-fresh'), (pii(r).predicted!.measured = false)), { resummarize: true }), 'content', "p1.json: not a faithful partial report: monitor 'pii-email': verdict 'predicted-fresh' in a run that measures every monitor"],
    ['the risk threshold raised in every part', () => edited(parts, 0, (r) => (r.prediction!.risk_threshold = 1), { all: true }), 'config', "p1.json: not a faithful partial report: its risk threshold 1 is not the config's 0.5"],
    ['fail-on-predicted turned off in every part', () => edited(parts, 0, (r) => (r.prediction!.fail_on_predicted = false), { all: true }), 'config', "p1.json: not a faithful partial report: its fail-on-predicted false is not the config's true"],
    ['a skip injected into every part', () => edited(parts, 0, (r) => ((r.skipped = 'no model update'), r.monitors.forEach((m) => (m.verdict = 'skipped'))), { all: true, resummarize: true }), 'config', 'p1.json: not a faithful partial report: it skipped measuring, which this config never does (skip-when-unchanged is off)'],
    ['a predicted-stale verdict edited to predicted-fresh', () => edited(predicted, 0, (r) => (pii(r).verdict = 'predicted-fresh'), { resummarize: true }), 'content', 'p1.json: not a faithful partial report: monitor \'pii-email\': verdict \'predicted-fresh\' but its risk RISK is at or above the risk threshold 0.5'],
    ['a predicted risk edited below the threshold', () => edited(predicted, 0, (r) => ((pii(r).predicted!.risk = 0.01), (pii(r).verdict = 'predicted-fresh')), { resummarize: true }), 'config', "p1.json: not a faithful partial report: monitor 'pii-email': predicted risk 0.01 is not what the predictor gives for its features (RISK)"],
  ];
  for (const [what, make, level, message] of refusals) {
    test(`${what}: refused${level === 'config' ? ' against the config' : ' by the part itself'}`, () => {
      const tampered = make();
      const riskOf = (rs: GateReport[]) => String(rs[0].monitors.find((m) => m.id === 'pii-email')?.predicted?.risk);
      const expected = message
        .replace('CONFIG', configFile)
        .replace('FINGERPRINT', parts[0].fingerprint!)
        .replace('RISK', riskOf(what.startsWith('a predicted risk') ? predicted : tampered))
        .replace('DELTA', String(pii(parts[0]).delta?.auroc));
      assert.equal(failure(() => mergeReports(tampered, { sources: names, config, commit: COMMIT })), `${expected} (merge the partial reports the shard jobs wrote, unedited)`);
      if (level === 'content') assert.equal(failure(() => mergeReports(tampered, { sources: names })), `${expected} (merge the partial reports the shard jobs wrote, unedited)`);
    });
  }

  test('without the config a consistent forgery is not detectable: the CLI says so when no config is found', async () => {
    const forged = edited(parts, 0, (r) => ((pii(r).verdict = 'fresh'), (pii(r).reasons = [])), { resummarize: true });
    assert.equal(mergeReports(forged, { sources: names }).verdict, 'pass');
    const dir = tempDir();
    const files = forged.map((p, i) => path.join(dir, names[i]));
    forged.forEach((p, i) => writeFileSync(files[i], serializeReport(p)));
    const run = await cli('merge-reports', '--out', path.join(dir, 'merged.json'), ...files);
    assert.match(run.stderr, /^warning: no config \(\.github\/monitor-gate\.yml not found\): the parts are checked against their own content only; pass --config/);
    const checked = await cli('merge-reports', '--config', configFile, '--out', path.join(dir, 'merged.json'), ...files);
    assert.equal(checked.code, 2);
    assert.equal(checked.stderr, `error: ${files[0]}: not a faithful partial report: monitor 'pii-email': verdict 'fresh' but its metrics with the config's tolerances give 'stale' (merge the partial reports the shard jobs wrote, unedited)\n`);
    assertNoStack(run.stderr + checked.stderr);
  });

  const bounds: Array<[string, (r: GateReport) => void, string]> = [
    ['shard.count 1e9', (r) => (r.shard = { index: 1, count: 1e9 }), 'p1.json: shard 1/1000000000 is out of range: a shard is i/n with 1 <= i <= n <= 256'],
    ['shard.count 257', (r) => (r.shard = { index: 1, count: 257 }), 'p1.json: shard 1/257 is out of range: a shard is i/n with 1 <= i <= n <= 256'],
    ['shard.index 0', (r) => (r.shard = { index: 0, count: 3 }), 'p1.json: shard 0/3 is out of range: a shard is i/n with 1 <= i <= n <= 256'],
    ['shard.index above the count', (r) => (r.shard = { index: 4, count: 3 }), 'p1.json: shard 4/3 is out of range: a shard is i/n with 1 <= i <= n <= 256'],
    ['a fractional shard count', (r) => (r.shard = { index: 1, count: 2.5 }), 'p1.json: shard 1/2.5 is out of range: a shard is i/n with 1 <= i <= n <= 256'],
  ];
  for (const [what, edit, message] of bounds) {
    test(`${what}: refused before anything is allocated`, () => {
      const before = process.memoryUsage().heapUsed;
      assert.equal(failure(() => mergeReports(edited(parts, 0, edit), { sources: names })), message);
      assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, 'no allocation proportional to the count');
    });
  }
  test(`more than ${MAX_SHARDS} parts are refused`, () => {
    const many = Array.from({ length: MAX_SHARDS + 1 }, () => parts[0]);
    assert.equal(failure(() => mergeReports(many)), `${MAX_SHARDS + 1} partial reports; a sharded run has at most ${MAX_SHARDS} (merge the partial reports of one sharded run)`);
  });
  test('parts of another commit than the one being merged are refused', () => {
    assert.equal(
      failure(() => mergeReports(parts, { sources: names, commit: 'f'.repeat(40) })),
      `p1.json: the partial reports are of commit ${COMMIT}, not of ${'f'.repeat(40)}, the commit being merged (merge the partial reports this run wrote for this commit)`,
    );
  });
  test('a hostile monitor id is clipped and stays on one line in the message', () => {
    const id = `x\n::warning::forged${'y'.repeat(200)}`;
    const line = failure(() => mergeReports(edited(parts, 1, (r) => r.monitors.push({ ...structuredClone(r.monitors[0]), id }), { resummarize: true }), { sources: names, config }));
    assert.ok(line.length < 400, line);
  });
});

describe('the action in merge mode checks the parts against the checkout', () => {
  test('a part whose stale verdict was edited to fresh fails the merge job with one line', async () => {
    const harness = new ActionHarness();
    const workspace = harness.newWorkspace();
    const config = await loadConfig(path.join(workspace, '.github', 'monitor-gate.yml'), { root: workspace });
    const cwd = process.cwd();
    process.chdir(workspace);
    let parts: GateReport[];
    try {
      parts = [];
      for (const index of [1, 2, 3]) parts.push(await runGate(config, { provider: 'cpu', commit: COMMIT, shard: { index, count: 3 } }));
    } finally {
      process.chdir(cwd);
    }
    const forged = parts.map((p) => structuredClone(p));
    const m = forged[0].monitors.find((x) => x.id === 'pii-email')!;
    m.verdict = 'fresh';
    m.reasons = [];
    resummarize(forged[0]);
    mkdirSync(path.join(workspace, 'parts'));
    forged.forEach((p, i) => writeFileSync(path.join(workspace, 'parts', `p${i + 1}.json`), serializeReport(p)));
    const run = await harness.run({ inputs: { mode: 'merge', 'reports-dir': 'parts', comment: 'false' }, workspace });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^::error::monitor-gate: parts\/p1\.json: not a faithful partial report: monitor 'pii-email': verdict 'fresh' but its metrics with the config's tolerances give 'stale' \(merge the partial reports the shard jobs wrote, unedited\)$/m);
    assert.equal(run.outputs.verdict, 'fail');
    assertNoStack(run.stdout + run.stderr);
  });
});
