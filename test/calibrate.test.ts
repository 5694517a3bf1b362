// `monitor-gate calibrate`: thresholds at a target base FPR, computed with the real demo probes
// through onnxruntime and checked against what the gate itself measures at those thresholds.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, runGate, thresholdAtFpr, withThresholds } from '../src/core/index.ts';
import { cli, demo } from './hostile/helpers.ts';

/** The largest double below x: a threshold a hair lower. */
function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** The new thresholds from the CLI table (NEW THRESHOLD is printed in full). */
function tableThresholds(stdout: string): Map<string, number> {
  const rows = stdout.split('\n').slice(2).filter((l) => l && !l.startsWith('wrote '));
  return new Map(rows.map((l) => l.split(/\s{2,}/)).map((cells) => [cells[0], Number(cells[3])]));
}

async function baseMetrics(config: string) {
  const report = await runGate(await loadConfig(config), { provider: 'cpu' });
  return new Map(report.monitors.map((m) => [m.id, m.base!]));
}

describe('calibrate', () => {
  test('--fpr 0.05 --write: the gate measures base FPR <= 0.05 at each new threshold, and more just below it', async () => {
    const { config } = demo();
    const before = readFileSync(config, 'utf8');
    const run = await cli('calibrate', '--config', config, '--fpr', '0.05', '--write');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^base-model thresholds at FPR <= 0\.05 \(flag when score > threshold\)/);
    assert.match(run.stdout, /wrote 3 thresholds into /);
    const thresholds = tableThresholds(run.stdout);
    assert.deepEqual([...thresholds.keys()], ['pii-email', 'refusal', 'toxicity-mlp']);

    const written = await loadConfig(config);
    for (const m of written.monitors) assert.equal(m.threshold, thresholds.get(m.id), `${m.id}: the config holds exactly the printed threshold`);
    const at = await baseMetrics(config);
    const rows = new Map(run.stdout.split('\n').slice(2).map((l) => l.split(/\s{2,}/)).map((c) => [c[0], c]));
    for (const [id, metrics] of at) {
      assert.ok(metrics.fpr <= 0.05, `${id}: base FPR ${metrics.fpr} at the calibrated threshold`);
      assert.equal(Number(rows.get(id)![4]), Number(metrics.fpr.toPrecision(4)), `${id}: printed FPR is the gate's`);
      assert.equal(Number(rows.get(id)![5]), Number(metrics.tpr.toPrecision(4)), `${id}: printed TPR is the gate's`);
    }
    // The smallest such threshold: one double lower lets a negative through.
    writeFileSync(config, withThresholds(readFileSync(config, 'utf8'), config, new Map([...thresholds].map(([id, t]) => [id, nextDown(t)]))));
    for (const [id, metrics] of await baseMetrics(config)) assert.ok(metrics.fpr > 0.05, `${id}: base FPR ${metrics.fpr} just below the threshold`);

    // Only the threshold values changed: every other line, and every comment, is as it was.
    const after = withThresholds(readFileSync(config, 'utf8'), config, thresholds);
    const [a, b] = [before.split('\n'), after.split('\n')];
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      assert.match(a[i], /^\s+threshold: [\d.]+(\s+#.*)?$/, `line ${i + 1} changed: ${a[i]}`);
      assert.equal(b[i].replace(/threshold: [\d.e-]+/, ''), a[i].replace(/threshold: [\d.]+/, ''), `line ${i + 1}: only the value changed`);
    }
    assert.equal(a.filter((l, i) => l !== b[i]).length, 3);
  });

  test('without --write the config is untouched; the table shows the thresholds in use now', async () => {
    const { config } = demo();
    const before = readFileSync(config, 'utf8');
    const run = await cli('calibrate', '--config', config, '--fpr', '0.10');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(config, 'utf8'), before);
    assert.doesNotMatch(run.stdout, /wrote/);
    const now = await baseMetrics(config);
    const row = run.stdout.split('\n').find((l) => l.startsWith('pii-email'))!.split(/\s{2,}/);
    assert.equal(row[1], '0.78');
    assert.equal(row[2], `${Number(now.get('pii-email')!.fpr.toPrecision(3))}/${Number(now.get('pii-email')!.tpr.toPrecision(3))}`);
    assert.ok(Number(row[4]) <= 0.1 && Number(row[3]) < 0.78, 'a looser FPR lowers the threshold');
  });

  test('ties: the threshold is the smallest with FPR <= target, and the table says no threshold reaches the target', () => {
    // 10 negatives, three tied at 0.9: FPR steps 0 -> 0.3 there, so 0.1 cannot be met exactly.
    const scores = Float64Array.from([0.9, 0.9, 0.9, 0.5, 0.4, 0.3, 0.2, 0.2, 0.1, 0.05, 0.95, 0.8, 0.7]);
    const labels = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const r = thresholdAtFpr(scores, labels, 0.1);
    assert.deepEqual(r, { positives: 3, negatives: 10, threshold: 0.9, fpr: 0, tpr: 1 / 3, fprJustBelow: 0.3, tiedNegatives: 3 });
    // 0.3 is reachable: the 4th largest negative (0.5) leaves exactly the three tied ones above it.
    assert.equal(thresholdAtFpr(scores, labels, 0.3).threshold, 0.5);
    assert.equal(thresholdAtFpr(scores, labels, 0.3).fpr, 0.3);
    // A target of 0: above every negative.
    assert.equal(thresholdAtFpr(scores, labels, 0).threshold, 0.9);
    assert.match(thresholdAtFpr(scores, new Uint8Array(13), 0.1).error!, /both classes.*0 positives and 13 negatives/);
  });

  test('a monitor that cannot be calibrated is one error line; the others are calibrated and written', async () => {
    const { config, dir } = demo();
    rmSync(path.join(dir, 'probes', 'refusal.onnx'));
    const run = await cli('calibrate', '--config', config, '--fpr', '0.05', '--write');
    assert.equal(run.code, 2);
    const errors = run.stderr.split('\n').filter(Boolean);
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0], /^error: refusal: .*refusal\.onnx/);
    const written = await loadConfig(config);
    assert.equal(written.monitors.find((m) => m.id === 'refusal')!.threshold, 0.436, 'left as it was');
    assert.notEqual(written.monitors.find((m) => m.id === 'pii-email')!.threshold, 0.78);
    assert.match(run.stdout, /wrote 2 thresholds/);
  });

  test('usage errors are one line each', async () => {
    const { config } = demo();
    for (const args of [[], ['--fpr', '1.5'], ['--fpr', 'x'], ['--fpr', '']]) {
      const run = await cli('calibrate', '--config', config, ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
      assert.match(run.stderr, /^error: calibrate needs --fpr X/);
    }
    const missing = await cli('calibrate', '--config', config + '.missing', '--fpr', '0.05');
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.split('\n').filter(Boolean).length, 1, missing.stderr);
  });

  test('--write refuses a threshold it cannot edit in place (an alias) and writes nothing', () => {
    const text = ['x: &t 0.5', 'monitors:', '  - id: a', '    threshold: *t', ''].join('\n');
    assert.throws(() => withThresholds(text, 'c.yml', new Map([['a', 0.25]])), /cannot edit the threshold of monitor 'a'/);
    assert.equal(withThresholds(['monitors:', '  - { id: a, threshold: 0.5 } # keep', ''].join('\n'), 'c.yml', new Map([['a', 0.25]])), 'monitors:\n  - { id: a, threshold: 0.25 } # keep\n');
  });
});
