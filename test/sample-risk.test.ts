// Sample-level data screening, the gate's part: a real sample-risk batch on disk (safetensors, as
// examples/sample_risk.py writes it), read, ranked, reported, annotated and used to filter a real
// JSONL dataset; the gate runs on the demo's real probes and activations. No Python here: the
// scorer has its own tests (examples/test_sample_risk.py).
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mergeReports } from '../src/core/merge-reports.ts';
import { loadConfig, planAnnotations, renderMarkdown, reportSchemaProblems, runGate, exitCodeFor, GateError } from '../src/core/index.ts';
import { writeSafetensors } from '../src/core/formats/safetensors.ts';
import { readSampleRiskBatch, type SampleRiskBatch } from '../src/core/sample-risk/batch.ts';
import { rankSampleRisk } from '../src/core/sample-risk/rank.ts';
import { screenDataset } from '../src/core/sample-risk/screen.ts';
import { verdictLine } from '../src/core/report/verdict-line.ts';
import { runCli } from '../src/cli/main.ts';
import { mulberry32 } from '../src/core/random.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const demoDir = path.resolve(here, '..', 'examples', 'demo');

interface BatchSpec {
  monitors: string[];
  files: string[];
  scores: number[][]; // [samples][monitors]
  line: number[];
  file: number[];
  metadata?: Record<string, string>;
  loss?: number[];
}

async function writeBatch(file: string, spec: BatchSpec): Promise<void> {
  const S = spec.scores.length;
  const M = spec.monitors.length;
  await writeSafetensors(
    file,
    {
      scores: { dtype: 'F32', shape: [S, M], data: Float32Array.from(spec.scores.flat()) },
      line: { dtype: 'I32', shape: [S], data: Int32Array.from(spec.line) },
      file: { dtype: 'I32', shape: [S], data: Int32Array.from(spec.file) },
      ...(spec.loss ? { loss: { dtype: 'F32' as const, shape: [S], data: Float32Array.from(spec.loss) } } : {}),
    },
    { format: 'monitor-gate/sample-risk', version: '1', monitors: JSON.stringify(spec.monitors), files: JSON.stringify(spec.files), method: 'hidden-gradient', ...spec.metadata },
  );
}

/** A random batch over one dataset of `samples` JSONL lines (blank line 3 skipped, as a scorer skips it). */
function randomSpec(samples: number, monitors: string[], seed: number): BatchSpec {
  const random = mulberry32(seed);
  const lines = Array.from({ length: samples }, (_, i) => (i >= 2 ? i + 2 : i + 1));
  // columns on different scales, as pushes at different layers are
  return {
    monitors,
    files: ['data/train.jsonl'],
    scores: lines.map(() => monitors.map((_, m) => (random() - 0.5) * 10 ** m)),
    line: lines,
    file: lines.map(() => 0),
  };
}

function datasetText(samples: number): string {
  const out: string[] = [];
  for (let i = 0; i < samples; i++) {
    if (i === 2) out.push('');
    out.push(JSON.stringify({ text: `sample ${i}` }));
  }
  return out.join('\n') + '\n';
}

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-sample-risk-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a sample-risk batch', () => {
  test('reads scores, lines, files and metadata as written', async () => {
    const file = path.join(dir, 'ok.safetensors');
    const spec = { ...randomSpec(20, ['a', 'b'], 1), loss: Array.from({ length: 20 }, (_, i) => i / 8) };
    await writeBatch(file, spec);
    const batch = await readSampleRiskBatch(file);
    assert.deepEqual(batch.monitors, ['a', 'b']);
    assert.deepEqual(batch.files, ['data/train.jsonl']);
    assert.equal(batch.samples, 20);
    assert.deepEqual(Array.from(batch.line), spec.line);
    assert.deepEqual(Array.from(batch.scores), spec.scores.flat().map((v) => Math.fround(v)));
    assert.deepEqual(Array.from(batch.loss!), spec.loss.map((v) => Math.fround(v)));
    assert.equal(batch.method, 'hidden-gradient');
  });

  const broken: Array<[string, (s: BatchSpec) => BatchSpec, RegExp]> = [
    ['another format', (s) => ({ ...s, metadata: { format: 'something-else' } }), /not a sample-risk batch: __metadata__ format is 'something-else'/],
    ['a newer version', (s) => ({ ...s, metadata: { version: '2' } }), /sample-risk version '2' is not supported/],
    ['monitors not a list', (s) => ({ ...s, metadata: { monitors: '"a"' } }), /'monitors' must be a JSON array of non-empty strings/],
    ['a monitor twice', (s) => ({ ...s, monitors: ['a', 'a'] }), /monitor 'a' has two columns/],
    ['fewer columns than monitors', (s) => ({ ...s, metadata: { monitors: JSON.stringify(['a', 'b', 'c']) } }), /must have shape \[samples, 3\]/],
    ['a NaN score', (s) => ({ ...s, scores: s.scores.map((r, i) => (i === 4 ? [r[0], NaN] : r)) }), /the score of sample 4 for monitor 'b' is NaN/],
    ['a file index past the list', (s) => ({ ...s, file: s.file.map((f, i) => (i === 3 ? 1 : f)) }), /sample 3 has 1, expected an integer in \[0, 0\]/],
    ['line 0', (s) => ({ ...s, line: s.line.map((l, i) => (i === 0 ? 0 : l)) }), /tensor 'line'.*sample 0 has 0/],
    ['a batch of no samples', (s) => ({ ...s, scores: [], line: [], file: [] }), /scores no samples/],
    ['two samples on one line', (s) => ({ ...s, line: s.line.map((l, i) => (i === 5 ? s.line[4] : l)) }), /samples share data\/train.jsonl line 6/],
  ];
  for (const [what, change, message] of broken) {
    test(`refuses ${what} with one line naming the file`, async () => {
      const file = path.join(dir, `broken-${what.replace(/\W+/g, '-')}.safetensors`);
      await writeBatch(file, change(randomSpec(10, ['a', 'b'], 2)));
      await assert.rejects(readSampleRiskBatch(file), (error: unknown) => {
        assert.ok(error instanceof GateError);
        const line = error.toLine();
        assert.ok(!line.includes('\n'), line);
        assert.ok(line.includes(file), line);
        assert.match(line, message);
        return true;
      });
    });
  }
});

describe('ranking', () => {
  test('per monitor by |push|, overall by push over the monitor\'s RMS, config monitors only', async () => {
    const file = path.join(dir, 'rank.safetensors');
    const spec = randomSpec(300, ['small', 'big', 'not-in-config'], 3);
    await writeBatch(file, spec);
    const batch = await readSampleRiskBatch(file);
    const section = rankSampleRisk(batch, { monitorIds: ['small', 'big', 'absent'], top: 7, shownBatch: 'rank.safetensors' });
    assert.deepEqual(section.unknown_monitors, ['not-in-config']);
    assert.deepEqual(section.unscored_monitors, ['absent']);
    const pushes = (m: number) => spec.scores.map((r) => Math.fround(r[m]));
    const rms = [0, 1].map((m) => Math.sqrt(pushes(m).reduce((a, v) => a + v * v, 0) / pushes(m).length));
    for (const [m, id] of ['small', 'big'].entries()) {
      const entry = section.monitors.find((x) => x.id === id)!;
      const want = pushes(m)
        .map((push, s) => ({ push, line: spec.line[s] }))
        .sort((a, b) => Math.abs(b.push) - Math.abs(a.push))
        .slice(0, 7);
      assert.deepEqual(entry.top.map((t) => [t.line, t.push]), want.map((w) => [w.line, w.push]));
      assert.ok(Math.abs(entry.rms_push - rms[m]) < 1e-12 * rms[m]);
      assert.ok(Math.abs(entry.mean_push - pushes(m).reduce((a, v) => a + v, 0) / 300) < 1e-9);
    }
    // overall: the largest ratio over the two config monitors; the third column, 100x larger, plays no part
    const ratios = spec.scores.map((r, s) => ({ line: spec.line[s], ratio: Math.max(Math.abs(Math.fround(r[0])) / rms[0], Math.abs(Math.fround(r[1])) / rms[1]) }));
    const want = ratios.sort((a, b) => b.ratio - a.ratio).slice(0, 7);
    assert.deepEqual(section.top.map((t) => t.line), want.map((w) => w.line));
    for (const [i, t] of section.top.entries()) assert.ok(Math.abs(t.ratio - want[i].ratio) < 1e-9);
    assert.ok(section.top.every((t) => t.monitor !== 'not-in-config'));
  });
});

describe('screen', () => {
  test('drops the top-k lines by push and keeps every other line, blank ones included', async () => {
    const samples = 40;
    const spec = randomSpec(samples, ['a', 'b'], 4);
    const batchFile = path.join(dir, 'screen.safetensors');
    await writeBatch(batchFile, spec);
    const batch = await readSampleRiskBatch(batchFile);
    const text = datasetText(samples);
    const result = screenDataset(batch, text, { dataset: 'data/train.jsonl', topK: 5, monitor: 'b' }, dir);
    const want = spec.line
      .map((line, s) => ({ line, push: Math.abs(Math.fround(spec.scores[s][1])) }))
      .sort((a, b) => b.push - a.push)
      .slice(0, 5)
      .map((x) => x.line);
    assert.deepEqual(result.dropped, want);
    const kept = text.split('\n').slice(0, -1);
    assert.equal(result.text, kept.filter((_, i) => !want.includes(i + 1)).join('\n') + '\n');
    // top-p rounds up: 5% of 40 scored samples is 2
    assert.equal(screenDataset(batch, text, { dataset: 'data/train.jsonl', topP: 0.05 }, dir).dropped.length, 2);
  });

  test('a dataset changed after scoring is refused, not filtered', async () => {
    const spec = randomSpec(12, ['a'], 5);
    const batchFile = path.join(dir, 'changed.safetensors');
    await writeBatch(batchFile, spec);
    const batch = await readSampleRiskBatch(batchFile);
    const last = Math.max(...spec.line);
    assert.throws(() => screenDataset(batch, datasetText(6), { dataset: 'data/train.jsonl', topK: 1 }, dir), new RegExp(`line ${last} was scored as a sample but the file has only 7 lines: was it changed after scoring\\?`));
  });

  test('the CLI writes the screened file and exits 2 with one line on a dataset the batch did not score', async () => {
    const spec = randomSpec(30, ['a', 'b'], 6);
    const work = path.join(dir, 'cli');
    await cp(demoDir, work, { recursive: true });
    const batchFile = path.join(work, 'risk.safetensors');
    await writeBatch(batchFile, { ...spec, files: [path.join(work, 'train.jsonl')] });
    await writeFile(path.join(work, 'train.jsonl'), datasetText(30));
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    const out = path.join(work, 'screened.jsonl');
    const code = await runCli(['screen', '--sample-risk', batchFile, '--dataset', path.join(work, 'train.jsonl'), '--out', out, '--top-k', '3'], io);
    assert.equal(code, 0, stderr);
    const screened = (await readFile(out, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    assert.equal(screened.length, 30 - 3);
    assert.match(stdout, /dropped 3 of 30 scored samples/);
    stderr = '';
    const wrong = await runCli(['screen', '--sample-risk', batchFile, '--dataset', path.join(work, 'other.jsonl'), '--out', out, '--top-k', '3'], io);
    assert.equal(wrong, 2);
    assert.match(stderr, /^error: .*other\.jsonl is not one of the datasets the sample-risk batch scored/);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });
});

describe('in the gate', () => {
  let work: string;
  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-sample-risk-gate-'));
    await cp(demoDir, work, { recursive: true });
    // the demo's monitor ids, and one hostile id from a batch nobody reviewed
    const config = await loadConfig(path.join(work, 'monitor-gate.yml'));
    const ids = config.monitors.map((m) => m.id);
    const spec = randomSpec(50, [...ids, 'x|`<b>`'], 7);
    await writeBatch(path.join(work, 'risk.safetensors'), { ...spec, files: ['data/train|`x`.jsonl'] });
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function gate(extra: string, shard?: { index: number; count: number }) {
    const file = path.join(work, 'monitor-gate.yml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}\n${extra}\n`);
    try {
      const config = await loadConfig(file);
      // the INT8 variant: every monitor fresh, so a failed gate is the batch's doing
      return await runGate(config, { updatedDir: path.join(work, 'acts', 'int8'), logger: { info() {}, warning() {}, error() {}, debug() {} }, ...(shard ? { shard } : {}) });
    } finally {
      await writeFile(file, original);
    }
  }

  test('sharded runs merge with the section, and an unreadable batch still fails the merged gate', async () => {
    for (const [batch, failed] of [
      ['risk.safetensors', false],
      ['nowhere.safetensors', true],
    ] as const) {
      const parts = [await gate(`sample-risk: { batch: ${batch} }`, { index: 1, count: 2 }), await gate(`sample-risk: { batch: ${batch} }`, { index: 2, count: 2 })];
      const merged = mergeReports(parts);
      assert.deepEqual(merged.sample_risk, parts[0].sample_risk);
      assert.equal(merged.verdict, failed ? 'fail' : 'pass');
      assert.equal(exitCodeFor(merged), failed ? 2 : 0);
    }
  });

  test('the report lists the riskiest samples, schema-valid, rendered escaped and annotated at their lines', async () => {
    const report = await gate('sample-risk: { batch: risk.safetensors, top: 4, dataset-root: . }');
    const risk = report.sample_risk!;
    assert.equal(risk.error, undefined);
    assert.equal(risk.samples, 50);
    assert.equal(risk.top.length, 4);
    assert.deepEqual(risk.unknown_monitors, ['x|`<b>`']);
    assert.deepEqual(reportSchemaProblems(JSON.parse(JSON.stringify(report))), []);
    const markdown = renderMarkdown(report);
    assert.match(markdown, /\*\*Training samples that push the monitors hardest\*\* \(50 samples scored/);
    const rows = markdown.split('\n').filter((l) => l.includes('train'));
    assert.equal(rows.length, 4);
    // the hostile file name stays inside its code span and its cell
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 6, row);
    const warnings = planAnnotations(report).filter((a) => a.title.includes('pushes'));
    assert.deepEqual(warnings.map((a) => a.line), risk.top.map((t) => t.line));
    // at the dataset line under dataset-root (the config's folder here; outside the working folder, so absolute)
    const datasetFile = path.posix.join(work.split(path.sep).join('/'), 'data/train|`x`.jsonl');
    assert.ok(warnings.every((a) => a.level === 'warning' && a.file === datasetFile), warnings[0]?.file);
    // a readable batch informs; it does not change the gate's exit status
    const { sample_risk: _, ...without } = report;
    assert.equal(exitCodeFor(report), exitCodeFor(without));
  });

  test('a batch that cannot be read fails the gate with exit 2, and says why', async () => {
    await writeFile(path.join(work, 'not-a-batch.safetensors'), 'garbage');
    const report = await gate('sample-risk: { batch: not-a-batch.safetensors }');
    assert.equal(report.verdict, 'fail');
    assert.equal(exitCodeFor(report), 2);
    assert.match(report.sample_risk!.error!, /not-a-batch\.safetensors/);
    assert.deepEqual(reportSchemaProblems(JSON.parse(JSON.stringify(report))), []);
    assert.deepEqual(report.summary.blocking_failures, []);
    assert.match(verdictLine(report), /^FAIL: the sample-risk batch could not be read/);
    assert.match(renderMarkdown(report), /could not be read/);
  });

  test('a batch that scores none of the config\'s monitors fails the gate: nothing was screened', async () => {
    await writeBatch(path.join(work, 'other-monitors.safetensors'), randomSpec(20, ['not-here'], 9));
    const report = await gate('sample-risk: { batch: other-monitors.safetensors }');
    assert.equal(report.verdict, 'fail');
    assert.equal(exitCodeFor(report), 2);
    assert.match(report.sample_risk!.error!, /scores none of the config's monitors \(it scores not-here\)/);
  });

  test('a missing batch fails the gate too', async () => {
    const report = await gate('sample-risk: { batch: nowhere.safetensors }');
    assert.equal(report.verdict, 'fail');
    assert.equal(exitCodeFor(report), 2);
  });

  test('a batch path outside the root is a config error', async () => {
    await assert.rejects(gate('sample-risk: { batch: ../../../../etc/passwd }'), /leaves the root folder/);
  });
});

export type { SampleRiskBatch };
