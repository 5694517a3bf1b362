/**
 * Runs the built action (`node dist/action.js` from an export of the tracked files) the way the
 * runner does, without blocking the event loop, so an in-process test server can answer its
 * GitHub API calls.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { demoDir, exportTrackedFiles, repoRoot } from './workspace.ts';

const require = createRequire(import.meta.url);

type Payload = Record<string, any>;

/** A real `pull_request` payload from @octokit/webhooks-examples (a fresh copy each call). */
export function pullRequestPayload(action = 'opened', options: { labels?: string[] } = {}): Payload {
  const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Payload[] }>;
  const found = examples.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === action);
  assert.ok(found, `webhooks-examples has a pull_request.${action} payload`);
  const payload = structuredClone(found);
  // The comment tests declare the update with a label (as a team would), so the action reads no PR files.
  const labels = options.labels ?? ['monitor-gate/lora'];
  payload.pull_request.labels = labels.map((name, i) => ({ id: 1000 + i, node_id: `LA_${i}`, url: '', name, color: 'ededed', default: false, description: null }));
  return payload;
}

/** The same pull request, opened from a fork: GitHub gives such runs a read-only token. */
export function forkPullRequestPayload(action = 'opened'): Payload {
  const payload = pullRequestPayload(action);
  const head = payload.pull_request.head;
  head.repo = { ...head.repo, full_name: `forker/${head.repo.name}`, fork: true, owner: { ...head.repo.owner, login: 'forker' } };
  head.label = `forker:${head.ref}`;
  head.user = { ...head.user, login: 'forker' };
  return payload;
}

/** Parses the GITHUB_OUTPUT file format that @actions/core writes (name<<delimiter blocks). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

/** A user's repository: the demo example laid out as a model repo holds it, config in .github/. */
export function makeWorkspace(root: string): string {
  const workspace = path.join(root, 'workspace');
  mkdirSync(path.join(workspace, '.github'), { recursive: true });
  cpSync(demoDir, path.join(workspace, 'monitors'), { recursive: true });
  const config = readFileSync(path.join(demoDir, 'monitor-gate.yml'), 'utf8')
    .replace(/\$schema=\S+/, '$schema=https://example.invalid/schema.json')
    .replace(/probes\//g, '../monitors/probes/')
    .replace(/base: acts\/base/, 'base: ../monitors/acts/base')
    .replace(/updated: acts\/lora/, 'updated: ../monitors/acts/lora');
  writeFileSync(path.join(workspace, '.github', 'monitor-gate.yml'), config);
  return workspace;
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** The workspace to run in (makeWorkspace); a fresh one by default. */
  workspace?: string;
  payload?: Payload;
  eventName?: string;
  env?: Record<string, string>;
}

/** The action exported once per test file, as the runner checks it out: no node_modules. */
export class ActionHarness {
  readonly root: string;
  readonly actionDir: string;
  private runs = 0;

  constructor() {
    assert.ok(existsSync(path.join(repoRoot, 'dist', 'action.js')), 'dist/action.js exists (npm run build)');
    this.root = mkdtempSync(path.join(os.tmpdir(), 'monitor-gate-action-'));
    this.actionDir = path.join(this.root, 'monitor-gate');
    exportTrackedFiles(this.actionDir);
    assert.ok(!existsSync(path.join(this.actionDir, 'node_modules')), 'the export has no node_modules');
  }

  newWorkspace(): string {
    const dir = path.join(this.root, `ws-${++this.runs}`);
    mkdirSync(dir);
    return makeWorkspace(dir);
  }

  async run(options: RunOptions): Promise<ActionRun> {
    const workspace = options.workspace ?? this.newWorkspace();
    const runnerDir = path.join(this.root, `runner-${++this.runs}`);
    mkdirSync(runnerDir);
    const payloadPath = path.join(runnerDir, 'event.json');
    writeFileSync(payloadPath, JSON.stringify(options.payload ?? pullRequestPayload()));
    const outputFile = path.join(runnerDir, 'output.txt');
    const summaryFile = path.join(runnerDir, 'summary.md');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: runnerDir,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH: payloadPath,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '1658821493',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerDir,
      RUNNER_TOOL_CACHE: path.join(runnerDir, 'tool-cache'),
      ...options.env,
    };
    for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const child = spawn(process.execPath, [path.join(this.actionDir, 'dist', 'action.js')], { cwd: workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    return {
      status,
      stdout,
      stderr,
      outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      workspace,
    };
  }
}
