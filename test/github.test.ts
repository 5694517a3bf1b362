// The action against a stand-in for the GitHub REST API: `node dist/action.js` from an export of
// the tracked files, with the real @actions/github client pointed at 127.0.0.1 through
// GITHUB_API_URL, real webhook payloads, and every request checked against GitHub's OpenAPI
// description (test/helpers/github-server.ts).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { COMMENT_MAX_CHARS, commentMarker, mergeReports, reportSchemaProblems, serializeReport } from '../src/core/index.ts';
import type { GateReport } from '../src/core/types.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { ActionHarness, forkPullRequestPayload, pullRequestPayload, type ActionRun } from './helpers/action-runner.ts';
import { ACTIONS_BOT, GitHubApiServer } from './helpers/github-server.ts';
import { fingerprintOf, syntheticConfig, syntheticShards } from './helpers/reports.ts';

const TOKEN = 'ghs_monitorGateTestToken0123456789abcdef';
const FORK_TOKEN = 'ghs_readOnlyForkToken0123456789abcdefgh';
const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const COMMENTS_ROUTE = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
const MARKER = commentMarker('.github/monitor-gate.yml');

let harness: ActionHarness;
let server: GitHubApiServer;
const prNumber = (pullRequestPayload().pull_request as { number: number }).number;

function runGateAction(inputs: Record<string, string>, options: { workspace?: string; payload?: Record<string, unknown>; token?: string } = {}): Promise<ActionRun> {
  return harness.run({
    inputs: { 'github-token': options.token ?? TOKEN, ...inputs },
    workspace: options.workspace,
    payload: options.payload,
    env: { GITHUB_API_URL: server.url },
  });
}

const stickyComments = () => server.commentsOn(OWNER, REPO, prNumber).filter((c) => c.body.includes(MARKER));
const routes = () => server.requests.map((r) => `${r.method} ${r.route ?? r.path}`);

/** What every run must satisfy: valid requests only, authenticated, and the token never printed. */
function assertCleanRun(run: ActionRun): void {
  assert.deepEqual(server.violations, [], 'every request matches GitHub’s OpenAPI description');
  assert.ok(server.requests.every((r) => r.auth === 'token'), 'every request carries the token');
  // The one place the token may appear is the runner's own ::add-mask:: command, which masks it everywhere else.
  const logged = (run.stdout + '\n' + run.stderr).split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
  for (const secret of [TOKEN, FORK_TOKEN]) {
    assert.ok(!logged.includes(secret), 'the token is never logged');
  }
  assert.doesNotMatch(run.stdout + run.stderr, /authorization|x-github-request-id|x-ratelimit/i, 'no headers in the log');
}

describe('action with a GitHub API stand-in', () => {
  before(() => {
    harness = new ActionHarness();
  });
  after(() => rmSync(harness.root, { recursive: true, force: true }));

  beforeEach(async () => {
    server = await new GitHubApiServer().start();
    server.addToken(TOKEN, ACTIONS_BOT);
    server.addToken(FORK_TOKEN, ACTIONS_BOT, true);
  });
  afterEach(() => server.close());

  test('the trajectory keeps its own sticky comment beside the gate\'s, updated in place', async () => {
    const workspace = harness.newWorkspace();
    for (const [name, from] of [['step-30', 'int8'], ['step-1000', 'lora']]) cpSync(path.join(workspace, 'monitors', 'acts', from), path.join(workspace, 'run', name), { recursive: true });
    const gate = await runGateAction({ mode: 'advise' }, { workspace, payload: pullRequestPayload('opened') });
    assertCleanRun(gate);
    const trajectory = await runGateAction({ checkpoints: 'run/step-*' }, { workspace, payload: pullRequestPayload('opened') });
    assert.equal(trajectory.status, 0, trajectory.stdout + trajectory.stderr);
    assertCleanRun(trajectory);
    const trajectoryMarker = commentMarker('.github/monitor-gate.yml', 'trajectory');
    const own = server.commentsOn(OWNER, REPO, prNumber).filter((c) => c.body.includes(trajectoryMarker));
    assert.equal(own.length, 1);
    assert.equal(stickyComments().length, 1, "the gate's comment is left as it was");
    assert.ok(own[0].body.startsWith(`${trajectoryMarker}\n## ⚠️ monitor-gate trajectory: TRAJECTORY AT RISK`), own[0].body.slice(0, 200));
    assert.match(own[0].body, /```mermaid\nxychart-beta/);
    assert.match(own[0].body, /Pull request #\d+/);
    const again = await runGateAction({ checkpoints: 'run/step-*' }, { workspace, payload: pullRequestPayload('synchronize') });
    assertCleanRun(again);
    assert.equal(server.commentsOn(OWNER, REPO, prNumber).filter((c) => c.body.includes(trajectoryMarker)).length, 1, 'updated, not added');
  });

  test('the first run creates the comment, the next runs update that one comment in place', async () => {
    const workspace = harness.newWorkspace();
    const first = await runGateAction({ mode: 'enforce' }, { workspace, payload: pullRequestPayload('opened') });
    assert.equal(first.status, 1, first.stdout + first.stderr); // the gate fails; the comment is posted all the same
    assertCleanRun(first);
    assert.deepEqual(routes(), [`GET ${COMMENTS_ROUTE}`, `POST ${COMMENTS_ROUTE}`]);
    const created = stickyComments();
    assert.equal(created.length, 1);
    const body = created[0].body;
    assert.ok(body.startsWith(MARKER + '\n'), 'the hidden marker is the first line');
    assert.match(body, /## ❌ monitor-gate: \*\*fail\*\*/);
    assert.match(body, /^- `pii-email` \(blocking\): TPR at the deployed threshold 0\.88 → 0\.23, tolerance 0\.10; AUROC 0\.972 → 0\.908, tolerance 0\.03$/m);
    assert.match(body, /^\| `pii-email` \| ❌ stale \| 0\.88 → 0\.23 \| 0\.05 → 0\.01 \| 0\.972 → 0\.908 \|$/m);
    assert.match(body, /```mermaid\n%%\{init: [^\n]*\}%%\nxychart-beta horizontal\n/);
    assert.match(body, /x-axis \["pii-email", "refusal", "toxicity-mlp"\]/);
    assert.match(body, /<details>\n<summary>Details: update event and 3 monitors<\/summary>/);
    assert.match(body, /\*\*Update event:\*\* `lora` · declared in `label monitor-gate\/lora`/);
    assert.match(body, /Pull request #2 at ec26c3e/);
    assert.match(first.stdout, /pull request comment created/);
    assert.equal(first.outputs.verdict, 'fail');
    assert.equal(first.outputs['event-family'], 'lora', 'declared by the monitor-gate/lora label');

    // A new push: the gate now passes; the same comment is edited, not a second one added.
    server.requests.length = 0;
    const second = await runGateAction({ mode: 'enforce', 'updated-activations': 'monitors/acts/int8' }, { workspace, payload: pullRequestPayload('synchronize') });
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assertCleanRun(second);
    assert.deepEqual(routes(), [`GET ${COMMENTS_ROUTE}`, 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}']);
    assert.equal(server.requests[1].path, `/repos/${OWNER}/${REPO}/issues/comments/${created[0].id}`);
    const updated = stickyComments();
    assert.equal(updated.length, 1, 'exactly one comment');
    assert.equal(updated[0].id, created[0].id);
    assert.match(updated[0].body, /## ✅ monitor-gate: \*\*pass\*\*/);
    assert.match(second.stdout, /pull request comment updated/);

    // Nothing changed: nothing is written.
    server.requests.length = 0;
    const third = await runGateAction({ mode: 'enforce', 'updated-activations': 'monitors/acts/int8' }, { workspace, payload: pullRequestPayload('synchronize') });
    assert.equal(third.status, 0);
    assertCleanRun(third);
    assert.deepEqual(routes(), [`GET ${COMMENTS_ROUTE}`]);
    assert.equal(server.comments.length, 1);
  });

  test('the sticky comment is found past the first page, and a human quoting the marker is left alone', async () => {
    const human = { login: 'Codertocat', id: 21031067, type: 'User' as const };
    for (let i = 0; i < 130; i++) server.addComment(OWNER, REPO, prNumber, `review note ${i}`, human);
    const quoted = server.addComment(OWNER, REPO, prNumber, `${MARKER}\nI copied the bot's comment here`, human);
    const ours = server.addComment(OWNER, REPO, prNumber, `${MARKER}\nold results`, ACTIONS_BOT);
    const run = await runGateAction({ mode: 'advise' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assertCleanRun(run);
    const lists = server.requests.filter((r) => r.method === 'GET');
    assert.deepEqual(lists.map((r) => r.query.page ?? '1'), ['1', '2'], 'both pages of comments were read');
    assert.ok(lists.every((r) => r.query.per_page === '100'));
    assert.deepEqual(routes().filter((r) => !r.startsWith('GET')), ['PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}']);
    assert.match(server.comments.find((c) => c.id === ours.id)!.body, /monitor-gate: \*\*fail\*\*/);
    assert.equal(server.comments.find((c) => c.id === quoted.id)!.body, `${MARKER}\nI copied the bot's comment here`);
  });

  test('a pull request from a fork (read-only token): 403 on the comment degrades to summary + notice, the gate still decides', async () => {
    const run = await runGateAction({ mode: 'enforce', 'updated-activations': 'monitors/acts/int8' }, { payload: forkPullRequestPayload(), token: FORK_TOKEN });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assertCleanRun(run);
    assert.equal(run.outputs.verdict, 'pass');
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.route} ${r.status}`),
      [`GET ${COMMENTS_ROUTE} 200`, `POST ${COMMENTS_ROUTE} 403`],
      'a plain 403 is not retried',
    );
    assert.equal(server.comments.length, 0);
    const notice = run.stdout.split('\n').find((l) => l.startsWith('::notice ') && l.includes('no pull request comment'));
    assert.ok(notice, run.stdout);
    assert.match(notice, /403 POST \/repos\/Codertocat\/Hello-World\/issues\/2\/comments: Resource not accessible by integration/);
    assert.match(notice, /from forks \(this one is from forker\/Hello-World\) get a read-only token/);
    assert.doesNotMatch(run.stdout, /^::error/m, 'no error annotation for the comment');
    assert.match(run.summary, /monitor-gate: \*\*pass\*\*/);
    assert.match(run.summary, /^\| `refusal` \| ✅ fresh \| /m);
    assert.match(run.summary, /The pull request comment could not be posted: pull requests from forks/);

    // With a failing gate the job fails because of the gate, and only because of it.
    server.requests.length = 0;
    const failing = await runGateAction({ mode: 'enforce' }, { payload: forkPullRequestPayload(), token: FORK_TOKEN });
    assert.equal(failing.status, 1);
    assertCleanRun(failing);
    const errors = failing.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.ok(errors.some((l) => l.includes('pii-email is stale')));
    assert.ok(errors.some((l) => l.includes('FAIL: 1 blocking monitor failed (1 stale): pii-email')));
    assert.ok(!errors.some((l) => /comment/i.test(l)), errors.join('\n'));
  });

  test('a 500 is retried with backoff and the comment is created once', async () => {
    server.inject({ method: 'POST', route: COMMENTS_ROUTE, status: 500, message: 'Server Error' });
    const run = await runGateAction({ mode: 'advise' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assertCleanRun(run);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.status}`),
      ['GET 200', 'POST 500', 'POST 201'],
    );
    assert.equal(stickyComments().length, 1);
    assert.doesNotMatch(run.stdout, /could not comment/);
  });

  test('a secondary rate limit is waited out (retry-after) and retried', async () => {
    server.injectSecondaryRateLimit('GET', COMMENTS_ROUTE, 1);
    const started = Date.now();
    const run = await runGateAction({ mode: 'advise' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assertCleanRun(run);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.status}`),
      ['GET 403', 'GET 200', 'POST 201'],
    );
    assert.ok(Date.now() - started >= 1000, 'waited for retry-after');
    assert.match(run.stdout, /secondary rate limit/);
    assert.equal(stickyComments().length, 1);
  });

  test('when retries run out the gate still reports, with a warning about the comment', async () => {
    server.inject({ method: 'POST', route: COMMENTS_ROUTE, status: 502, message: 'Bad Gateway', times: 10 });
    const run = await runGateAction({ mode: 'enforce', 'updated-activations': 'monitors/acts/int8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assertCleanRun(run);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 4, 'one try and three retries');
    assert.match(run.stdout, /::warning title=monitor-gate%3A no pull request comment::.*502 POST \/repos\/Codertocat\/Hello-World\/issues\/2\/comments: Bad Gateway/);
    assert.match(run.summary, /monitor-gate: \*\*pass\*\*/);
  });

  test('comment: false and non-PR events make no API calls', async () => {
    const off = await runGateAction({ mode: 'advise', comment: 'false' });
    assert.equal(off.status, 0);
    const push = await harness.run({
      inputs: { 'github-token': TOKEN, mode: 'advise' },
      payload: { ref: 'refs/heads/main', repository: pullRequestPayload().repository },
      eventName: 'push',
      env: { GITHUB_API_URL: server.url },
    });
    assert.equal(push.status, 0, push.stdout + push.stderr);
    assert.match(push.stdout, /not a pull request event; no comment/);
    assert.deepEqual(server.requests, []);
    const bad = await runGateAction({ comment: 'yes' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /::error::input 'comment' must be 'true' or 'false', got 'yes'/);
  });

  test('shards write partial reports without commenting; merge mode posts one comment with one verdict', async () => {
    const workspace = harness.newWorkspace();
    const reportsDir = path.join(workspace, 'downloaded');
    for (const i of [1, 2, 3]) {
      const run = await runGateAction({ mode: 'enforce', shard: `${i}/3`, 'report-path': `parts/part-${i}.json` }, { workspace });
      assert.equal(run.status, 0, `a shard does not fail the job: ${run.stdout}${run.stderr}`);
      assert.match(run.summary, new RegExp(`partial: shard ${i}/3`));
      assert.doesNotMatch(run.stdout, /^::error/m, 'shards do not annotate');
      // As actions/download-artifact lays out one artifact per folder.
      mkdirSync(path.join(reportsDir, `monitor-gate-shard-${i}`), { recursive: true });
      writeFileSync(path.join(reportsDir, `monitor-gate-shard-${i}`, 'report.json'), readFileSync(path.join(workspace, 'parts', `part-${i}.json`)));
    }
    assert.deepEqual(server.requests, [], 'no shard talks to the API');

    const merged = await runGateAction({ mode: 'merge', 'reports-dir': 'downloaded', 'report-path': 'merged.json' }, { workspace });
    assert.equal(merged.status, 1, 'merge mode enforces the merged verdict');
    assertCleanRun(merged);
    assert.equal(merged.outputs.verdict, 'fail');
    assert.equal(merged.outputs['stale-monitors'], 'pii-email');
    assert.equal(stickyComments().length, 1);
    assert.match(stickyComments()[0].body, /3 monitors · 2 fresh · 1 stale/);
    assert.ok(merged.stdout.split('\n').some((l) => l.startsWith('::error ') && l.includes('file=.github/monitor-gate.yml') && l.includes('pii-email is stale')));

    // The merged report is the report an unsharded run writes.
    const whole = await runGateAction({ mode: 'advise', comment: 'false', 'report-path': 'whole.json' }, { workspace });
    assert.equal(whole.status, 0);
    assert.equal(readFileSync(path.join(workspace, 'merged.json'), 'utf8'), readFileSync(path.join(workspace, 'whole.json'), 'utf8'));
  });

  test('merge mode refuses parts of different commits and says which', async () => {
    const workspace = harness.newWorkspace();
    const parts = syntheticShards(12, 3);
    parts[2].commit = 'ffffffffffffffffffffffffffffffffffffffff';
    mkdirSync(path.join(workspace, 'parts'));
    parts.forEach((p, i) => writeFileSync(path.join(workspace, 'parts', `p${i + 1}.json`), serializeReport(p)));
    const run = await runGateAction({ mode: 'merge', 'reports-dir': 'parts' }, { workspace });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /::error::monitor-gate: cannot merge reports of different commits: parts\/p1\.json has commit ec26c3e\w+ but parts\/p3\.json has commit f{40} \(merge the partial reports of one sharded run\)/);
    assert.deepEqual(server.requests, []);
  });

  test('a comment too large for GitHub is cut down in stages and points to the job summary', async () => {
    const workspace = harness.newWorkspace();
    const parts = syntheticShards(600, 3, 3);
    for (const p of parts) assert.deepEqual(reportSchemaProblems(p), []);
    // The merge checks every part against the config in the checkout: give it the synthetic stack's.
    const configText = syntheticConfig(600);
    writeFileSync(path.join(workspace, '.github', 'monitor-gate.yml'), configText);
    for (const p of parts) p.fingerprint = fingerprintOf(configText);
    mkdirSync(path.join(workspace, 'parts'));
    parts.forEach((p, i) => writeFileSync(path.join(workspace, 'parts', `p${i + 1}.json`), serializeReport(p)));
    const run = await runGateAction({ mode: 'merge', 'reports-dir': 'parts' }, { workspace });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assertCleanRun(run);
    const [comment] = stickyComments();
    assert.ok(comment.body.length < COMMENT_MAX_CHARS, `${comment.body.length} characters`);
    assert.match(comment.body, /left out to stay under GitHub's 65,536-character comment limit; the \[job summary\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/1658821493\) of this run has every monitor/);
    assert.match(run.stdout, /the comment is shortened to fit GitHub's limit/);
    // The job summary has room for every monitor.
    const merged: GateReport = mergeReports(parts);
    for (const m of merged.monitors) assert.ok(run.summary.includes(`| \`${m.id}\``), m.id);
    assert.ok(Buffer.byteLength(run.summary) <= 1024 * 1024);
    // GitHub's annotation caps: the most degraded stale monitors survive, the rest are counted.
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.equal(errors.length, 9, 'nine error annotations: one slot stays free for the gate failure');
    assert.match(errors[8], /more monitors at this level are listed in the job summary/);
  });

  test('without a label, the update event is detected from the PR files read over the API', async () => {
    server.pullFiles.set(`${OWNER}/${REPO}#${prNumber}`, [
      { filename: 'adapter/adapter_config.json', status: 'added' },
      { filename: 'adapter/README.md', status: 'added' },
    ]);
    server.contents.set(
      `${OWNER}/${REPO}:adapter/adapter_config.json`,
      JSON.stringify({ peft_type: 'LORA', r: 16, lora_alpha: 32, lora_dropout: 0.05, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: 'org/base', task_type: 'CAUSAL_LM' }, null, 2),
    );
    server.contents.set(`${OWNER}/${REPO}:adapter/README.md`, '# adapter\n');
    const run = await runGateAction({ mode: 'enforce' }, { payload: pullRequestPayload('opened', { labels: [] }) });
    assertCleanRun(run);
    assert.equal(run.outputs['event-family'], 'lora');
    assert.ok(routes().includes('GET /repos/{owner}/{repo}/pulls/{pull_number}/files'), routes().join('\n'));
    assert.ok(routes().includes('GET /repos/{owner}/{repo}/contents/{path}'));
    // Detection evidence becomes a notice at the file and line it came from.
    assert.ok(run.stdout.split('\n').some((l) => l.startsWith('::notice ') && l.includes('file=adapter/adapter_config.json')), run.stdout);
    assert.equal(run.status, 1, 'the LoRA update is measured and pii-email is stale');
  });

  test('a PR with no model update is still measured by default (fail closed)', async () => {
    server.pullFiles.set(`${OWNER}/${REPO}#${prNumber}`, [{ filename: 'docs/usage.md', status: 'modified' }]);
    server.contents.set(`${OWNER}/${REPO}:docs/usage.md`, '# Usage\n\nRun the model.\n');
    const run = await runGateAction({ mode: 'enforce' }, { payload: pullRequestPayload('opened', { labels: [] }) });
    assertCleanRun(run);
    assert.equal(run.outputs['event-family'], 'none');
    assert.equal(run.outputs.verdict, 'fail', 'the demo LoRA activations are stale whatever the PR says');
    assert.match(run.stdout, /no model update in the change; the monitors are measured anyway/);
  });

  test('a large adapter weight file over the API is read header-only with a Range request', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'monitor-gate-weights-'));
    const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const layer of [0, 1]) {
      for (const module of ['q_proj', 'v_proj']) {
        for (const ab of ['lora_A', 'lora_B']) {
          const shape = ab === 'lora_A' ? [8, 4096] : [4096, 8];
          tensors[`base_model.model.model.layers.${layer}.self_attn.${module}.${ab}.weight`] = { dtype: 'F32', shape, data: new Float32Array(8 * 4096) };
        }
      }
    }
    const file = path.join(dir, 'adapter_model.safetensors');
    await writeSafetensors(file, tensors);
    const bytes = readFileSync(file);
    rmSync(dir, { recursive: true, force: true });
    assert.ok(bytes.length > 1024 * 1024, 'bigger than the contents API inlines');
    server.pullFiles.set(`${OWNER}/${REPO}#${prNumber}`, [{ filename: 'adapter_model.safetensors', status: 'added' }]);
    server.contents.set(`${OWNER}/${REPO}:adapter_model.safetensors`, bytes);
    const run = await runGateAction({ mode: 'advise' }, { payload: pullRequestPayload('opened', { labels: [] }) });
    assertCleanRun(run);
    assert.equal(run.outputs['event-family'], 'lora');
    const ranged = server.requests.filter((r) => r.range !== undefined);
    assert.ok(ranged.length >= 1, 'a Range request fetched the header');
    assert.ok(ranged.every((r) => r.status === 206 && /^bytes=0-\d+$/.test(r.range!)));
    const maxEnd = Math.max(...ranged.map((r) => Number(r.range!.split('-')[1])));
    assert.ok(maxEnd < bytes.length - 1, 'never the whole file');
  });
});

