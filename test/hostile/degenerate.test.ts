// Broken data judged honestly, and bounded work: constant activations, infinite probe outputs, NaN
// mask entries, control-flow and slow probes, oversize probes, and files that leave their root or
// are not regular files at open time. Each case asserts the monitor's row, that the other monitors
// were measured, and (through the CLI) the exit code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, renderMarkdown, renderSummary, runGate } from '../../src/core/index.ts';
import { writeSafetensors } from '../../src/core/formats/safetensors.ts';
import { buildLinearProbe } from '../../src/core/onnx/build-probe.ts';
import { DataType, encodeModel, floatTensor, int64Tensor, makeGraph, makeModel, makeNode, tensorValueInfo } from '../../src/core/onnx/model.ts';
import type { GateReport } from '../../src/core/types.ts';
import { reportOf, syntheticMonitor } from '../helpers/reports.ts';
import { tempDir } from '../helpers/workspace.ts';
import { assertNoStack, demo, spawnCli } from './helpers.ts';

const N = 400;
const D = 64;

/** Deterministic pseudo-random values in [-1, 1). */
function noise(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const labelsOf = () => Uint8Array.from({ length: N }, (_, i) => i % 2);

/** The demo with pii-email reading `odd.safetensors#x` (labels `#y`), written into both folders. */
async function demoWithOddBatch(base: Float32Array, updated: Float32Array, extra: { tokens?: number; mask?: Float32Array } = {}) {
  const { dir, config } = demo();
  const shape = extra.tokens ? [N, extra.tokens, D] : [N, D];
  for (const [side, x] of [['base', base], ['lora', updated]] as const) {
    await writeSafetensors(path.join(dir, 'acts', side, 'odd.safetensors'), {
      x: { dtype: 'F32', shape, data: x },
      y: { dtype: 'U8', shape: [N], data: labelsOf() },
      ...(extra.mask ? { mask: { dtype: 'F32', shape: [N, extra.tokens!], data: extra.mask } } : {}),
    });
  }
  const text = readFileSync(config, 'utf8').replace('batch: layer12.safetensors#pii.eval', 'batch: odd.safetensors#x').replace('labels: "#pii.eval.labels"', 'labels: "#y"');
  writeFileSync(config, text);
  return { dir, config };
}

async function run(config: string): Promise<GateReport> {
  return runGate(await loadConfig(config), { provider: 'cpu' });
}

const row = (report: GateReport, id: string) => report.monitors.find((m) => m.id === id)!;
const others = (report: GateReport, id: string) => report.monitors.filter((m) => m.id !== id).map((m) => `${m.id}:${m.verdict}`);
/** The untouched demo's verdicts: the monitors a case does not break must come out exactly so. */
let cleanRun: Promise<GateReport> | undefined;
const clean = () => (cleanRun ??= run(demo().config));
async function assertOthersMeasured(report: GateReport, id: string): Promise<void> {
  const expected = others(await clean(), id);
  assert.ok(expected.every((v) => /:(fresh|stale)$/.test(v)), 'the clean demo measures every monitor');
  assert.deepEqual(others(report, id), expected);
}

describe('degenerate data is an error with a reason, never fresh', () => {
  test('constant activations on both sides: error, metrics kept, the others measured', async () => {
    const constant = new Float32Array(N * D).fill(0.25);
    const { config } = await demoWithOddBatch(constant, constant);
    const report = await run(config);
    const pii = row(report, 'pii-email');
    assert.equal(pii.verdict, 'error');
    assert.match(pii.error!, /probes\/pii-email\.onnx: the probe does not separate the labeled classes on the base rows \(AUROC 0\.500, and every base row is (above|at or below) the threshold\); a monitor at chance on the base model cannot be judged fresh or stale/);
    assert.equal(pii.base!.auroc, 0.5, 'the measurement itself is kept');
    await assertOthersMeasured(report, 'pii-email');
    assert.equal(report.verdict, 'fail', 'a blocking monitor that cannot be judged fails the gate');
  });

  test('constant base rows, varying updated rows: still unjudgeable (nothing to go stale from)', async () => {
    const { config } = await demoWithOddBatch(new Float32Array(N * D).fill(-1), noise(N * D, 3));
    const pii = row(await run(config), 'pii-email');
    assert.equal(pii.verdict, 'error');
    assert.match(pii.error!, /does not separate the labeled classes on the base rows/);
  });

  test('a probe whose logit is infinite: error naming the value, the others measured', async () => {
    const { dir, config } = demo();
    // weights of 1e38 overflow float32 on every row: +Infinity or -Infinity logits
    const probe = buildLinearProbe({ weights: new Array(D).fill(1e38), bias: 0, output: 'logit' });
    writeFileSync(path.join(dir, 'probes', 'toxicity-mlp.onnx'), probe);
    const report = await run(config);
    const tox = row(report, 'toxicity-mlp');
    assert.equal(tox.verdict, 'error');
    assert.match(tox.error!, /probes\/toxicity-mlp\.onnx: probe produced a non-finite score \(-?Infinity\) for row \d+$/);
    await assertOthersMeasured(report, 'toxicity-mlp');
  });

  test('a NaN mask entry is an error at its place, not a real token', async () => {
    const T = 3;
    const mask = new Float32Array(N * T).fill(1);
    mask[5 * T + 1] = Number.NaN;
    const x = noise(N * T * D, 5);
    const { config } = await demoWithOddBatch(x, x, { tokens: T, mask });
    const report = await run(config);
    const pii = row(report, 'pii-email');
    assert.equal(pii.verdict, 'error');
    assert.match(pii.error!, /acts\/base\/odd\.safetensors: tensor 'mask': mask entry \[5, 1\] is NaN; mask values must be finite/);
    await assertOthersMeasured(report, 'pii-email');
  });
});

/** x -> Loop(trip count 10^12) over an identity body -> Gemm -> Sigmoid. */
function loopProbe(): Uint8Array {
  const body = makeGraph({
    name: 'body',
    nodes: [makeNode('Identity', ['cond_in'], ['cond_out']), makeNode('Identity', ['v_in'], ['v_out'])],
    inputs: [tensorValueInfo('iter', DataType.INT64, []), tensorValueInfo('cond_in', DataType.BOOL, []), tensorValueInfo('v_in', DataType.FLOAT, ['batch', D])],
    outputs: [tensorValueInfo('cond_out', DataType.BOOL, []), tensorValueInfo('v_out', DataType.FLOAT, ['batch', D])],
  });
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'loop_probe',
        nodes: [
          makeNode('Loop', ['trips', 'keep_going', 'activations'], ['looped'], { attributes: [{ name: 'body', type: 5, g: body }] }),
          makeNode('Gemm', ['looped', 'w', 'b'], ['logit']),
          makeNode('Sigmoid', ['logit'], ['probability']),
        ],
        inputs: [tensorValueInfo('activations', DataType.FLOAT, ['batch', D])],
        outputs: [tensorValueInfo('probability', DataType.FLOAT, ['batch', 1])],
        initializers: [int64Tensor('trips', [], [10n ** 12n]), { name: 'keep_going', dims: [], dataType: DataType.BOOL, int32Data: [1] }, floatTensor('w', [D, 1], noise(D, 9)), floatTensor('b', [1], [0])],
      }),
    }),
  );
}

function identity(n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** A fixed graph that is slow on purpose: `steps` MatMuls of [W, W], all reusing one initializer. */
function slowProbe(width: number, steps: number): Uint8Array {
  const nodes = [makeNode('MatMul', ['activations', 'up'], ['h0'])];
  for (let i = 1; i <= steps; i++) nodes.push(makeNode('MatMul', [`h${i - 1}`, 'square'], [`h${i}`]));
  nodes.push(makeNode('MatMul', [`h${steps}`, 'down'], ['logit']), makeNode('Sigmoid', ['logit'], ['probability']));
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'slow_probe',
        nodes,
        inputs: [tensorValueInfo('activations', DataType.FLOAT, ['batch', D])],
        outputs: [tensorValueInfo('probability', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('up', [D, width], noise(D * width, 1)), floatTensor('square', [width, width], identity(width)), floatTensor('down', [width, 1], noise(width, 3))],
      }),
    }),
  );
}

describe('bounded work: probes that could run forever', () => {
  test('a Loop with 10^12 iterations is refused before onnxruntime sees it', async () => {
    const { dir, config } = demo();
    writeFileSync(path.join(dir, 'probes', 'pii-email.onnx'), loopProbe());
    const report = await run(config);
    const pii = row(report, 'pii-email');
    assert.equal(pii.verdict, 'error');
    assert.match(pii.error!, /probes\/pii-email\.onnx: probe uses the control-flow operator Loop, whose work depends on the data; a probe must be a fixed graph \(no Loop, Scan or If\)/);
    await assertOthersMeasured(report, 'pii-email');
  });

  test('a probe slower than defaults.scoring_time_limit: its row is an error, the CLI exits at once with the others measured', async () => {
    const { dir, config } = demo();
    writeFileSync(path.join(dir, 'probes', 'pii-email.onnx'), slowProbe(512, 600));
    writeFileSync(config, readFileSync(config, 'utf8').replace('defaults:\n', 'defaults:\n  scoring_time_limit: 1\n'));
    const reportFile = path.join(dir, 'report.json');
    const started = Date.now();
    const cli = await spawnCli(['check', '--config', config, '--report', reportFile], { timeoutMs: 120_000 });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(cli.signal, null, 'not killed by the test timeout');
    assert.equal(cli.code, 2, 'a blocking monitor that errored exits 2');
    assert.match(cli.stdout + cli.stderr, /pii-email: .*probes\/pii-email\.onnx: scoring (would run|ran) past its limit of 1 s(: \d+ more rows at [\d.]+ ms per row)? \(on [^)]+\); the probe's graph is too slow for this batch/);
    assertNoStack(cli.stderr);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as GateReport;
    assert.equal(row(report, 'pii-email').verdict, 'error');
    await assertOthersMeasured(report, 'pii-email');
    assert.ok(seconds < 60, `finished in ${seconds} s`);
  });

  test('a probe file over the size cap is refused before reading (a sparse 600 MiB file)', async () => {
    const { dir, config } = demo();
    const file = path.join(dir, 'probes', 'pii-email.onnx');
    rmSync(file);
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    const report = await run(config);
    const pii = row(report, 'pii-email');
    assert.equal(pii.verdict, 'error');
    assert.match(pii.error!, /probes\/pii-email\.onnx: probe file is 600 MiB, over the limit of 512 MiB$/);
    await assertOthersMeasured(report, 'pii-email');
  });
});

describe('at open time, in a real run: links out of the root and non-regular files are refused', () => {
  const outside = tempDir('monitor-gate-outside-');
  const cases: Array<[string, (dir: string) => void, string, RegExp]> = [
    [
      'a probe linked out of the root',
      (dir) => {
        writeFileSync(path.join(outside, 'p.onnx'), readFileSync(path.join(dir, 'probes', 'pii-email.onnx')));
        rmSync(path.join(dir, 'probes', 'pii-email.onnx'));
        symlinkSync(path.join(outside, 'p.onnx'), path.join(dir, 'probes', 'pii-email.onnx'));
      },
      'pii-email',
      /probes\/pii-email\.onnx: probe file resolves outside the root folder '[^']+' through a symbolic link; every path must stay inside it$/,
    ],
    [
      'a probe that is a FIFO',
      (dir) => {
        rmSync(path.join(dir, 'probes', 'pii-email.onnx'));
        execFileSync('mkfifo', [path.join(dir, 'probes', 'pii-email.onnx')]);
      },
      'pii-email',
      /probes\/pii-email\.onnx: probe file is a FIFO \(named pipe\), not a regular file$/,
    ],
    [
      'an activation file linked out of its folder',
      (dir) => {
        const file = path.join(dir, 'acts', 'lora', 'layer6.safetensors');
        writeFileSync(path.join(outside, 'layer6.safetensors'), readFileSync(file));
        rmSync(file);
        symlinkSync(path.join(outside, 'layer6.safetensors'), file);
      },
      'toxicity-mlp',
      /acts\/lora\/layer6\.safetensors: tensor file resolves outside the root folder '[^']*acts\/lora' through a symbolic link; every path must stay inside it$/,
    ],
    [
      'an activation file that is a FIFO',
      (dir) => {
        const file = path.join(dir, 'acts', 'lora', 'layer6.safetensors');
        rmSync(file);
        execFileSync('mkfifo', [file]);
      },
      'toxicity-mlp',
      /acts\/lora\/layer6\.safetensors: is a FIFO \(named pipe\), expected a regular tensor file$/,
    ],
  ];
  for (const [what, arrange, id, message] of cases) {
    test(`${what}: one line on its monitor, no hang, the others measured`, async () => {
      const { dir, config } = demo();
      arrange(dir);
      const report = await run(config);
      const m = row(report, id);
      assert.equal(m.verdict, 'error');
      assert.match(m.error!, message);
      assert.ok(!m.error!.includes('\n'));
      const expected = (await clean()).monitors.filter((o) => o.id !== id && o.layer !== m.layer);
      for (const other of expected) assert.equal(row(report, other.id).verdict, other.verdict, other.id);
    });
  }
  test('a labels file linked out of the root', async () => {
    const { dir, config } = demo();
    await writeSafetensors(path.join(outside, 'labels.safetensors'), { labels: { dtype: 'U8', shape: [N], data: labelsOf() } });
    symlinkSync(path.join(outside, 'labels.safetensors'), path.join(dir, 'labels.safetensors'));
    writeFileSync(config, readFileSync(config, 'utf8').replace('labels: "#refusal.eval.labels"', 'labels: labels.safetensors'));
    const report = await run(config);
    const refusal = row(report, 'refusal');
    assert.equal(refusal.verdict, 'error');
    assert.match(refusal.error!, /labels\.safetensors: tensor file resolves outside the root folder '[^']+' through a symbolic link/);
    await assertOthersMeasured(report, 'refusal');
  });
});

describe('15,000 monitors', () => {
  test('the Markdown report and the job summary render without overflowing the stack', () => {
    const monitors = Array.from({ length: 15_000 }, (_, i) => syntheticMonitor(i));
    const report = reportOf(monitors);
    const markdown = renderMarkdown(report);
    assert.match(markdown.split('\n')[0], /monitor-gate: \*\*fail\*\*/);
    assert.ok(markdown.includes('probe-0005'), 'the first stale monitor is listed');
    assert.ok(markdown.length > 10_000);
    const summary = renderSummary(report);
    assert.ok(summary.markdown.length > 0);
  });
});
