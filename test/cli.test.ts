// The CLI contract (flags, exit codes, report fields) on the bundled example, and bad input:
// each problem gives one line naming the file and the problem, and the other monitors still run.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../src/cli/main.ts';
import { reportSchemaProblems, type GateReport } from '../src/core/index.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { openTensorFile, readSmallTensor } from '../src/core/formats/tensor-file.ts';
import type { DType } from '../src/core/types.ts';
import { widthProbe, zipMapProbe } from './helpers/probes.ts';
import { copyDemo, demoDir, hasRealbench, realbenchDir, repoRoot, tempDir } from './helpers/workspace.ts';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const readReport = (file: string): GateReport => JSON.parse(readFileSync(file, 'utf8'));
const verdicts = (report: GateReport) => Object.fromEntries(report.monitors.map((m) => [m.id, m.verdict]));

function assertNoStack(run: CliRun): void {
  assert.doesNotMatch(run.stdout + run.stderr, /^\s+at .+\(?.+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(run.stderr, /monitor-gate bug/);
}

/** Rewrites one tensor of a safetensors file (all tensors kept, as float32 / uint8). */
async function rewriteTensor(file: string, name: string, edit: (values: Float64Array, shape: number[]) => Float64Array): Promise<void> {
  const tf = await openTensorFile(file);
  const out: Record<string, { dtype: DType; shape: number[]; data: ArrayBufferView }> = {};
  for (const [tensorName, info] of tf.tensors) {
    let values = await readSmallTensor(info);
    if (tensorName === name) values = edit(values, info.shape);
    const isLabel = info.dtype === 'U8';
    out[tensorName] = { dtype: isLabel ? 'U8' : 'F32', shape: info.shape, data: isLabel ? Uint8Array.from(values) : Float32Array.from(values) };
  }
  await writeSafetensors(file, out);
}

describe('monitor-gate check on the demo example', () => {
  const config = path.join(demoDir, 'monitor-gate.yml');

  test('LoRA-like update: exit 1, pii-email stale, refusal fresh, schema-valid report', async () => {
    const out = tempDir();
    const run = await cli('check', '--config', config, '--report', path.join(out, 'r.json'), '--markdown', path.join(out, 'r.md'));
    assert.equal(run.code, 1, run.stderr);
    const report = readReport(path.join(out, 'r.json'));
    assert.deepEqual(reportSchemaProblems(report), []);
    assert.equal(report.verdict, 'fail');
    assert.equal(verdicts(report)['pii-email'], 'stale');
    assert.equal(verdicts(report).refusal, 'fresh');
    const pii = report.monitors.find((m) => m.id === 'pii-email')!;
    assert.ok(pii.delta!.auroc <= -0.03 || pii.delta!.tpr <= -0.1, 'stale because of a measured drop');
    assert.ok(pii.tests!.delong.p_value < 0.05, 'the AUROC drop is significant on paired rows');
    assert.ok(pii.tests!.delong.ci95[1] < 0);
    assert.ok(pii.shift!.flip_rate > 0.1);
    assert.match(run.stdout, /^pii-email\s+pii\s+12\s+STALE/m);
    assert.match(run.stdout, /gate: FAIL/);
    const md = readFileSync(path.join(out, 'r.md'), 'utf8');
    assert.match(md, /^\| `pii-email` \| ❌ stale \| 0\.88 → 0\.23 \|/m);
    // paths relative to where the CLI ran, never this machine's absolute ones
    assert.match(md, /config `(?!\/)[^`]*examples\/demo\/monitor-gate\.yml`/);
    assert.ok(!md.includes(repoRoot));
  });

  test('quantization-like update: exit 0, every monitor fresh', async () => {
    const run = await cli('check', '--config', config, '--updated', path.join(demoDir, 'acts', 'int8'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /gate: PASS: 3 of 3 monitors measured \(3 fresh\)/);
  });

  test('the report is deterministic: same inputs, same bytes', async () => {
    const out = tempDir();
    await cli('check', '--config', config, '--report', path.join(out, 'a.json'));
    await cli('check', '--config', config, '--report', path.join(out, 'b.json'));
    assert.equal(readFileSync(path.join(out, 'a.json'), 'utf8'), readFileSync(path.join(out, 'b.json'), 'utf8'));
    assert.doesNotMatch(readFileSync(path.join(out, 'a.json'), 'utf8'), /generatedAt/);
  });

  test('--timestamp adds generatedAt', async () => {
    const out = tempDir();
    await cli('check', '--config', config, '--timestamp', '--report', path.join(out, 'a.json'));
    assert.match(readReport(path.join(out, 'a.json')).generatedAt ?? '', /^\d{4}-\d\d-\d\dT/);
  });

  test('validate: exit 0 on the example', async () => {
    const run = await cli('validate', '--config', config);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /valid \(3 monitors\)/);
  });
});

describe('usage errors exit 2 with the usage text', () => {
  for (const argv of [[], ['frobnicate'], ['check', '--nope'], ['check', 'extra'], ['check', '--provider', 'tpu']]) {
    test(`monitor-gate ${argv.join(' ')}`, async () => {
      const run = await cli(...argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^error: /);
      assertNoStack(run);
    });
  }
  test('--version and --help exit 0', async () => {
    assert.equal((await cli('--version')).code, 0);
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /monitor-gate check/);
  });
});

describe('bad input: one line naming the file, the other monitors still evaluated', () => {
  async function checkBroken(dir: string, extra: string[] = []) {
    const report = path.join(dir, 'report.json');
    const run = await cli('check', '--config', path.join(dir, 'monitor-gate.yml'), '--report', report, ...extra);
    assertNoStack(run);
    return { run, report: readReport(report) };
  }
  const errorOf = (report: GateReport, id: string) => report.monitors.find((m) => m.id === id)?.error ?? '';
  const errorLines = (run: CliRun) => run.stderr.split('\n').filter((l) => l.startsWith('error: '));

  test('missing probe file', async () => {
    const dir = copyDemo();
    const cfg = path.join(dir, 'monitor-gate.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('probes/pii-email.onnx', 'probes/gone.onnx'));
    const { run, report } = await checkBroken(dir);
    assert.equal(run.code, 2);
    assert.match(errorOf(report, 'pii-email'), /gone\.onnx: probe file not found/);
    assert.equal(verdicts(report).refusal, 'fresh');
    assert.ok(errorLines(run).some((l) => /pii-email: .*gone\.onnx: probe file not found$/.test(l)), run.stderr);
  });

  test('truncated safetensors batch', async () => {
    const dir = copyDemo();
    const file = path.join(dir, 'acts', 'lora', 'layer12.safetensors');
    truncateSync(file, 5000);
    const { run, report } = await checkBroken(dir);
    assert.equal(run.code, 2);
    assert.match(errorOf(report, 'pii-email'), /layer12\.safetensors/);
    assert.match(errorOf(report, 'pii-email'), /truncat|past the end|beyond|shorter/i);
    assert.equal(verdicts(report)['toxicity-mlp'], 'fresh', 'layer 6 monitor still measured');
  });

  test('probe input width differs from D', async () => {
    const dir = copyDemo();
    writeFileSync(path.join(dir, 'probes', 'pii-email.onnx'), widthProbe(32));
    const { run, report } = await checkBroken(dir);
    assert.equal(run.code, 2);
    assert.match(errorOf(report, 'pii-email'), /pii-email\.onnx: probe expects width D=32 but 'pii\.eval' .* has D=64/);
    assert.equal(verdicts(report).refusal, 'fresh');
  });

  test('scikit-learn ZipMap probe', async () => {
    const dir = copyDemo();
    writeFileSync(path.join(dir, 'probes', 'refusal.onnx'), zipMapProbe(64, { withLabel: true }));
    const { report } = await checkBroken(dir);
    assert.match(errorOf(report, 'refusal'), /refusal\.onnx: .*ZipMap.*zipmap': False/);
  });

  test('NaN activation row', async () => {
    const dir = copyDemo();
    await rewriteTensor(path.join(dir, 'acts', 'lora', 'layer6.safetensors'), 'toxicity.eval', (v, shape) => {
      v[17 * shape[1] + 3] = Number.NaN;
      return v;
    });
    const { run, report } = await checkBroken(dir);
    assert.match(errorOf(report, 'toxicity-mlp'), /layer6\.safetensors: tensor 'toxicity\.eval': row 17 has a non-finite value \(NaN at column 3\)/);
    // toxicity-mlp is advisory, so its error does not block: the gate fails on pii-email alone.
    assert.equal(run.code, 1);
    assert.equal(verdicts(report)['pii-email'], 'stale');
  });

  test('single-class labels', async () => {
    const dir = copyDemo();
    await rewriteTensor(path.join(dir, 'acts', 'base', 'layer12.safetensors'), 'refusal.eval.labels', (v) => v.fill(1));
    const { report } = await checkBroken(dir);
    assert.match(errorOf(report, 'refusal'), /layer12\.safetensors: labels must contain both classes; found \d+ positives and 0 negatives/);
    assert.equal(verdicts(report)['pii-email'], 'stale');
  });

  test('schema violation in one monitor', async () => {
    const dir = copyDemo();
    const cfg = path.join(dir, 'monitor-gate.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('threshold: 0.436', 'treshold: 0.436'));
    const { run, report } = await checkBroken(dir);
    assert.equal(run.code, 2);
    assert.match(errorOf(report, 'refusal'), /monitor-gate\.yml:\d+:\d+: .*unknown key 'treshold'; did you mean 'threshold'\?/);
    assert.equal(verdicts(report)['pii-email'], 'stale');
    assert.equal(verdicts(report)['toxicity-mlp'], 'fresh');
    const validate = await cli('validate', '--config', cfg);
    assert.equal(validate.code, 2);
    assert.match(validate.stderr, /monitor-gate\.yml:\d+:\d+: monitors\[1\]\.treshold: unknown key 'treshold'; did you mean 'threshold'\?/);
  });

  test('malformed YAML: exit 2, one line with line and column', async () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'broken.yml');
    writeFileSync(cfg, 'version: 1\nactivations: { base: a, updated: b\nmonitors: []\n');
    const run = await cli('check', '--config', cfg);
    assert.equal(run.code, 2);
    assertNoStack(run);
    assert.match(run.stderr, /broken\.yml:\d+:\d+: /);
  });

  test('missing config file', async () => {
    const run = await cli('check', '--config', 'nowhere/monitor-gate.yml');
    assert.equal(run.code, 2);
    assertNoStack(run);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /nowhere\/monitor-gate\.yml/);
  });

  test('missing activation folder', async () => {
    const dir = copyDemo();
    const { run, report } = await checkBroken(dir, ['--updated', path.join(dir, 'acts', 'nope')]);
    assert.equal(run.code, 2);
    assert.ok(report.monitors.every((m) => m.verdict === 'error' && /updated activation folder not found/.test(m.error ?? '')));
  });
});

describe('sharded runs and merge-reports', () => {
  const config = path.join(demoDir, 'monitor-gate.yml');

  test('two shards merged give the bytes of one unsharded run; exit status follows the merged gate', async () => {
    const out = tempDir();
    const whole = path.join(out, 'whole.json');
    await cli('check', '--config', config, '--commit', 'abc123', '--report', whole);
    const parts = ['2/2', '1/2'].map((shard, i) => path.join(out, `part${i}.json`));
    for (const [i, shard] of ['2/2', '1/2'].entries()) {
      await cli('check', '--config', config, '--commit', 'abc123', '--shard', shard, '--report', parts[i]);
      assert.ok(readReport(parts[i]).monitors.length < 3, `shard ${shard} holds a subset`);
    }
    const merged = path.join(out, 'merged.json');
    const run = await cli('merge-reports', '--out', merged, ...parts);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(readFileSync(merged, 'utf8'), readFileSync(whole, 'utf8'));
  });

  test('parts from different commits are refused in one line, exit 2', async () => {
    const out = tempDir();
    const a = path.join(out, 'a.json');
    const b = path.join(out, 'b.json');
    await cli('check', '--config', config, '--commit', 'aaa', '--shard', '1/2', '--report', a);
    await cli('check', '--config', config, '--commit', 'bbb', '--shard', '2/2', '--report', b);
    const run = await cli('merge-reports', '--out', path.join(out, 'm.json'), a, b);
    assert.equal(run.code, 2);
    assertNoStack(run);
    assert.match(run.stderr, /commit/);
  });

  test('a malformed --shard is a usage error', async () => {
    const run = await cli('check', '--config', config, '--shard', '3/2');
    assert.equal(run.code, 2);
    assertNoStack(run);
  });
});

describe('update-event detection from the CLI', () => {
  const config = path.join(demoDir, 'monitor-gate.yml');

  test('detect --dir on a real QLoRA release folder', { skip: hasRealbench ? false : 'no ../shared/realbench' }, async () => {
    const run = await cli('detect', '--dir', path.join(realbenchDir, 'release', 'qlora'), '--json');
    assert.equal(run.code, 0, run.stderr);
    const event = JSON.parse(run.stdout);
    assert.equal(event.family, 'qlora');
    assert.ok(event.evidence.some((e: { file: string; line: number }) => e.file === 'adapter_config.json' && e.line > 0));
  });

  test('detect --git BASE..HEAD in a real repository, run from the built CLI', () => {
    const repo = tempDir();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'test');
    writeFileSync(path.join(repo, 'README.md'), '# model\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(repo, 'config.json'), JSON.stringify({ model_type: 'llama', quantization_config: { quant_method: 'gptq', bits: 4, group_size: 128 } }, null, 2));
    git('add', '.');
    git('commit', '-qm', 'quantize');
    const out = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'detect', '--git', 'HEAD~1..HEAD', '--json'], { cwd: repo, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const event = JSON.parse(out.stdout);
    assert.equal(event.family, 'quantization');
    assert.equal(event.sub_kind, 'gptq');
    assert.ok(event.evidence.some((e: { file: string }) => e.file === 'config.json'));
  });

  test('check --changes with no model update: measured by default; skip-when-unchanged skips and says so', async () => {
    const changes = tempDir();
    writeFileSync(path.join(changes, 'notes.md'), '# Release notes\n\nTypo fixes.\n');
    const out = tempDir();
    const measured = await cli('check', '--config', config, '--changes', changes, '--report', path.join(out, 'measured.json'));
    assert.equal(measured.code, 1, 'the demo LoRA update is stale, and a docs-only change does not hide it by default');
    const measuredReport = readReport(path.join(out, 'measured.json'));
    assert.equal(measuredReport.event?.family, 'none');
    assert.ok(measuredReport.monitors.every((m) => m.verdict !== 'skipped'));
    assert.equal(measuredReport.skipped, undefined);

    const dir = copyDemo();
    const cfg = path.join(dir, 'monitor-gate.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('version: 1', 'version: 1\nskip-when-unchanged: true'));
    const run = await cli('check', '--config', cfg, '--changes', changes, '--report', path.join(out, 'r.json'));
    assert.equal(run.code, 0, run.stderr);
    const report = readReport(path.join(out, 'r.json'));
    assert.equal(report.event?.family, 'none');
    assert.ok(report.monitors.every((m) => m.verdict === 'skipped'));
    assert.match(report.skipped ?? '', /no model update in the change; measurement skipped \(skip-when-unchanged: true\)/);
    assert.deepEqual(reportSchemaProblems(report), []);
  });

  test('a monitor-gate/<family> label declares the event', async () => {
    const out = tempDir();
    await cli('check', '--config', config, '--label', 'monitor-gate/qlora', '--report', path.join(out, 'r.json'));
    assert.equal(readReport(path.join(out, 'r.json')).event?.family, 'qlora');
  });
});

describe('check --repair', () => {
  test('a stale monitor gets a label-free repaired probe, measured in the report', async () => {
    const out = tempDir();
    const repairDir = path.join(out, 'repairs');
    const run = await cli('check', '--config', path.join(demoDir, 'monitor-gate.yml'), '--repair', repairDir, '--report', path.join(out, 'r.json'));
    assert.equal(run.code, 1, 'the gate still fails: the shipped probe is stale until the repair is adopted');
    const report = readReport(path.join(out, 'r.json'));
    assert.deepEqual(reportSchemaProblems(report), []);
    const pii = report.monitors.find((m) => m.id === 'pii-email')!;
    assert.ok(pii.repair, 'stale monitor has a repair');
    assert.equal(pii.repair.verdict_after, 'fresh');
    assert.ok(pii.repair.auroc! > pii.updated!.auroc && pii.repair.tpr! > pii.updated!.tpr);
    assert.equal(report.monitors.find((m) => m.id === 'refusal')!.repair, undefined, 'fresh monitors are left alone');
    assert.deepEqual(readdirSync(repairDir), ['pii-email.onnx']);
    assert.match(run.stdout, /pii-email: adopt the repaired probe \S*pii-email\.onnx \(\S+, label-free\): TPR \d\.\d\d -> \d\.\d\d/);
  });

  test('a repair that stays stale is reported and not written: nothing under the folder can be adopted by mistake', async () => {
    const out = tempDir();
    const repairDir = path.join(out, 'repairs');
    // mean-shift cannot undo the demo's pii-email update (it moves more than the means)
    const demo = copyDemo();
    const configPath = path.join(demo, 'monitor-gate.yml');
    writeFileSync(configPath, `${readFileSync(configPath, 'utf8').trimEnd()}\nrepair: { method: mean-shift }\n`);
    {
      const run = await cli('check', '--config', configPath, '--repair', repairDir, '--report', path.join(out, 'r.json'));
      const report = readReport(path.join(out, 'r.json'));
      assert.deepEqual(reportSchemaProblems(report), []);
      const pii = report.monitors.find((m) => m.id === 'pii-email')!;
      assert.equal(pii.repair?.method, 'mean-shift');
      assert.equal(pii.repair?.verdict_after, 'stale');
      assert.equal(pii.repair?.file, undefined);
      assert.ok(!existsSync(repairDir) || readdirSync(repairDir).length === 0, 'nothing written');
      assert.match(run.stdout, /pii-email: no label-free repair restores it \(best: mean-shift, TPR \d\.\d\d -> \d\.\d\d.*\): retrain it/);
    }
  });

  test('--predict-only: a predicted-stale monitor gets an unverified repair with its estimated operating point, no labels read', async () => {
    const out = tempDir();
    const repairDir = path.join(out, 'repairs');
    const run = await cli('check', '--config', path.join(demoDir, 'monitor-gate.yml'), '--predict-only', '--repair', repairDir, '--report', path.join(out, 'r.json'));
    assert.equal(run.code, 1, 'a predicted-stale blocking monitor fails the gate');
    const report = readReport(path.join(out, 'r.json'));
    assert.deepEqual(reportSchemaProblems(report), []);
    const pii = report.monitors.find((m) => m.id === 'pii-email')!;
    assert.equal(pii.verdict, 'predicted-stale');
    assert.equal(pii.repair?.verdict_after, undefined, 'not measured, so no verdict after repair');
    assert.equal(pii.repair?.tpr, undefined);
    const estimated = pii.repair?.estimated;
    assert.ok(estimated, 'the repair carries its label-free estimate');
    assert.equal(estimated.soft_labels, 'raw');
    // the repair moves the estimated operating point back toward the base probe's, against the unrepaired estimate
    const before = pii.predicted!.estimated!;
    assert.ok(Math.abs(estimated.tpr_delta.value) < Math.abs(before.tpr_delta.value), `repair ${estimated.tpr_delta.value} vs unrepaired ${before.tpr_delta.value}`);
    assert.deepEqual(readdirSync(repairDir), ['pii-email.unverified.onnx']);
    assert.match(run.stdout, /pii-email: unverified label-free repair \(\S+\) written to \S*pii-email\.unverified\.onnx: estimated TPR/);
  });
});

describe('monitor-gate check: several config problems', () => {
  test('print one escaped line each, never a joined line with literal \\n', async () => {
    const dir = copyDemo();
    const configFile = path.join(dir, 'monitor-gate.yml');
    const text = readFileSync(configFile, 'utf8').replace('{ base: acts/base, updated: acts/lora }', '{ base: /etc/outside-a, updated: /etc/outside-b }');
    assert.notEqual(text, readFileSync(configFile, 'utf8'));
    writeFileSync(configFile, text);
    const run = await cli('check', '--root', dir, '--config', configFile);
    assertNoStack(run);
    const errorLines = run.stderr.split('\n').filter((line) => line.startsWith('error: '));
    assert.ok(errorLines.length >= 2, `one line per problem:\n${run.stderr}`);
    assert.ok(errorLines.some((line) => line.includes("'/etc/outside-a'")) && errorLines.some((line) => line.includes("'/etc/outside-b'")), run.stderr);
    assert.doesNotMatch(run.stderr, /\\n/);
    assert.equal(run.code, 2);
  });
});
