// Sharding and merging: a deterministic split of the monitors, and a merge that is
// order-independent, equals the unsharded report, and refuses parts that do not belong together.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import {
  GateError,
  findReportFiles,
  loadConfig,
  loadReportFile,
  mergeReportFiles,
  mergeReports,
  parseShard,
  reportSchemaProblems,
  runGate,
  selectShard,
  serializeReport,
} from '../src/core/index.ts';
import { validateConfigText } from '../src/core/config/index.ts';
import type { GateConfig, GateReport } from '../src/core/types.ts';
import { syntheticShards } from './helpers/reports.ts';
import { demoDir, tempDir } from './helpers/workspace.ts';

/** Every ordering of the items. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The one-line message a GateError-throwing call gives. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof GateError, `a GateError, not ${String(error)}`);
    const line = error.toLine();
    assert.doesNotMatch(line, /\n/, 'one line');
    return line;
  }
  assert.fail('expected a GateError');
}

describe('shard i/n', () => {
  test('parses 1-based i/n and rejects everything else with the expected format', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '1/4/2', '-1/4', '1.5/4', '1/1000', '']) {
      assert.match(failure(() => parseShard(bad)), /^shard must (look like|be) 'i\/n' with 1 <= i <= n <= 256, e\.g\. '2\/4', got '/, bad);
    }
  });

  test('deals the config entries round-robin: each in exactly one shard, balanced, invalid entries included', () => {
    const entries = Array.from({ length: 11 }, (_, i) =>
      i === 3 || i === 8
        ? `  - id: broken-${i}\n    category: pii\n    treshold: 0.5\n`
        : `  - id: m${i}\n    category: pii\n    layer: 1\n    probe: p.onnx\n    threshold: 0.5\n    batch: b.safetensors\n    labels: "#labels"\n`,
    );
    const text = `version: 1\nactivations: { base: a, updated: b }\nmonitors:\n${entries.join('')}`;
    const config = validateConfigText(text, path.join(tempDir(), 'monitor-gate.yml')).config as GateConfig;
    assert.ok(config);
    assert.equal(config.invalidMonitors.length, 2);
    const ids = (c: Pick<GateConfig, 'monitors' | 'invalidMonitors'>) => [...c.monitors.map((m) => m.id), ...c.invalidMonitors.map((m) => m.id ?? '?')].sort();
    for (const count of [1, 2, 3, 4, 11, 13]) {
      const parts: Array<Pick<GateConfig, 'monitors' | 'invalidMonitors'>> = Array.from({ length: count }, (_, k) => selectShard(config, { index: k + 1, count }));
      const all = parts.flatMap(ids).sort();
      assert.deepEqual(all, ids(config), `n=${count}: every entry exactly once`);
      const sizes = parts.map((p) => p.monitors.length + p.invalidMonitors.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `n=${count}: balanced ${sizes}`);
    }
    // Round-robin in file order: entry k goes to shard (k mod n) + 1, whether or not it is valid.
    const second = selectShard(config, { index: 2, count: 4 });
    assert.deepEqual(ids(second), ['m1', 'm5', 'm9']);
    const fourth = selectShard(config, { index: 4, count: 4 });
    assert.deepEqual(ids(fourth), ['broken-3', 'm7']);
  });
});

describe('merging partial reports', () => {
  let config: GateConfig;
  let whole: GateReport;
  let parts: GateReport[];
  const options = { updatedDir: path.join(demoDir, 'acts', 'lora'), provider: 'cpu' as const, commit: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' };

  before(async () => {
    config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    whole = await runGate(config, options);
    parts = [];
    for (const index of [1, 2, 3]) parts.push(await runGate(config, { ...options, shard: { index, count: 3 } }));
  });

  test('partial reports carry shard, commit and the config fingerprint, and validate against the schema', () => {
    for (const [i, part] of parts.entries()) {
      assert.deepEqual(part.shard, { index: i + 1, count: 3 });
      assert.equal(part.commit, options.commit);
      assert.match(part.fingerprint ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.equal(part.fingerprint, whole.fingerprint);
      assert.equal(part.monitors.length, 1);
      assert.deepEqual(reportSchemaProblems(part), []);
    }
    assert.equal(whole.shard, undefined);
  });

  test('merging the 3 shards in any order gives the unsharded report, byte for byte', () => {
    const expected = serializeReport(whole);
    for (const order of permutations(parts)) {
      const merged = mergeReports(order);
      assert.deepEqual(merged, whole);
      assert.equal(serializeReport(merged), expected);
    }
    assert.equal(whole.verdict, 'fail');
    assert.deepEqual(whole.summary.blocking_failures, ['pii-email']);
  });

  test('merging does not change its inputs', () => {
    const before = parts.map(serializeReport);
    mergeReports([...parts].reverse());
    assert.deepEqual(parts.map(serializeReport), before);
  });

  test('a larger synthetic stack merges to the same report whatever the order', () => {
    const shards = syntheticShards(50, 4);
    const reference = serializeReport(mergeReports(shards));
    for (const order of permutations(shards)) assert.equal(serializeReport(mergeReports(order)), reference);
    const merged = mergeReports(shards);
    assert.equal(merged.monitors.length, 50);
    assert.deepEqual(merged.monitors.map((m) => m.id), [...merged.monitors.map((m) => m.id)].sort());
    assert.equal(merged.summary.stale, 10);
    assert.deepEqual(reportSchemaProblems(merged), []);
  });

  test('refuses parts of different configs, commits, versions or shard counts, naming both files', () => {
    const names = ['a.json', 'b.json', 'c.json'];
    const edit = (i: number, change: (r: GateReport) => void) => {
      const copy = parts.map((p) => structuredClone(p));
      change(copy[i]);
      return copy;
    };
    assert.match(
      failure(() => mergeReports(edit(1, (r) => (r.fingerprint = `sha256:${'0'.repeat(64)}`)), names)),
      /^cannot merge reports of different configs: a\.json has config fingerprint sha256:[0-9a-f]{64} but b\.json has config fingerprint sha256:0{64} \(merge the partial reports of one sharded run\)$/,
    );
    assert.match(failure(() => mergeReports(edit(2, (r) => (r.config = 'other.yml')), names)), /different configs: a\.json has config .*monitor-gate\.yml but c\.json has config other\.yml/);
    assert.match(failure(() => mergeReports(edit(2, (r) => (r.commit = 'f'.repeat(40))), names)), /different commits: a\.json has commit ec26c3e\w+ but c\.json has commit f{40}/);
    assert.match(failure(() => mergeReports(edit(0, (r) => delete r.commit), names)), /different commits: a\.json has commit none but b\.json has commit ec26c3e/);
    assert.match(failure(() => mergeReports(edit(1, (r) => (r.tool.version = '9.9.9')), names)), /different monitor-gate versions: a\.json has monitor-gate version 0\.1\.0 but b\.json has monitor-gate version 9\.9\.9/);
    assert.match(failure(() => mergeReports(edit(1, (r) => (r.shard = { index: 2, count: 4 })), names)), /different shard counts/);
  });

  test('refuses a missing shard, a shard given twice, an unsharded report and overlapping monitors', () => {
    assert.equal(failure(() => mergeReports([parts[0], parts[2]])), 'missing shard 2/3: a merge needs all 3 partial reports');
    assert.equal(failure(() => mergeReports([parts[0], parts[1], parts[1]], ['a.json', 'b.json', 'b-again.json'])), 'shard 2/3 is given twice: b.json and b-again.json');
    assert.match(failure(() => mergeReports([parts[0], whole], ['a.json', 'whole.json'])), /^whole\.json: not a partial report \(it has no shard\)/);
    assert.equal(failure(() => mergeReports([])), 'no reports to merge');
    const overlapping = structuredClone(parts[1]);
    overlapping.monitors.push(structuredClone(parts[0].monitors[0]));
    assert.equal(failure(() => mergeReports([parts[0], overlapping, parts[2]], ['a.json', 'b.json', 'c.json'])), "monitor 'pii-email' is in two partial reports: a.json and b.json");
  });

  test('report files: loaded with one-line errors, found recursively in a folder of downloaded artifacts', async () => {
    const dir = tempDir();
    for (const [i, part] of parts.entries()) {
      mkdirSync(path.join(dir, `monitor-gate-shard-${i + 1}`));
      writeFileSync(path.join(dir, `monitor-gate-shard-${i + 1}`, 'report.json'), serializeReport(part));
    }
    const files = await findReportFiles(dir);
    assert.deepEqual(files.map((f) => path.relative(dir, f)), [1, 2, 3].map((i) => path.join(`monitor-gate-shard-${i}`, 'report.json')));
    assert.deepEqual(await mergeReportFiles([...files].reverse()), whole);

    const rejects = async (fn: () => Promise<unknown>, pattern: RegExp) => {
      await assert.rejects(fn, (error: unknown) => {
        assert.ok(error instanceof GateError);
        assert.doesNotMatch(error.toLine(), /\n/);
        assert.match(error.toLine(), pattern);
        return true;
      });
    };
    writeFileSync(path.join(dir, 'notes.json'), '{ "not": "a report" }');
    writeFileSync(path.join(dir, 'broken.json'), '{ "schemaVersion": 1,');
    await rejects(() => loadReportFile(path.join(dir, 'missing.json')), /missing\.json: report not found$/);
    await rejects(() => loadReportFile(path.join(dir, 'broken.json')), /broken\.json: not JSON: /);
    await rejects(() => loadReportFile(path.join(dir, 'notes.json')), /notes\.json: not a monitor-gate report: \/ must have required property 'schemaVersion' \(and \d+ more problems\)$/);
    await rejects(() => findReportFiles(path.join(dir, 'nowhere')), /nowhere: reports folder not found$/);
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    await rejects(() => findReportFiles(empty), /empty: no partial reports \(\*\.json\) in the reports folder$/);
  });
});
