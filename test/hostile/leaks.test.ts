// What must not leak: onnxruntime's absolute runner paths, C++ source locations and ANSI colours
// (into reports, comments and stderr), and the token when an API error echoes it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig, runGate, serializeReport } from '../../src/core/index.ts';
import { DataType, encodeModel, floatTensor, makeGraph, makeModel, makeNode, tensorValueInfo } from '../../src/core/onnx/model.ts';
import { buildLinearProbe } from '../../src/core/onnx/build-probe.ts';
import { ortMessage } from '../../src/core/scoring/ort-messages.ts';
import { ActionHarness } from '../helpers/action-runner.ts';
import { GitHubApiServer } from '../helpers/github-server.ts';
import { repoRoot } from '../helpers/workspace.ts';
import { assertNoStack, demo, spawnCli } from './helpers.ts';

describe('onnxruntime messages become our one line', () => {
  const cases: Array<[string, string, string]> = [
    ['protobuf', 'Load model from /home/runner/work/r/r/probes/p.onnx failed:Protobuf parsing failed.', 'Protobuf parsing failed.'],
    [
      'a C++ source location and signature',
      'Load model from /home/runner/work/r/r/p.onnx failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:187 onnxruntime::Model::Model(onnx::ModelProto&&, const onnxruntime::PathString&, const onnxruntime::IOnnxRuntimeOpSchemaRegistryList*, const onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) ModelProto does not have a graph.\n',
      'ModelProto does not have a graph.',
    ],
    ['a missing file', 'Load model from /tmp/x.onnx failed:Load model /tmp/x.onnx failed. File doesn\'t exist', "File doesn't exist"],
    [
      'a kernel failure',
      "Non-zero status code returned while running Reshape node. Name:'y' Status Message: /onnxruntime_src/onnxruntime/core/providers/cpu/tensor/reshape_helper.h:91 onnxruntime::ReshapeHelper::ReshapeHelper(const onnxruntime::TensorShape&, onnxruntime::TensorShapeVector&, bool) input_shape_size == requested_shape_size was false. The input tensor cannot be reshaped to the requested shape. Input shape:{3,2}, requested shape:{7}\n",
      "Non-zero status code returned while running Reshape node. Name:'y' input_shape_size == requested_shape_size was false. The input tensor cannot be reshaped to the requested shape. Input shape:{3,2}, requested shape:{7}",
    ],
    ['an error code prefix', '[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Unexpected input data type. Actual: (tensor(double)) , expected: (tensor(float))', 'Unexpected input data type. Actual: (tensor(double)) , expected: (tensor(float))'],
    ['a native log line with ANSI', '\u001b[1;31m2026-12-02 07:05:37.878116701 [E:onnxruntime:, sequential_executor.cc:671 ExecuteKernel] boom\u001b[m', 'boom'],
    ['a path inside the workspace', `external data ${path.join(repoRoot, 'probes', 'w.bin')} not found`, 'external data probes/w.bin not found'],
    ['a path outside the workspace', 'external data /home/runner/.cache/w.bin not found', 'external data …/w.bin not found'],
    ['a Windows path', 'failed at C:\\Users\\runner\\x.onnx', 'failed at …/x.onnx'],
    ['an empty message', '', 'onnxruntime gave no message'],
  ];
  for (const [what, raw, expected] of cases) {
    test(what, () => assert.equal(ortMessage(new Error(raw), { root: repoRoot }), expected));
  }
  test('long messages are cut to one bounded line', () => {
    const line = ortMessage(new Error(`x${'y'.repeat(10_000)}\nsecond line`));
    assert.ok(line.length <= 300 && !line.includes('\n'));
  });
});

describe('a broken probe in a real run', () => {
  const broken: Array<[string, Uint8Array, RegExp]> = [
    ['not ONNX at all', Buffer.from('this is not a protobuf model'), /: not a loadable ONNX model: (Failed to load model because )?[Pp]rotobuf parsing failed\.$/],
    ['a model without a graph', Uint8Array.from([8, 7]), /: not a loadable ONNX model: [^/]*graph[^/]*$/],
    [
      'an operator that does not exist',
      encodeModel(makeModel({ graph: makeGraph({ name: 'g', nodes: [makeNode('NoSuchOp', ['x'], ['y'])], inputs: [tensorValueInfo('x', DataType.FLOAT, ['b', 16])], outputs: [tensorValueInfo('y', DataType.FLOAT, ['b'])] }) })),
      /: not a loadable ONNX model: This is an invalid model\. .*No Op registered for NoSuchOp/,
    ],
  ];
  for (const [what, bytes, message] of broken) {
    test(`${what}: its row says so without runner paths or C++ locations; the others are measured`, async () => {
      const { dir, config } = demo();
      writeFileSync(path.join(dir, 'probes', 'pii-email.onnx'), bytes);
      const report = await runGate(await loadConfig(config), { provider: 'cpu' });
      const row = report.monitors.find((m) => m.id === 'pii-email')!;
      assert.equal(row.verdict, 'error');
      assert.match(row.error!, message);
      const text = serializeReport(report);
      assert.doesNotMatch(text, /onnxruntime_src|\.cc:\d+|onnxruntime::|\\u001b/);
      assert.ok(!row.error!.includes(path.join(dir, 'probes')) || row.error!.startsWith(path.join(dir, 'probes')), 'a path only where we name the file');
      assert.deepEqual(report.monitors.filter((m) => m.id !== 'pii-email').map((m) => m.verdict), ['fresh', 'fresh']);
    });
  }
  test("onnxruntime's native warnings never reach stderr (an unused initializer named to forge a command)", async () => {
    const { dir, config } = demo();
    // The refusal probe rebuilt with an extra initializer onnxruntime warns about when it loads the model.
    const w = Array.from({ length: 16 }, (_, i) => Math.sin(i));
    const probe = buildLinearProbe({ weights: w, bias: 0, output: 'two-class' });
    const { onnx } = await import('../../src/core/onnx/model.ts');
    const model = onnx.ModelProto.decode(probe);
    model.graph!.initializer!.push(floatTensor('unused\n::warning::native-forged', [1], [1]) as never);
    writeFileSync(path.join(dir, 'probes', 'refusal.onnx'), onnx.ModelProto.encode(model).finish());
    const run = await spawnCli(['check', '--config', config]);
    assert.doesNotMatch(run.stderr, /\u001b\[|\[W:onnxruntime|::warning::native-forged/, run.stderr);
    assertNoStack(run.stderr);
  });
});

describe('the token, echoed by an API error', () => {
  const TOKEN = 'ghs_echoedTokenValue0123456789abcdefABCD';
  let server: GitHubApiServer;
  let harness: ActionHarness;
  before(async () => {
    server = await new GitHubApiServer().start();
    server.addToken(TOKEN);
    harness = new ActionHarness();
  });
  after(async () => server.close());
  test('is masked: add-mask first, *** in the warning and the job summary', async () => {
    server.inject({ method: 'GET', route: '/repos/{owner}/{repo}/issues/{issue_number}/comments', status: 422, message: `Validation failed for token ${TOKEN}` });
    const run = await harness.run({ inputs: { 'github-token': TOKEN }, env: { GITHUB_API_URL: server.url } });
    assert.equal(run.status, 1);
    const lines = run.stdout.split('\n');
    assert.equal(lines.findIndex((l) => l.includes(TOKEN)), lines.indexOf(`::add-mask::${TOKEN}`), 'the token appears only in add-mask');
    assert.ok(lines.indexOf(`::add-mask::${TOKEN}`) <= 1, 'masked before anything else is logged');
    assert.match(run.stdout, /Validation failed for token \*\*\*/);
    assert.ok(!run.stderr.includes(TOKEN));
    assert.ok(!run.summary.includes(TOKEN) && run.summary.includes('***'));
    assert.ok(!readFileSync(path.join(run.workspace, 'monitor-gate-report.json'), 'utf8').includes(TOKEN));
  });
});
