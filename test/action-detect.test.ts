// mode: detect and the fail-closed reading of a pull request over the API: the built dist/action.js
// against the GitHub API stand-in on 127.0.0.1, with real webhook payloads, as the runner runs it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { ActionHarness, pullRequestPayload, type ActionRun } from './helpers/action-runner.ts';
import { ACTIONS_BOT, GitHubApiServer } from './helpers/github-server.ts';

const TOKEN = 'ghs_monitorGateDetectToken0123456789abcd';
const OWNER = 'Codertocat';
const REPO = 'Hello-World';

let harness: ActionHarness;
let server: GitHubApiServer;
const prNumber = (pullRequestPayload().pull_request as { number: number }).number;

function run(inputs: Record<string, string>, workspace?: string): Promise<ActionRun> {
  return harness.run({
    inputs: { 'github-token': TOKEN, ...inputs },
    workspace,
    // No label: the action reads the pull request's files.
    payload: pullRequestPayload('opened', { labels: [] }),
    env: { GITHUB_API_URL: server.url },
  });
}

function changePullRequest(files: Record<string, string | undefined>): void {
  server.pullFiles.set(
    `${OWNER}/${REPO}#${prNumber}`,
    Object.keys(files).map((filename) => ({ filename, status: 'modified' as const })),
  );
  for (const [file, content] of Object.entries(files)) if (content !== undefined) server.contents.set(`${OWNER}/${REPO}:${file}`, content);
}

const ADAPTER_CONFIG = JSON.stringify({ peft_type: 'LORA', r: 16, lora_alpha: 32, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: 'org/base' }, null, 2);

describe('action mode: detect', () => {
  before(() => {
    harness = new ActionHarness();
  });
  after(() => rmSync(harness.root, { recursive: true, force: true }));
  beforeEach(async () => {
    server = await new GitHubApiServer().start();
    server.addToken(TOKEN, ACTIONS_BOT);
  });
  afterEach(() => server.close());

  test('an adapter change needs measurement; nothing is measured and no activations are read', async () => {
    changePullRequest({ 'adapters/release/adapter_config.json': ADAPTER_CONFIG });
    const r = await run({ mode: 'detect', 'updated-activations': 'does/not/exist' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.outputs['needs-measurement'], 'true');
    assert.equal(r.outputs['event-family'], 'lora');
    assert.equal(r.outputs.verdict, undefined, 'detect decides nothing about the monitors');
    assert.match(r.summary, /^## 🔎 monitor-gate detect: \*\*needs measurement\*\*$/m);
    assert.match(r.summary, /lora update; the monitors are measured/);
    assert.ok(r.stdout.split('\n').some((l) => l.startsWith('::notice ') && l.includes('file=adapters/release/adapter_config.json')), r.stdout);
  });

  test('a docs-only change needs measurement by default, and not with skip-when-unchanged', async () => {
    changePullRequest({ 'docs/usage.md': '# Usage\n\nRun the model.\n' });
    const byDefault = await run({ mode: 'detect' });
    assert.equal(byDefault.status, 0, byDefault.stdout + byDefault.stderr);
    assert.equal(byDefault.outputs['event-family'], 'none');
    assert.equal(byDefault.outputs['needs-measurement'], 'true');

    const workspace = harness.newWorkspace();
    const cfg = path.join(workspace, '.github', 'monitor-gate.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('version: 1', 'version: 1\nskip-when-unchanged: true'));
    const skipping = await run({ mode: 'detect' }, workspace);
    assert.equal(skipping.outputs['needs-measurement'], 'false');
    assert.match(skipping.summary, /^## ⏭️ monitor-gate detect: \*\*no measurement needed\*\*$/m);
    assert.match(skipping.summary, /no model update in the change; measurement skipped \(skip-when-unchanged: true\)/);
  });

  test('an unusable config fails the step and still says needs-measurement true', async () => {
    changePullRequest({ 'docs/usage.md': '# Usage\n' });
    const workspace = harness.newWorkspace();
    writeFileSync(path.join(workspace, '.github', 'monitor-gate.yml'), 'version: 1\nmonitors: nope\n');
    const r = await run({ mode: 'detect' }, workspace);
    assert.equal(r.status, 1);
    assert.equal(r.outputs['needs-measurement'], 'true');
  });

  test('an API that lists no changed files is not trusted: the gate measures every monitor', async () => {
    changePullRequest({});
    const r = await run({ mode: 'enforce' });
    assert.equal(r.outputs.verdict, 'fail', 'the demo LoRA activations are stale');
    assert.equal(r.outputs['needs-measurement'], 'true');
    assert.ok(r.stdout.split('\n').some((l) => l.startsWith('::warning::') && l.includes('listed no changed files')), r.stdout);
    const report = JSON.parse(readFileSync(path.join(r.workspace, 'monitor-gate-report.json'), 'utf8')) as { monitors: Array<{ verdict: string }> };
    assert.ok(report.monitors.every((m) => m.verdict !== 'skipped'));
  });
});
