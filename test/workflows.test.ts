// The example workflows and this repository's own workflows are valid workflow YAML whose every use
// of this action matches action.yml, none can let a required check pass without the gate (no
// job-level fork skip, no paths filter, every skippable gate job reported by an always-running job),
// and examples/extract_activations.py writes batches in the exact format the gate reads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { loadConfig, runGate } from '../src/core/index.ts';
import { buildLinearProbe } from '../src/core/onnx/build-probe.ts';
import { repoRoot, tempDir } from './helpers/workspace.ts';

const workflowsDir = path.join(repoRoot, 'examples', 'workflows');
const yamlFiles = (dir: string) => readdirSync(path.join(repoRoot, dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
const exampleFiles = yamlFiles('examples/workflows');
/** Every workflow, as a path relative to the repository root. */
const workflowFiles = [...exampleFiles.map((f) => `examples/workflows/${f}`), ...yamlFiles('.github/workflows').map((f) => `.github/workflows/${f}`)];

interface ActionSpec {
  inputs: Record<string, { required?: boolean; default?: unknown; description?: string }>;
  outputs: Record<string, { description?: string }>;
}
const action = parseDocument(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')).toJS() as ActionSpec;

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
const JOB_KEYS = ['name', 'needs', 'runs-on', 'permissions', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'if', 'steps', 'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services'];
const STEP_KEYS = ['id', 'if', 'name', 'uses', 'run', 'shell', 'with', 'env', 'continue-on-error', 'timeout-minutes', 'working-directory'];
const PERMISSION_SCOPES = ['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses'];
const EVENTS = ['pull_request', 'pull_request_target', 'push', 'merge_group', 'workflow_dispatch', 'workflow_run', 'schedule', 'release'];

type Step = Record<string, unknown> & { uses?: string; run?: string; id?: string; with?: Record<string, unknown> };
type Job = Record<string, unknown> & { steps: Step[]; needs?: string | string[]; permissions?: Record<string, string>; strategy?: { matrix?: Record<string, unknown> }; outputs?: Record<string, string> };
interface Workflow {
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const isThisAction = (uses: string) => /^monitor-gate\/monitor-gate@\S+$/.test(uses) || uses === './';
const expressions = (text: string) => [...text.matchAll(/\$\{\{(.*?)\}\}/gs)].map((m) => m[1]);

function load(file: string): Workflow {
  const text = readFileSync(path.join(file.includes('/') ? repoRoot : workflowsDir, file), 'utf8');
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  assert.deepEqual(doc.errors.map(String), [], `${file} parses`);
  assert.deepEqual(doc.warnings.map(String), [], `${file} has no YAML warnings`);
  // Every ${{ opens and closes.
  assert.equal(text.split('${{').length, text.split('}}').length, `${file}: unbalanced \${{ }}`);
  return doc.toJS() as Workflow;
}

/**
 * Why a workflow could let a required check pass without the gate: a job-level fork skip (a skipped
 * job reads as passed; a fork decision belongs in a job's outputs, read by the job that reports it),
 * a paths filter (a check the workflow never starts stays pending), or a gate job that can be skipped
 * with no always-running job after it that fails unless it ran.
 */
function honestyProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  const jobs = Object.entries(wf.jobs);
  const usesAction = (job: Job) => job.steps.some((s) => s.uses !== undefined && isThisAction(s.uses));
  const runsGate = (job: Job) => job.steps.some((s) => s.uses !== undefined && isThisAction(s.uses) && s.with?.mode !== 'detect');
  for (const [jobId, job] of jobs) {
    if (/fork|head\.repo/i.test(String(job.if ?? ''))) problems.push(`job ${jobId} has a job-level fork skip: ${job.if}`);
  }
  if (!jobs.some(([, j]) => usesAction(j))) return problems;
  const on = typeof wf.on === 'object' && !Array.isArray(wf.on) ? wf.on : {};
  for (const [event, filter] of Object.entries(on)) {
    for (const key of Object.keys((filter ?? {}) as Record<string, unknown>)) {
      if (key === 'paths' || key === 'paths-ignore') problems.push(`on.${event}.${key}: a required check the workflow never starts stays pending; use the detect-first pattern`);
    }
  }
  const needsOf = (job: Job) => (job.needs === undefined ? [] : [job.needs].flat());
  const upstream = (jobId: string, seen = new Set<string>()): Set<string> => {
    for (const n of needsOf(wf.jobs[jobId])) if (!seen.has(n)) upstream(n, seen.add(n));
    return seen;
  };
  // Runs whenever the workflow does: always(), or no condition and nothing to wait for.
  const alwaysRuns = (job: Job) => job.if === 'always()' || (job.if === undefined && needsOf(job).length === 0);
  for (const [jobId, job] of jobs.filter(([, j]) => runsGate(j))) {
    if (alwaysRuns(job)) continue;
    const reporters = jobs.filter(([id, j]) => alwaysRuns(j) && upstream(id).has(jobId));
    if (reporters.length === 0) problems.push(`job ${jobId} runs the gate but can be skipped, and no always() job that needs it reports the outcome`);
    for (const [id, reporter] of reporters) {
      const canFail = reporter.steps.some((s) => /\bexit 1\b/.test(s.run ?? '') || (s.uses !== undefined && isThisAction(s.uses) && s.with?.mode !== 'detect' && s.with?.mode !== 'advise'));
      if (!canFail) problems.push(`job ${id} reports job ${jobId} but has no step that can fail`);
    }
  }
  return problems;
}

describe('example workflows', () => {
  test('there are the five examples and the repository runs its own action', () => {
    assert.deepEqual(exampleFiles, ['detect-then-gate.yml', 'pr-gate-gpu.yml', 'release.yml', 'sharded.yml', 'trajectory.yml']);
    const selfTest = load('.github/workflows/self-test.yml');
    const uses = Object.values(selfTest.jobs).flatMap((j) => j.steps.filter((s) => s.uses === './'));
    assert.ok(uses.length > 0, 'self-test.yml runs uses: ./');
    assert.ok(uses.every((s) => String(s.with?.config).startsWith('examples/demo/')), 'on the demo');
  });

  for (const file of workflowFiles) {
    test(`${file} is a valid workflow`, () => {
      const wf = load(file);
      for (const key of Object.keys(wf)) assert.ok(WORKFLOW_KEYS.includes(key), `${file}: unknown top-level key '${key}'`);
      const events = typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on ?? {});
      assert.ok(events.length > 0, `${file}: no trigger`);
      for (const e of events) assert.ok(EVENTS.includes(e), `${file}: unexpected event '${e}'`);
      const checkPermissions = (perms: Record<string, string> | undefined, where: string) => {
        for (const [scope, level] of Object.entries(perms ?? {})) {
          assert.ok(PERMISSION_SCOPES.includes(scope), `${where}: unknown permission '${scope}'`);
          assert.ok(['read', 'write', 'none'].includes(level), `${where}: permission ${scope}: ${level}`);
        }
      };
      checkPermissions(wf.permissions, file);
      assert.ok(wf.jobs && Object.keys(wf.jobs).length > 0, `${file}: no jobs`);
      for (const [jobId, job] of Object.entries(wf.jobs)) {
        const where = `${file}: job ${jobId}`;
        for (const key of Object.keys(job)) assert.ok(JOB_KEYS.includes(key), `${where}: unknown key '${key}'`);
        assert.ok(job['runs-on'], `${where}: no runs-on`);
        checkPermissions(job.permissions, where);
        const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
        for (const n of needs) assert.ok(n in wf.jobs && n !== jobId, `${where}: needs unknown job '${n}'`);
        assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `${where}: no steps`);
        const ids = new Map<string, Step>();
        for (const [i, step] of job.steps.entries()) {
          const at = `${where}, step ${step.id ?? step.name ?? i + 1}`;
          for (const key of Object.keys(step)) assert.ok(STEP_KEYS.includes(key), `${at}: unknown key '${key}'`);
          assert.ok((step.uses === undefined) !== (step.run === undefined), `${at}: exactly one of uses and run`);
          if (step.uses !== undefined) assert.match(step.uses, /^(\.\/\S*|[\w.-]+\/[\w./-]+@[\w.-]+|docker:\/\/\S+)$/, `${at}: uses`);
          if (step.id) {
            assert.ok(!ids.has(step.id), `${at}: duplicate id`);
            ids.set(step.id, step);
          }
        }
        // Every expression refers to steps, jobs and matrix keys that exist, and to this action's real outputs.
        const jobText = JSON.stringify(job);
        for (const expr of expressions(jobText)) {
          for (const m of expr.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
            const step = ids.get(m[1]);
            assert.ok(step, `${where}: \${{ ${expr.trim()} }} names no step '${m[1]}'`);
            if (step.uses && isThisAction(step.uses)) assert.ok(m[2] in action.outputs, `${where}: output '${m[2]}' is not in action.yml`);
          }
          for (const m of expr.matchAll(/needs\.([\w-]+)\.(outputs\.([\w-]+)|result)/g)) {
            assert.ok(needs.includes(m[1]), `${where}: \${{ ${expr.trim()} }} but the job does not need '${m[1]}'`);
            if (m[3]) assert.ok(m[3] in (wf.jobs[m[1]].outputs ?? {}), `${where}: job ${m[1]} has no output '${m[3]}'`);
          }
          for (const m of expr.matchAll(/matrix\.([\w-]+)/g)) assert.ok(m[1] in (job.strategy?.matrix ?? {}), `${where}: no matrix key '${m[1]}'`);
        }
      }
    });

    test(`${file}: every use of this action matches action.yml`, () => {
      const wf = load(file);
      let uses = 0;
      for (const [jobId, job] of Object.entries(wf.jobs)) {
        for (const step of job.steps) {
          if (!step.uses || !isThisAction(step.uses)) continue;
          uses++;
          const where = `${file}: job ${jobId}, step ${step.id ?? step.uses}`;
          const inputs = (step.with ?? {}) as Record<string, unknown>;
          for (const name of Object.keys(inputs)) assert.ok(name in action.inputs, `${where}: input '${name}' is not in action.yml (has ${Object.keys(action.inputs).join(', ')})`);
          for (const [name, spec] of Object.entries(action.inputs)) {
            if (spec.required && spec.default === undefined) assert.ok(name in inputs, `${where}: required input '${name}' missing`);
          }
          const literal = (name: string) => {
            const v = inputs[name];
            return v === undefined || (typeof v === 'string' && v.includes('${{')) ? undefined : String(v);
          };
          const mode = literal('mode') ?? 'enforce';
          assert.ok(['enforce', 'advise', 'merge', 'detect'].includes(mode), `${where}: mode '${mode}'`);
          if (literal('comment') !== undefined) assert.match(literal('comment')!, /^(true|false)$/i, `${where}: comment`);
          if (inputs.shard !== undefined) {
            assert.match(String(inputs.shard), /^(\d+|\$\{\{ *matrix\.\w+ *\}\})\/\d+$/, `${where}: shard is i/n`);
            assert.notEqual(mode, 'merge', `${where}: shard with mode merge`);
          }
          if (mode === 'merge') assert.ok(inputs['reports-dir'], `${where}: merge mode names its reports-dir`);
          if (literal('execution-provider') !== undefined) assert.ok(['auto', 'cpu', 'cuda'].includes(literal('execution-provider')!), `${where}: execution-provider`);
          // A job that comments needs pull-requests: write (job permissions replace the workflow's).
          const commenting = inputs.shard === undefined && mode !== 'detect' && literal('comment')?.toLowerCase() !== 'false';
          const perms = job.permissions ?? wf.permissions;
          if (commenting) assert.equal(perms?.['pull-requests'], 'write', `${where}: comments, so needs pull-requests: write`);
          if (perms) assert.ok(perms.contents === 'read' || perms.contents === 'write', `${where}: needs contents: read`);
        }
      }
      if (file.startsWith('examples/')) assert.ok(uses > 0, `${file} uses the action`);
    });
  }

  // A required check that is skipped, or never started, reads as passed (or stays pending).
  for (const file of workflowFiles) {
    test(`${file}: no job is skipped for forks, no paths filter, every skippable gate job is reported`, () => {
      assert.deepEqual(honestyProblems(load(file)), []);
    });
  }

  test('the honesty rules catch a fork skip, a paths filter and an unreported gate job', () => {
    const problems = (yaml: string[]) => honestyProblems(parseDocument(yaml.join('\n')).toJS() as Workflow);
    // The examples as they were: the required job skipped for forks, behind a paths filter.
    assert.deepEqual(
      problems([
        'on:',
        '  pull_request:',
        '    paths: ["models/**"]',
        'jobs:',
        '  monitor-gate:',
        '    if: github.event.pull_request.head.repo.full_name == github.repository',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: monitor-gate/monitor-gate@v0',
      ]),
      [
        'job monitor-gate has a job-level fork skip: github.event.pull_request.head.repo.full_name == github.repository',
        'on.pull_request.paths: a required check the workflow never starts stays pending; use the detect-first pattern',
        'job monitor-gate runs the gate but can be skipped, and no always() job that needs it reports the outcome',
      ],
    );
    // A reporter that cannot fail reports nothing; paths-ignore on any event counts too.
    assert.deepEqual(
      problems([
        'on:',
        '  push:',
        '    paths-ignore: ["docs/**"]',
        'jobs:',
        '  trust: { runs-on: ubuntu-latest, outputs: { ok: "true" }, steps: [{ run: "true" }] }',
        '  measure:',
        '    needs: trust',
        "    if: needs.trust.outputs.ok == 'true'",
        '    runs-on: gpu',
        '    steps: [{ uses: ./, with: { mode: advise } }]',
        '  report: { needs: [measure], if: always(), runs-on: ubuntu-latest, steps: [{ run: echo done }] }',
      ]),
      [
        'on.push.paths-ignore: a required check the workflow never starts stays pending; use the detect-first pattern',
        'job report reports job measure but has no step that can fail',
      ],
    );
    // Detection alone is not the gate: a skippable detect job needs no reporter.
    assert.deepEqual(problems(['on: pull_request', 'jobs:', '  d: { needs: [], if: "true", runs-on: x, steps: [{ uses: ./, with: { mode: detect } }] }']), []);
  });

  test('detect-then-gate: the required job always reports and passes only on a pass or an explicit no-measurement-needed', () => {
    const wf = load('detect-then-gate.yml');
    assert.ok(typeof wf.on === 'object' && !Array.isArray(wf.on) && wf.on.pull_request !== undefined);
    assert.doesNotMatch(JSON.stringify(wf.on), /paths/, 'no paths filter: a required check must always report');
    const detect = Object.entries(wf.jobs).find(([, j]) => j.steps.some((s) => s.with?.mode === 'detect'))!;
    assert.equal(detect[1]['runs-on'], 'ubuntu-latest', 'detection is cheap: a hosted runner');
    const measure = Object.entries(wf.jobs).find(([, j]) => j.steps.some((s) => s.uses && isThisAction(s.uses) && s.with?.mode === 'enforce'))!;
    assert.deepEqual([measure[1].needs].flat(), [detect[0]]);
    // Only an explicit "false" skips: an empty or missing output (a failed detection) still measures.
    assert.equal(measure[1].if, "needs.detect.outputs.measure == 'true'");
    assert.match(String(detect[1].outputs?.measure), /steps\.detect\.outputs\.needs-measurement != 'false' && /);
    const required = wf.jobs['monitor-gate'];
    assert.ok(required, 'a job named monitor-gate to require');
    assert.equal(required.if, 'always()');
    assert.deepEqual([required.needs].flat().sort(), [detect[0], measure[0]].sort());
    const script = required.steps.map((s) => s.run ?? '').join('\n');
    assert.match(script, /"\$NEEDS_MEASUREMENT" = "false"/);
    assert.match(script, /"\$VERDICT" != "pass"/);
    assert.match(script, /not measured: pull request from a fork/);
  });

  test('the sharded workflow has a matrix of shards i/n with matching n, and a merge job over all of them', () => {
    const wf = load('sharded.yml');
    const shardJob = Object.values(wf.jobs).find((j) => j.steps.some((s) => s.with?.shard !== undefined))!;
    const values = shardJob.strategy!.matrix!.shard as number[];
    const step = shardJob.steps.find((s) => s.with?.shard !== undefined)!;
    const n = Number(/\/(\d+)$/.exec(String(step.with!.shard))![1]);
    assert.deepEqual(values, Array.from({ length: n }, (_, i) => i + 1));
    const merge = Object.entries(wf.jobs).find(([, j]) => j.steps.some((s) => s.with?.mode === 'merge'))!;
    const needs = [merge[1].needs].flat();
    assert.ok(needs.includes(Object.entries(wf.jobs).find(([, j]) => j === shardJob)![0]), 'the merge job needs the shards');
    assert.equal(merge[1].if, 'always()', 'the merge runs even when a shard failed or nothing was extracted');
    const first = merge[1].steps[0].run ?? '';
    assert.match(first, /not measured: pull request from a fork/);
  });
});

describe('examples/extract_activations.py', () => {
  const script = path.join(repoRoot, 'examples', 'extract_activations.py');
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  const skip = python.error ? 'python3 is not installed' : false;
  const py = (args: string[], input?: string) => spawnSync('python3', ['-B', ...args], { encoding: 'utf8', input, cwd: path.dirname(script) });

  test('--help works without torch or transformers', { skip }, () => {
    const run = py([script, '--help']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /--model MODEL/);
    assert.match(run.stdout, /--prompts NAME=FILE\.jsonl/);
    assert.match(run.stdout, /--pooling \{mean,last,max\}/);
  });

  test('reads labeled JSONL prompts and stops on a bad line with file:line', { skip }, () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ok.jsonl'), '{"text": "my email is a@b.c", "label": 1}\n\n{"text": "hello", "label": 0}\n');
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"text": "x", "label": 1}\n{"text": "y", "label": true}\n');
    const ok = py(['-c', `import json, extract_activations as e; print(json.dumps(e.read_prompts(${JSON.stringify(path.join(dir, 'ok.jsonl'))})))`]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), [['my email is a@b.c', 1], ['hello', 0]]);
    const bad = py(['-c', `import extract_activations as e; e.read_prompts(${JSON.stringify(path.join(dir, 'bad.jsonl'))})`]);
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr.trim(), `${path.join(dir, 'bad.jsonl')}:2: expected {"text": "...", "label": 0 or 1}`);
  });

  test('writes batches the gate reads: pooled [N, D] float32 and uint8 labels, base and updated', { skip }, async () => {
    const dir = tempDir();
    const n = 200;
    const d = 8;
    // Deterministic activations: the concept lives on axis 0; the "update" rotates it onto axis 1 for half the signal.
    const labels = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const noise = (i: number, j: number) => Math.sin(i * 12.9898 + j * 78.233) * 0.6;
    const side = (rotated: boolean) =>
      labels.flatMap((y, i) => Array.from({ length: d }, (_, j) => noise(i, j) + (y ? 1.5 : -1.5) * (j === 0 ? (rotated ? 0.2 : 1) : j === 1 && rotated ? 1 : 0)));
    for (const [name, rotated] of [['base', false], ['updated', true]] as const) {
      const acts = Buffer.from(new Float32Array(side(rotated)).buffer);
      const request = {
        path: path.join(dir, name, 'layer12.safetensors'),
        tensors: { 'pii.eval': ['F32', [n, d], acts.toString('hex')], 'pii.eval.labels': ['U8', [n], Buffer.from(labels).toString('hex')] },
      };
      const code = [
        'import json, os, sys, extract_activations as e',
        'r = json.load(sys.stdin)',
        'os.makedirs(os.path.dirname(r["path"]), exist_ok=True)',
        'e.write_safetensors(r["path"], {k: (v[0], v[1], bytes.fromhex(v[2])) for k, v in r["tensors"].items()}, {"model": "test", "layer": 12})',
      ].join('\n');
      const run = py(['-c', code], JSON.stringify(request));
      assert.equal(run.status, 0, run.stderr);
    }
    const weights = Array.from({ length: d }, (_, j) => (j === 0 ? 2 : 0));
    writeFileSync(path.join(dir, 'pii.onnx'), buildLinearProbe({ weights, bias: 0, output: 'probability' }));
    writeFileSync(
      path.join(dir, 'monitor-gate.yml'),
      [
        'version: 1',
        'activations: { base: base, updated: updated }',
        'monitors:',
        '  - id: pii',
        '    category: pii',
        '    layer: 12',
        '    probe: pii.onnx',
        '    threshold: 0.5',
        '    batch: layer12.safetensors#pii.eval',
        '    labels: "#pii.eval.labels"',
        '',
      ].join('\n'),
    );
    const report = await runGate(await loadConfig(path.join(dir, 'monitor-gate.yml')), { provider: 'cpu' });
    const [m] = report.monitors;
    assert.equal(m.error, undefined);
    assert.deepEqual(m.rows, { total: n, positives: n / 2, negatives: n / 2 });
    assert.ok(m.base!.auroc > 0.95, `base AUROC ${m.base!.auroc}`);
    assert.equal(m.verdict, 'stale', 'the probe on axis 0 misses the rotated concept');
  });
});
