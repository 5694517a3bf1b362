// Monitor drift across checkpoints: every checkpoint is streamed beside the base in one pass per
// file, each point is exactly the label-free estimate `check` reports for that folder, the first
// flagged checkpoint follows the given training order, and on realbench's real update variants the
// flags agree with the ground truth. Checkpoint folders are taken in natural order from globs.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../src/cli/main.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { openTensorFile, readSmallTensor } from '../src/core/formats/tensor-file.ts';
import { checkpointFolders, loadConfig, runGate, runTrajectory, trajectorySchemaProblems, type ProgressEvent, type TrajectoryReport } from '../src/core/index.ts';
import { ActionHarness, pullRequestPayload } from './helpers/action-runner.ts';
import { copyDemo, hasRealbench, realbenchDir, repoRoot, tempDir } from './helpers/workspace.ts';

const root = path.resolve(repoRoot, '..');
const realbenchConfig = path.join(repoRoot, 'examples', 'realbench', 'monitor-gate.yml');
const variantDir = (v: string) => path.join(realbenchDir, 'activations', v);

describe('trajectory on realbench', { skip: hasRealbench ? false : '../shared/realbench not found beside the repository' }, () => {
  const order = ['int8', 'nf4', 'lora', 'qlora', 'full_ft'];
  let report: TrajectoryReport;
  const events: ProgressEvent[] = [];

  test('one pass per tensor for every checkpoint at once; a valid report', async () => {
    const config = await loadConfig(realbenchConfig, { root });
    report = await runTrajectory(config, { checkpoints: order.map((name) => ({ name, dir: variantDir(name) })), progress: (e) => events.push(e) });
    assert.deepEqual(trajectorySchemaProblems(report), []);
    const starts = events.filter((e) => e.kind === 'file-start');
    assert.ok(starts.length > 0);
    for (const s of starts) assert.equal(s.sides, 1 + order.length, `${s.file} [${s.tensor}] streams base and every checkpoint together`);
    assert.equal(new Set(starts.map((s) => `${s.file}#${s.tensor}`)).size, starts.length, 'no tensor is read twice');
    assert.equal(report.monitors.length, config.monitors.length);
    assert.ok(report.monitors.every((m) => m.points.length === order.length && m.verdict !== 'error'));
  });

  test("each point is the label-free estimate check reports for that folder, and the flip rate its flip rate", async () => {
    const config = await loadConfig(realbenchConfig, { root });
    for (const variant of ['nf4', 'qlora']) {
      const gate = await runGate(config, { updatedDir: variantDir(variant) });
      for (const m of report.monitors) {
        const measured = gate.monitors.find((g) => g.id === m.id)!;
        const point = m.points.find((p) => p.checkpoint === variant)!;
        assert.deepEqual(point.estimated, measured.predicted!.estimated, `${m.id} at ${variant}`);
        assert.ok(Math.abs(point.flip_rate! - measured.shift!.flip_rate) < 1e-6, `${m.id} at ${variant}: flips`);
      }
    }
  });

  test('at risk from the first checkpoint, in the order given, whose estimate crosses the tolerances', async () => {
    const config = await loadConfig(realbenchConfig, { root });
    const reversed = await runTrajectory(config, { checkpoints: [...order].reverse().map((name) => ({ name, dir: variantDir(name) })) });
    let changed = 0;
    for (const m of report.monitors) {
      const crossing = (names: string[], r: TrajectoryReport) => {
        const own = r.monitors.find((x) => x.id === m.id)!;
        return names.find((n) => own.points.find((p) => p.checkpoint === n)!.estimated!.score >= 1) ?? null;
      };
      assert.equal(m.first_flagged, crossing(order, report), m.id);
      const back = reversed.monitors.find((x) => x.id === m.id)!;
      assert.equal(back.first_flagged, crossing([...order].reverse(), reversed), m.id);
      assert.equal(back.verdict, m.verdict, 'the same checkpoints, the same verdict');
      if (back.first_flagged !== m.first_flagged) changed++;
    }
    assert.ok(changed > 0, 'the order decides which checkpoint is first');
  });

  test('the drift axis is the principal direction of the drift profiles', () => {
    const axis = report.drift_axis!;
    assert.ok(axis.share > 0 && axis.share <= 1);
    assert.ok(Math.abs(axis.loadings.reduce((s, l) => s + l.loading ** 2, 0) - 1) < 1e-3, 'unit length');
    // profiles rebuilt from the report: no other direction holds more of their sum of squares
    const profiles = order.map((c) =>
      report.monitors.flatMap((m) => {
        const e = m.points.find((p) => p.checkpoint === c)!.estimated!;
        return [-e.tpr_delta.value / 0.1, e.fpr_delta.value / 0.05, -e.auroc_delta.value / 0.03];
      }),
    );
    const total = profiles.flat().reduce((s, x) => s + x * x, 0);
    const along = axis.positions.reduce((s, p) => s + p.position ** 2, 0);
    assert.ok(Math.abs(along / total - axis.share) < 1e-3);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let trial = 0; trial < 200; trial++) {
      const v = profiles[0].map(random);
      const n = Math.hypot(...v);
      const held = profiles.reduce((s, row) => s + row.reduce((q, x, j) => q + (x * v[j]) / n, 0) ** 2, 0);
      assert.ok(held <= along * (1 + 1e-6), `trial ${trial}: ${held} > ${along}`);
    }
  });

  test('the flags agree with the ground truth on the real update variants', () => {
    const truth: { monitor_id: string; variant: string; stale: boolean }[] = JSON.parse(readFileSync(path.join(realbenchDir, 'ground_truth.json'), 'utf8')).cells;
    let agree = 0;
    let cells = 0;
    for (const cell of truth.filter((c) => order.includes(c.variant))) {
      const point = report.monitors.find((m) => m.id === cell.monitor_id)!.points.find((p) => p.checkpoint === cell.variant)!;
      cells++;
      if (point.estimated!.score >= 1 === cell.stale) agree++;
    }
    console.log(`trajectory flags vs ground truth on realbench: ${agree} of ${cells} cells agree`);
    assert.ok(agree / cells >= 0.85, `${agree} of ${cells}`);
  });
});

describe('trajectory command', () => {
  /** The demo with a run's checkpoints: int8-like early, LoRA-like late, named so that text order is wrong. */
  function demoRun(): { dir: string; config: string } {
    const dir = copyDemo();
    for (const [name, from] of [['step-30', 'int8'], ['step-200', 'int8'], ['step-1000', 'lora']]) {
      mkdirSync(path.join(dir, 'run'), { recursive: true });
      cpSync(path.join(dir, 'acts', from), path.join(dir, 'run', name), { recursive: true });
    }
    return { dir, config: path.join(dir, 'monitor-gate.yml') };
  }
  const cli = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  };

  test('a glob of checkpoint folders is taken in natural order', async () => {
    const { dir } = demoRun();
    const found = await checkpointFolders(['run/step-*'], dir);
    assert.deepEqual(found.map((c) => c.name), ['step-30', 'step-200', 'step-1000']);
  });

  test('prints when each monitor goes at risk; --fail-on-trajectory makes that exit 1; the report validates', async () => {
    const { dir, config } = demoRun();
    const out = path.join(tempDir(), 'trajectory.json');
    const run = await cli('trajectory', '--quiet', '--config', config, '--checkpoints', path.join(dir, 'run', 'step-*'), '--report', out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^TRAJECTORY AT RISK: 1 of 3 monitors at risk \(1 blocking\) across 3 checkpoints$/m);
    assert.match(run.stdout, /^pii-email: at risk from step-1000 \(estimated TPR [\d.]+ -> [\d.]+, FPR [\d.]+ -> [\d.]+; score [\d.]+\)$/m);
    assert.match(run.stdout, /^refusal: steady \(largest estimated score [\d.]+, at step-\d+\)$/m);
    const report = JSON.parse(readFileSync(out, 'utf8')) as TrajectoryReport;
    assert.deepEqual(trajectorySchemaProblems(report), []);
    assert.deepEqual(report.checkpoints.map((c) => c.name), ['step-30', 'step-200', 'step-1000']);
    const failing = await cli('trajectory', '--quiet', '--config', config, '--checkpoints', path.join(dir, 'run', 'step-*'), '--fail-on-trajectory');
    assert.equal(failing.code, 1);
    assert.deepEqual(trajectorySchemaProblems({ ...report, verdict: 'fine' }).length > 0, true, 'the schema can fail');
  });

  test('a checkpoint folder without the files: every monitor is an error line, nothing estimated, exit 2', async () => {
    const { dir, config } = demoRun();
    rmSync(path.join(dir, 'run', 'step-200', 'layer12.safetensors'));
    rmSync(path.join(dir, 'run', 'step-200', 'layer6.safetensors'));
    const run = await cli('trajectory', '--quiet', '--config', config, '--checkpoints', path.join(dir, 'run', 'step-*'));
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /^TRAJECTORY ERROR: no monitor could be estimated across 3 checkpoints · 3 could not be estimated$/m);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error: '));
    assert.equal(errors.length, 3, run.stderr);
    for (const line of errors) assert.match(line, /step-200/);
  });

  test('fail closed: a blocking monitor that cannot be estimated is an error (exit 2), an advisory one is not', async () => {
    const { dir, config } = demoRun();
    rmSync(path.join(dir, 'run', 'step-30', 'layer6.safetensors')); // toxicity-mlp, advisory
    const advisory = await cli('trajectory', '--quiet', '--config', config, '--checkpoints', path.join(dir, 'run', 'step-*'));
    assert.equal(advisory.code, 0, advisory.stdout);
    assert.match(advisory.stdout, /^toxicity-mlp: error: .*step-30\/layer6\.safetensors: file not found$/m);
    const other = demoRun();
    rmSync(path.join(other.dir, 'run', 'step-30', 'layer12.safetensors')); // pii-email and refusal, blocking
    const blocking = await cli('trajectory', '--quiet', '--config', other.config, '--checkpoints', path.join(other.dir, 'run', 'step-*'));
    assert.equal(blocking.code, 2, blocking.stdout);
    assert.match(blocking.stdout, /^TRAJECTORY ERROR: 2 blocking monitors could not be estimated \(pii-email, refusal\) across 3 checkpoints; 0 of 3 at risk$/m);
    assert.match(blocking.stdout, /^toxicity-mlp \(advisory\): steady/m, 'the others are still estimated');
  });

  test("the config's trajectory: checkpoints are used without --checkpoints, relative to the config and inside its root", async () => {
    const { dir, config } = demoRun();
    appendFileSync(config, 'trajectory:\n  checkpoints: [run/step-*]\n');
    const run = await cli('trajectory', '--quiet', '--config', config);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^pii-email: at risk from step-1000 /m);
    assert.match(run.stdout, /across 3 checkpoints/);
    // a folder outside the config's root is refused, as every other path the config names
    const outside = tempDir();
    cpSync(path.join(dir, 'acts', 'lora'), path.join(outside, 'step-1'), { recursive: true });
    writeFileSync(config, readFileSync(config, 'utf8').replace('[run/step-*]', `[${JSON.stringify(path.relative(dir, path.join(outside, 'step-1')))}]`));
    const refused = await cli('trajectory', '--quiet', '--config', config);
    assert.equal(refused.code, 2, refused.stdout);
    assert.match(refused.stderr, /^error: checkpoint folder .*step-1 is outside .*; the config's paths must stay inside it$/m);
  });

  test('--traits: the drift along trait directions, on the rows of the layer\'s first monitor; bad tensors are named', async () => {
    const { dir, config } = demoRun();
    const rows = async (side: string) => {
      const file = await openTensorFile(path.join(dir, side, 'layer12.safetensors'));
      return { x: await readSmallTensor(file.tensors.get('pii.eval')!, 1 << 22), y: await readSmallTensor(file.tensors.get('pii.eval.labels')!, 1 << 22) };
    };
    const base = await rows('acts/base');
    const D = 64;
    // a real trait direction: the base rows' mean difference between PII and other rows
    const mean = (cls: number) => {
      const m = new Float64Array(D);
      let n = 0;
      base.y.forEach((label, i) => {
        if (label !== cls) return;
        n++;
        for (let j = 0; j < D; j++) m[j] += base.x[i * D + j];
      });
      return m.map((v) => v / n);
    };
    const pos = mean(1);
    const neg = mean(0);
    const piiDirection = Float32Array.from(pos, (v, j) => v - neg[j]);
    const traitsFile = path.join(tempDir(), 'traits.safetensors');
    await writeSafetensors(traitsFile, {
      'layer12/pii-direction': { dtype: 'F32', shape: [D], data: piiDirection },
      'layer99/nowhere': { dtype: 'F32', shape: [D], data: piiDirection },
      'layer12/short': { dtype: 'F32', shape: [D - 1], data: piiDirection.subarray(0, D - 1) },
      sycophancy: { dtype: 'F32', shape: [D], data: piiDirection },
    });
    const out = path.join(tempDir(), 'trajectory.json');
    const run = await cli('trajectory', '--quiet', '--config', config, '--checkpoints', path.join(dir, 'run', 'step-*'), '--traits', traitsFile, '--report', out);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as TrajectoryReport;
    assert.deepEqual(trajectorySchemaProblems(report), []);
    const trait = report.traits!.find((t) => t.name === 'pii-direction')!;
    assert.equal(trait.error, undefined);
    // the shift recomputed here from the files: mean projection change over the base projections' SD
    const unit = Float64Array.from(piiDirection, (v) => v / Math.hypot(...piiDirection));
    const project = (x: Float64Array) => Float64Array.from({ length: x.length / D }, (_, i) => unit.reduce((s, u, j) => s + u * x[i * D + j], 0));
    const zb = project(base.x);
    const mb = zb.reduce((a, b) => a + b, 0) / zb.length;
    const sd = Math.sqrt(zb.reduce((a, b) => a + (b - mb) ** 2, 0) / (zb.length - 1));
    for (const point of trait.points) {
      const zc = project((await rows(path.join('run', point.checkpoint))).x);
      const expected = (zc.reduce((a, b) => a + b, 0) / zc.length - mb) / sd;
      assert.ok(Math.abs(point.shift - expected) < 1e-4 * Math.max(1, Math.abs(expected)), `${point.checkpoint}: ${point.shift} vs ${expected}`);
    }
    assert.ok(Math.abs(trait.points.at(-1)!.shift) > 10 * Math.abs(trait.points[0].shift), 'the LoRA-like checkpoint moves along the PII direction, the INT8-like ones barely');
    const errors: Record<string, string> = Object.fromEntries(report.traits!.filter((t) => t.error).map((t) => [t.name, t.error!]));
    assert.match(errors.nowhere, /no monitor reads layer 99/);
    assert.match(errors.short, /width|D=/);
    assert.match(errors['traits.safetensors'], /tensor 'sycophancy' is not named layer<L>\/<trait>/);
    assert.match(run.stdout, /^trait pii-direction \(layer 12\): mean shift .* at step-1000 \(base standard deviations\)$/m);
    assert.equal(report.monitors.length, 3, 'the traits are not monitors');
  });

  test('--checkpoints that match nothing is a usage error', async () => {
    const { config } = demoRun();
    const run = await cli('trajectory', '--config', config, '--checkpoints', '/nonexistent/step-*');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--checkpoints '\/nonexistent\/step-\*' matches no folder/);
  });
});

describe('trajectory in the Action (checkpoints input)', () => {
  test('warns at the at-risk monitor\'s config line, writes the report, summary and outputs; fail-on-trajectory fails the step', async () => {
    const harness = new ActionHarness();
    try {
      const workspace = harness.newWorkspace();
      for (const [name, from] of [['step-30', 'int8'], ['step-200', 'int8'], ['step-1000', 'lora']]) {
        cpSync(path.join(workspace, 'monitors', 'acts', from), path.join(workspace, 'run', name), { recursive: true });
      }
      const inputs = { checkpoints: 'run/step-*', 'report-path': 'trajectory.json' };
      const run = await harness.run({ inputs, workspace, payload: pullRequestPayload('opened', { labels: [] }) });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.equal(run.outputs['trajectory-verdict'], 'at-risk');
      assert.equal(run.outputs['at-risk-monitors'], 'pii-email');
      const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning '));
      const piiLine = readFileSync(path.join(workspace, '.github', 'monitor-gate.yml'), 'utf8').split('\n').findIndex((l) => /id: pii-email/.test(l)) + 1;
      assert.ok(warnings.some((w) => w.includes(`file=.github/monitor-gate.yml,line=${piiLine}`) && /pii-email: at risk from step-1000/.test(w)), warnings.join('\n'));
      assert.match(run.stdout, /^monitor-gate: TRAJECTORY AT RISK: 1 of 3 monitors at risk \(1 blocking\) across 3 checkpoints$/m);
      assert.match(run.summary, /^## ⚠️ monitor-gate trajectory: TRAJECTORY AT RISK/m);
      assert.match(run.summary, /```mermaid\nxychart-beta\n  title "Estimated staleness score by checkpoint"\n  x-axis \["step-30", "step-200", "step-1000"\]/);
      assert.match(run.summary, /^\| `pii-email` \| [\d.]+ \| [\d.]+ \| \*\*[\d.]+\*\* \|$/m);
      const report = JSON.parse(readFileSync(path.join(workspace, 'trajectory.json'), 'utf8'));
      assert.deepEqual(trajectorySchemaProblems(report), []);

      const failing = await harness.run({ inputs: { ...inputs, 'fail-on-trajectory': 'true' }, workspace, payload: pullRequestPayload('opened', { labels: [] }) });
      assert.equal(failing.status, 1);
      assert.match(failing.stdout, /^::error::monitor-gate: TRAJECTORY AT RISK: .* \(fail-on-trajectory\)$/m);

      const none = await harness.run({ inputs: { checkpoints: 'run/nothing-*' }, workspace, payload: pullRequestPayload('opened', { labels: [] }) });
      assert.equal(none.status, 1);
      assert.match(none.stdout, /^::error::monitor-gate: checkpoints: 'run\/nothing-\*' matches no folder$/m);
    } finally {
      rmSync(harness.root, { recursive: true, force: true });
    }
  });
});
