// upload-repairs: the built action (`node dist/action.js`, as the runner runs it) uploads the
// repaired probes and the report through the real @actions/artifact client to a stand-in of the
// Actions results service and its blob store, which checks every request and keeps the bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { ActionHarness, type ActionRun } from './helpers/action-runner.ts';
import { ArtifactServer, readZip, type StoredArtifact } from './helpers/artifact-server.ts';

let harness: ActionHarness;
let server: ArtifactServer;

/** The GITHUB_RUN_ID and GITHUB_REPOSITORY the harness gives every run. */
const RUN_URL = 'https://github.com/Codertocat/Hello-World/actions/runs/1658821493';

async function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const { token } = server.issueToken();
  // No pull request comment: these runs have no GitHub API to talk to.
  return harness.run({ inputs: { comment: 'false', ...inputs }, env: { ...server.env(token), ...env } });
}

const warnings = (r: ActionRun) => r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
const uploadWarnings = (r: ActionRun) => warnings(r).filter((l) => l.includes('could not upload the repaired probes'));

function onlyArtifact(): StoredArtifact & { bytes: Buffer } {
  const done = server.finalized();
  assert.equal(done.length, 1, `one finalized artifact, got ${done.map((a) => a.name).join(', ') || 'none'}`);
  assert.ok(done[0].bytes);
  return done[0] as StoredArtifact & { bytes: Buffer };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('action upload-repairs, against a stand-in artifact service', () => {
  before(() => {
    harness = new ActionHarness();
  });
  after(() => rmSync(harness.root, { recursive: true, force: true }));
  beforeEach(async () => {
    server = await new ArtifactServer().start();
  });
  afterEach(async () => {
    await server.close();
  });

  test('uploads the repaired probe and the report as one artifact, with its id and url as outputs', async () => {
    const r = await run({ mode: 'advise', 'repair-dir': 'repairs', 'upload-repairs': 'true' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(server.violations, []);
    assert.equal(r.outputs.verdict, 'fail');
    const artifact = onlyArtifact();
    assert.equal(artifact.name, 'monitor-gate-repairs');
    assert.equal(artifact.mimeType, 'application/zip');
    // The client's own calls, in order: create, the block upload, commit, finalize.
    const ops = server.requests.map((q) => q.operation);
    assert.equal(ops[0], 'CreateArtifact');
    assert.equal(ops.at(-2), 'PutBlockList');
    assert.equal(ops.at(-1), 'FinalizeArtifact');
    assert.ok(ops.slice(1, -2).length >= 1 && ops.slice(1, -2).every((o) => o === 'PutBlock'), ops.join(', '));

    const entries = readZip(artifact.bytes);
    assert.deepEqual([...entries.keys()].sort(), ['monitor-gate-report.json', 'pii-email.onnx']);
    const probeOnDisk = readFileSync(path.join(r.workspace, 'repairs', 'pii-email.onnx'));
    assert.ok(probeOnDisk.length > 0);
    assert.ok(entries.get('pii-email.onnx')!.equals(probeOnDisk), 'the archived probe is the repaired probe on disk, byte for byte');
    const reportOnDisk = readFileSync(path.join(r.workspace, 'monitor-gate-report.json'));
    assert.ok(entries.get('monitor-gate-report.json')!.equals(reportOnDisk), 'the archived report is the report on disk');
    const report = JSON.parse(reportOnDisk.toString('utf8'));
    assert.equal(report.monitors.find((m: { id: string }) => m.id === 'pii-email').repair.file, 'repairs/pii-email.onnx');

    assert.equal(r.outputs['repairs-artifact-id'], String(artifact.id));
    assert.equal(r.outputs['repairs-artifact-url'], `${RUN_URL}/artifacts/${artifact.id}`);
    assert.match(r.summary, /Repaired probes of `pii-email` uploaded as the artifact \[`monitor-gate-repairs`\]/);
    assert.deepEqual(uploadWarnings(r), []);
  });

  test('without repair-dir the probes go to RUNNER_TEMP, and enforce mode still fails the job', async () => {
    const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'monitor-gate-runner-temp-'));
    after(() => rmSync(runnerTemp, { recursive: true, force: true }));
    const r = await run({ mode: 'enforce', 'upload-repairs': 'true' }, { RUNNER_TEMP: runnerTemp });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.outputs.verdict, 'fail');
    assert.ok(r.stdout.includes('FAIL: 1 blocking monitor failed (1 stale): pii-email'));
    assert.deepEqual(server.violations, []);
    const probe = path.join(runnerTemp, 'monitor-gate-repairs', 'pii-email.onnx');
    assert.ok(existsSync(probe), 'the repaired probe is under RUNNER_TEMP');
    assert.ok(!existsSync(path.join(r.workspace, 'monitor-gate-repairs')), 'nothing is written into the checkout');
    const entries = readZip(onlyArtifact().bytes);
    assert.ok(entries.get('pii-email.onnx')!.equals(readFileSync(probe)));
    assert.ok(entries.has('monitor-gate-report.json'));
  });

  test("a shard's artifact is named <name>-<i>-of-<n>", async () => {
    const r = await run({ mode: 'advise', shard: '1/2', 'upload-repairs': 'true', 'repairs-artifact-name': 'fixed-probes', 'report-path': 'part.json' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(server.violations, []);
    const artifact = onlyArtifact();
    assert.equal(artifact.name, 'fixed-probes-1-of-2');
    assert.deepEqual([...readZip(artifact.bytes).keys()].sort(), ['part.json', 'pii-email.onnx']);
    assert.equal(r.outputs['repairs-artifact-id'], String(artifact.id));
  });

  test('an upload the service refuses is one warning line; report, outputs, summary and verdict stay', async () => {
    server.inject({ operation: 'CreateArtifact', status: 409, code: 'already_exists', message: 'an artifact with this name already exists on the workflow run' });
    const r = await run({ mode: 'enforce', 'repair-dir': 'repairs', 'upload-repairs': 'true' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(server.violations, []);
    assert.equal(server.finalized().length, 0);
    const [warning, ...more] = uploadWarnings(r);
    assert.deepEqual(more, []);
    assert.ok(warning, r.stdout);
    assert.match(warning, /could not upload the repaired probes as artifact 'monitor-gate-repairs': .*\(409\) Conflict: an artifact with this name already exists/);
    assert.doesNotMatch(warning, /%0A/, 'one line');
    // The gate's own results are untouched.
    assert.equal(r.outputs.verdict, 'fail');
    assert.equal(r.outputs['stale-monitors'], 'pii-email');
    assert.equal(r.outputs['repairs-artifact-id'], undefined);
    const report = JSON.parse(readFileSync(path.join(r.workspace, 'monitor-gate-report.json'), 'utf8'));
    assert.equal(report.verdict, 'fail');
    assert.ok(existsSync(path.join(r.workspace, 'repairs', 'pii-email.onnx')));
    assert.match(r.summary, /monitor-gate: \*\*fail\*\*/);
    assert.match(r.summary, /could not be uploaded as the artifact `monitor-gate-repairs`: .*409.*The gate result does not depend on it\./);
    assert.ok(r.stdout.includes('FAIL: 1 blocking monitor failed (1 stale): pii-email'));
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  });

  test('the blob store refusing the upload is a warning, and nothing is finalized', async () => {
    server.inject({ operation: 'PutBlock', status: 403, code: 'AuthenticationFailed', message: 'Signature not valid in the specified time frame' });
    const r = await run({ mode: 'advise', 'repair-dir': 'repairs', 'upload-repairs': 'true' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(server.violations, []);
    assert.ok(!server.requests.some((q) => q.operation === 'FinalizeArtifact'));
    const [warning, ...more] = uploadWarnings(r);
    assert.deepEqual(more, []);
    assert.match(warning ?? '', /: Signature not valid in the specified time frame \(HTTP 403 AuthenticationFailed\)$/);
    assert.equal(r.outputs.verdict, 'fail');
    assert.equal(r.outputs['repairs-artifact-id'], undefined);
    assert.ok(existsSync(path.join(r.workspace, 'monitor-gate-report.json')));
  });

  test('an unreachable artifact service is a one-line warning', async () => {
    const port = await closedPort();
    const r = await run({ mode: 'advise', 'repair-dir': 'repairs', 'upload-repairs': 'true' }, { ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const [warning, ...more] = uploadWarnings(r);
    assert.deepEqual(more, []);
    assert.match(warning ?? '', /ECONNREFUSED$/);
    assert.doesNotMatch(warning, /%0A|self-hosted/, 'the library message is cut to its first line');
    assert.equal(r.outputs.verdict, 'fail');
    assert.equal(r.outputs['stale-monitors'], 'pii-email');
    assert.ok(existsSync(path.join(r.workspace, 'monitor-gate-report.json')));
  });

  test('transient 5xx answers are retried by the library and the upload completes', async () => {
    server.inject({ operation: 'CreateArtifact', status: 500 });
    server.inject({ operation: 'PutBlock', status: 500 });
    const r = await run({ mode: 'advise', 'repair-dir': 'repairs', 'upload-repairs': 'true' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(server.violations, []);
    assert.deepEqual(
      server.requests.filter((q) => q.status >= 500).map((q) => q.operation),
      ['CreateArtifact', 'PutBlock'],
    );
    const artifact = onlyArtifact();
    assert.ok(readZip(artifact.bytes).get('pii-email.onnx')!.equals(readFileSync(path.join(r.workspace, 'repairs', 'pii-email.onnx'))));
    assert.equal(r.outputs['repairs-artifact-id'], String(artifact.id));
    assert.deepEqual(uploadWarnings(r), []);
  });

  test('nothing stale: no upload and no warning', async () => {
    const r = await run({ 'updated-activations': 'monitors/acts/int8', 'upload-repairs': 'true' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.verdict, 'pass');
    assert.deepEqual(server.requests, []);
    assert.deepEqual(warnings(r), []);
    assert.equal(r.outputs['repairs-artifact-id'], undefined);
    assert.match(r.stdout, /no repaired probes were written, so no artifact is uploaded/);
  });

  test('upload-repairs is off by default: repair-dir alone uploads nothing', async () => {
    const r = await run({ mode: 'advise', 'repair-dir': 'repairs' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(existsSync(path.join(r.workspace, 'repairs', 'pii-email.onnx')));
    assert.deepEqual(server.requests, []);
    assert.equal(r.outputs['repairs-artifact-id'], undefined);
  });

  test('an artifact name the service would refuse fails with one line naming the input', async () => {
    const r = await run({ 'upload-repairs': 'true', 'repairs-artifact-name': 'probes/v2' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /::error::input 'repairs-artifact-name' must not contain "\/", got "probes\/v2"/);
    assert.deepEqual(server.requests, []);
  });
});

describe('the artifact service stand-in refuses what the real service would', () => {
  const rpc = (s: ArtifactServer, method: string, body: unknown, token?: string) =>
    fetch(`${s.url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const putBlob = (url: string, query: string, body: string) =>
    fetch(`${url}&${query}`, { method: 'PUT', headers: { 'x-ms-version': '2025-11-05', 'content-length': String(Buffer.byteLength(body)) }, body });

  test('a finalize whose hash or size is not that of the received bytes, a missing token, an unknown field, a wrong signature', async () => {
    const s = await new ArtifactServer().start();
    after(() => s.close());
    const { token, runId, jobId } = s.issueToken();
    const ids = { workflow_run_backend_id: runId, workflow_job_run_backend_id: jobId };

    const anonymous = await rpc(s, 'CreateArtifact', { ...ids, name: 'a', version: 7 });
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { code: string }).code, 'unauthenticated');
    const unknownField = await rpc(s, 'CreateArtifact', { ...ids, name: 'a', version: 7, workflowRunBackendId: runId }, token);
    assert.equal(unknownField.status, 400);

    const created = await rpc(s, 'CreateArtifact', { ...ids, name: 'a', version: 7, mime_type: 'application/zip' }, token);
    assert.equal(created.status, 200);
    const { signed_upload_url: uploadUrl } = (await created.json()) as { signed_upload_url: string };
    assert.equal((await putBlob(uploadUrl.replace(/sig=[^&]+/, 'sig=forged'), 'comp=block&blockid=QUFBQQ%3D%3D', 'zip bytes')).status, 403);
    assert.equal((await putBlob(uploadUrl, 'comp=block&blockid=QUFBQQ%3D%3D', 'zip bytes')).status, 201);
    assert.equal((await putBlob(uploadUrl, 'comp=blocklist', '<?xml version="1.0" encoding="UTF-8"?><BlockList><Latest>QUFBQQ==</Latest></BlockList>')).status, 201);

    const wrongHash = await rpc(s, 'FinalizeArtifact', { ...ids, name: 'a', size: '9', hash: `sha256:${'0'.repeat(64)}` }, token);
    assert.equal(wrongHash.status, 400);
    assert.equal(((await wrongHash.json()) as { code: string }).code, 'invalid_argument');
    const wrongSize = await rpc(s, 'FinalizeArtifact', { ...ids, name: 'a', size: '8' }, token);
    assert.equal(wrongSize.status, 400);
    assert.equal(s.finalized().length, 0);

    assert.equal(s.violations.length, 5, s.violations.join('\n'));
    assert.match(s.violations[0], /no Bearer runtime token/);
    assert.match(s.violations[1], /unknown|additional/i);
    assert.match(s.violations[2], /not an open signed upload URL/);
    assert.match(s.violations[3], /hash sha256:0+, but the received bytes hash to sha256:[0-9a-f]{64}/);
    assert.match(s.violations[4], /size 8, but the blob store received 9 bytes/);

    // The real bytes finalize.
    const hash = `sha256:${createHash('sha256').update('zip bytes').digest('hex')}`;
    const ok = await rpc(s, 'FinalizeArtifact', { ...ids, name: 'a', size: '9', hash }, token);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { ok: true, artifact_id: String(s.finalized()[0].id) });
  });
});
