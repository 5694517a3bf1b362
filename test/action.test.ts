// The action run exactly as the runner runs it: `node dist/action.js` from an export of the
// tracked files, INPUT_* variables, GITHUB_* files and a real pull_request webhook payload.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ActionHarness, pullRequestPayload as examplePayload, type ActionRun } from './helpers/action-runner.ts';
import { repoRoot } from './helpers/workspace.ts';

/** A real `pull_request.opened` payload from @octokit/webhooks-examples, without labels. */
const pullRequestPayload = () => examplePayload('opened', { labels: [] });

let harness: ActionHarness;
const runAction = (inputs: Record<string, string>): Promise<ActionRun> => harness.run({ inputs, payload: pullRequestPayload() });

describe('action, run as the runner runs it', () => {
  // The export is made once per file: tracked files only, no node_modules (the constructor checks).
  before(() => {
    harness = new ActionHarness();
  });

  after(() => rmSync(harness.root, { recursive: true, force: true }));

  test('action.yml runs dist/action.js on node24', () => {
    const yml = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
    assert.match(yml, /using: node24/);
    assert.match(yml, /main: dist\/action\.js/);
  });

  test('enforce mode fails the job on a stale blocking monitor, with outputs, summary and annotations', async () => {
    const run = await runAction({ mode: 'enforce', 'report-path': 'out/report.json' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.equal(run.outputs.verdict, 'fail', run.stdout + run.stderr);
    assert.equal(run.outputs['stale-monitors'], 'pii-email');
    assert.equal(run.outputs['report-path'], 'out/report.json');
    const report = JSON.parse(readFileSync(path.join(run.workspace, 'out', 'report.json'), 'utf8'));
    assert.equal(report.verdict, 'fail');
    assert.deepEqual(
      report.monitors.map((m: { id: string; verdict: string }) => [m.id, m.verdict]).filter(([id]: string[]) => id === 'pii-email' || id === 'refusal'),
      [
        ['pii-email', 'stale'],
        ['refusal', 'fresh'],
      ],
    );
    assert.match(run.summary, /monitor-gate: \*\*fail\*\*/);
    assert.match(run.summary, /`pii-email`.*❌ stale/);
    const pr = pullRequestPayload().pull_request as { number: number };
    assert.match(run.summary, new RegExp(`Pull request #${pr.number}`));
    // One error annotation at the monitor's line in the config file, path relative to the workspace.
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error '));
    const piiLine = readFileSync(path.join(run.workspace, '.github', 'monitor-gate.yml'), 'utf8')
      .split('\n')
      .findIndex((l) => /id: pii-email/.test(l)) + 1;
    assert.ok(annotations.some((a) => a.includes(`file=.github/monitor-gate.yml,line=${piiLine}`) && a.includes('pii-email is stale')), annotations.join('\n'));
    assert.match(run.stdout, /FAIL: 1 blocking monitor failed \(1 stale\): pii-email · 3 of 3 monitors measured/);
  });

  test('advise mode annotates but does not fail the job', async () => {
    const run = await runAction({ mode: 'advise' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.verdict, 'fail');
    assert.ok(existsSync(path.join(run.workspace, 'monitor-gate-report.json')));
    assert.ok(run.stdout.split('\n').some((l) => l.startsWith('::error ') && l.includes('pii-email')));
  });

  test('repair-dir writes the repaired probe of the stale monitor', async () => {
    const run = await runAction({ mode: 'advise', 'repair-dir': 'repairs' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.ok(existsSync(path.join(run.workspace, 'repairs', 'pii-email.onnx')));
    const report = JSON.parse(readFileSync(path.join(run.workspace, 'monitor-gate-report.json'), 'utf8'));
    assert.equal(report.monitors.find((m: { id: string }) => m.id === 'pii-email').repair.file, 'repairs/pii-email.onnx');
  });

  test('revalidation-budget measures the riskiest monitor; predict-only measures none and annotates the predictions', async () => {
    const budget = await runAction({ mode: 'advise', 'revalidation-budget': '1' });
    assert.equal(budget.status, 0, budget.stdout + budget.stderr);
    const measured = JSON.parse(readFileSync(path.join(budget.workspace, 'monitor-gate-report.json'), 'utf8')) as {
      prediction: { mode: string; budget: { requested: string; measured: number } };
      monitors: { id: string; verdict: string; predicted: { measured: boolean; rank: number } }[];
    };
    assert.deepEqual(measured.prediction.budget, { requested: '1', measured: 1 });
    assert.deepEqual(
      measured.monitors.filter((m) => m.predicted.measured).map((m) => [m.predicted.rank, m.verdict]),
      [[1, 'stale']],
    );
    assert.match(budget.summary, /\*\*Prediction:\*\* revalidation budget `1` measured the 1 highest-risk monitor/);

    const predicted = await runAction({ 'predict-only': 'true' });
    const report = JSON.parse(readFileSync(path.join(predicted.workspace, 'monitor-gate-report.json'), 'utf8')) as {
      monitors: { id: string; blocking: boolean; verdict: string }[];
    };
    assert.ok(report.monitors.every((m) => m.verdict.startsWith('predicted-')));
    const atRisk = report.monitors.filter((m) => m.verdict === 'predicted-stale');
    assert.equal(predicted.outputs['predicted-stale-monitors'], atRisk.map((m) => m.id).join(','));
    assert.equal(predicted.outputs['stale-monitors'], '');
    // enforce mode with fail-on-predicted (default): a blocking predicted-stale monitor fails the job
    const blocking = atRisk.filter((m) => m.blocking);
    assert.ok(blocking.length > 0);
    assert.equal(predicted.status, 1, predicted.stdout);
    for (const m of blocking) assert.ok(predicted.stdout.split('\n').some((l) => l.startsWith('::error ') && l.includes(`${m.id} is predicted stale`)), m.id);

    const both = await runAction({ 'predict-only': 'true', 'revalidation-budget': '30%' });
    assert.match(both.stdout, /::error::inputs 'revalidation-budget' and 'predict-only' exclude each other/);
  });

  test('a quantization-like update passes', async () => {
    const run = await runAction({ 'updated-activations': 'monitors/acts/int8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.verdict, 'pass');
    assert.equal(run.outputs['stale-monitors'], '');
    assert.match(run.summary, /monitor-gate: \*\*pass\*\*/);
  });

  test('execution-provider: cuda without the CUDA provider library fails with one line; auto runs on CPU with one line', async () => {
    // The action's staged onnxruntime-node holds the CPU library only.
    // nothing listens on the feed's port: the download fails at once (test/cuda-provider.test.ts serves a real one)
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const feed = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v3/index.json`;
    await new Promise((resolve) => closed.close(resolve));
    const cuda = await runAction({ 'updated-activations': 'monitors/acts/int8', 'execution-provider': 'cuda', 'cuda-provider-feed': feed });
    assert.equal(cuda.status, 1, cuda.stdout + cuda.stderr);
    const errors = cuda.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.equal(errors.length, 1, cuda.stdout);
    assert.match(errors[0], /^::error::monitor-gate: execution-provider: cuda: onnxruntime's CUDA provider library could not be provided: http:\/\/127\.0\.0\.1:\d+\/v3\/index\.json: ECONNREFUSED \(set cuda-provider-dir to a folder holding libonnxruntime_providers_cuda\.so/);
    assert.equal(cuda.outputs.verdict, 'fail');
    assert.doesNotMatch(cuda.stdout, /probes\/|CUDA execution provider unavailable/, 'no probe was loaded');
    assert.match(cuda.summary, /execution provider unavailable/);

    const auto = await runAction({ 'updated-activations': 'monitors/acts/int8' });
    assert.equal(auto.status, 0, auto.stdout + auto.stderr);
    const mentions = (auto.stdout + auto.stderr).split('\n').filter((l) => /CUDA/.test(l));
    assert.equal(mentions.length, 1, mentions.join('\n'));
    // A log line; a notice annotation (with how to use the GPU) only where the driver sees a GPU.
    assert.match(mentions[0], /^(::notice title=monitor-gate: scoring on CPU::)?monitor-gate: execution-provider: auto: onnxruntime's CUDA provider library \(libonnxruntime_providers_cuda\.so\) is not installed; scoring on CPU/);
    assert.equal(auto.outputs.verdict, 'pass');
  });

  test('a bad input value fails with a message naming the input', async () => {
    const run = await runAction({ mode: 'strict' });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /::error::input 'mode' must be 'enforce', 'advise', 'merge' or 'detect', got 'strict'/);
  });

  test('a broken config is annotated at its line and fails in enforce mode', async () => {
    const run = await runAction({ config: '.github/missing.yml' });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /missing\.yml/);
    assert.equal(run.outputs.verdict, 'fail');
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  });
});
