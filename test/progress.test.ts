// Progress: the events a gate run emits (each file started and finished with its real tensor bytes,
// each monitor done exactly once with its final verdict), that a broken sink changes nothing, and how
// the CLI and the Action render them (throttled, escaped, silent with --quiet).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../src/cli/main.ts';
import { terminalProgress } from '../src/cli/progress.ts';
import { actionsProgress } from '../src/action/progress.ts';
import { loadConfig, runGate, type ProgressEvent } from '../src/core/index.ts';
import { openTensorFile } from '../src/core/formats/tensor-file.ts';
import { demoDir } from './helpers/workspace.ts';

const demoConfig = path.join(demoDir, 'monitor-gate.yml');

async function demoRun(progress?: (e: ProgressEvent) => void) {
  const config = await loadConfig(demoConfig);
  return runGate(config, { progress, rowsPerChunk: 64 });
}

describe('progress events of a gate run', () => {
  test('every file starts and finishes with its tensors bytes; every monitor is done once with its final verdict', async () => {
    const events: ProgressEvent[] = [];
    const report = await demoRun((e) => events.push(e));

    const starts = events.filter((e) => e.kind === 'file-start');
    const dones = events.filter((e) => e.kind === 'file-done');
    assert.ok(starts.length > 0);
    assert.deepEqual(
      dones.map((d) => `${d.file}#${d.tensor}`),
      starts.map((s) => `${s.file}#${s.tensor}`),
    );
    for (const start of starts) {
      // the bytes are the tensor's data on both sides, read from the real headers here
      let bytes = 0;
      for (const side of ['base', 'lora']) {
        const file = await openTensorFile(path.join(demoDir, 'acts', side, path.basename(start.file)));
        bytes += file.tensors.get(start.tensor)!.byteLength;
      }
      assert.equal(start.bytes, bytes, `${start.file} [${start.tensor}]`);
      assert.equal(start.sides, 2);
      const chunks = events.filter((e): e is Extract<ProgressEvent, { kind: 'file-progress' }> => e.kind === 'file-progress' && e.file === start.file && e.tensor === start.tensor);
      assert.ok(chunks.length > 1, 'several chunks at 64 rows each');
      for (let k = 1; k < chunks.length; k++) assert.ok(chunks[k].bytesDone > chunks[k - 1].bytesDone);
      assert.equal(chunks.at(-1)!.bytesDone, bytes, 'the last chunk completes the file');
      const done = dones.find((d) => d.file === start.file && d.tensor === start.tensor)!;
      assert.equal(done.failed, undefined);
      assert.equal(done.monitors, start.monitors.length);
    }

    const monitorsDone = events.filter((e): e is Extract<ProgressEvent, { kind: 'monitor-done' }> => e.kind === 'monitor-done');
    assert.deepEqual(monitorsDone.map((e) => e.result.id).sort(), report.monitors.map((m) => m.id).sort());
    for (const e of monitorsDone) {
      const final = report.monitors.find((m) => m.id === e.result.id)!;
      assert.equal(e.result.verdict, final.verdict, e.result.id);
      assert.ok(e.bytes > 0 && e.seconds > 0, `${e.result.id} read something`);
      // a monitor read the files it was listed on
      const own = starts.filter((s) => s.monitors.includes(e.result.id)).reduce((sum, s) => sum + s.bytes, 0);
      assert.equal(e.bytes, own, e.result.id);
    }
  });

  test('a sink that throws changes nothing in the report', async () => {
    const plain = await demoRun();
    const broken = await demoRun(() => {
      throw new Error('terminal gone');
    });
    assert.deepEqual(broken, plain);
  });
});

const startEvent: ProgressEvent = { kind: 'file-start', file: 'acts/base/layer12.safetensors', tensor: 'pii.eval', sides: 2, bytes: 4 << 20, monitors: ['pii-email'] };
const progressAt = (bytesDone: number, seconds: number): ProgressEvent => ({ kind: 'file-progress', file: 'acts/base/layer12.safetensors', tensor: 'pii.eval', bytesDone, bytes: 4 << 20, seconds });

describe('terminal rendering', () => {
  test('on a TTY one line updates in place at most ten times a second, then the read line replaces it', () => {
    let out = '';
    let clock = 0;
    const { sink } = terminalProgress({ write: (t) => (out += t), tty: true, now: () => clock });
    sink(startEvent);
    for (let k = 1; k <= 20; k++) {
      clock += 20; // 50 updates a second offered
      sink(progressAt(k * 100_000, clock / 1000));
    }
    sink({ kind: 'file-done', file: startEvent.file, tensor: 'pii.eval', bytes: 4 << 20, seconds: 0.5, monitors: 1 });
    const updates = out.split('\r\x1b[K').filter((s) => s.includes('%'));
    assert.equal(updates.length, 4, '400 ms at 100 ms apart');
    assert.match(out, /\r\x1b\[Kread acts\/base\/layer12\.safetensors \[pii\.eval\]: 4\.0 MiB in 0\.5 s \(8\.0 MiB\/s\) for 1 monitor\n$/);
  });

  test('elsewhere: no cursor movement, one plain line per ten seconds of a long file', () => {
    let out = '';
    let clock = 0;
    const { sink } = terminalProgress({ write: (t) => (out += t), tty: false, now: () => clock });
    sink(startEvent);
    for (let k = 1; k <= 30; k++) {
      clock += 1000;
      sink(progressAt(k * 100_000, k));
    }
    assert.doesNotMatch(out, /[\r\x1b]/);
    assert.deepEqual(out.trim().split('\n'), ['acts/base/layer12.safetensors [pii.eval]: 23% (976.6 KiB of 4.0 MiB, 97.7 KiB/s)', 'acts/base/layer12.safetensors [pii.eval]: 47% (1.9 MiB of 4.0 MiB, 97.7 KiB/s)', 'acts/base/layer12.safetensors [pii.eval]: 71% (2.9 MiB of 4.0 MiB, 97.7 KiB/s)']);
  });

  test('names from files cannot move the cursor or forge a workflow command', () => {
    let out = '';
    const { sink } = terminalProgress({ write: (t) => (out += t), tty: false });
    const result = { id: 'evil\x1b[2J\n::error::forged', category: 'pii', layer: 1, blocking: true, verdict: 'fresh', reasons: [], source: { file: 'x', line: 1, column: 1 } } as const;
    sink({ kind: 'monitor-done', result: { ...result, reasons: [] }, bytes: 10, seconds: 1 });
    assert.equal(out.split('\n').length, 2, 'one line');
    assert.doesNotMatch(out, /\x1b/);
    assert.doesNotMatch(out, /^::error::/m);
  });

  test('check prints a read line per file and a line per monitor on stderr; --quiet prints neither', async () => {
    const run = async (...extra: string[]) => {
      let stderr = '';
      let stdout = '';
      const code = await runCli(['check', '--config', demoConfig, ...extra], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
      return { code, stderr, stdout };
    };
    const loud = await run();
    const quiet = await run('--quiet');
    assert.equal(quiet.code, loud.code);
    assert.equal(quiet.stdout, loud.stdout, 'the result is the same');
    assert.match(loud.stderr, /^read .*layer12\.safetensors \[pii\.eval\]: .* for 1 monitor$/m);
    assert.match(loud.stderr, /^pii-email: stale \(TPR [\d.]+ -> [\d.]+, FPR [\d.]+ -> [\d.]+\); read [\d.]+ KiB at [\d.]+ [KM]iB\/s$/m);
    assert.doesNotMatch(quiet.stderr, /^read |^pii-email: /m);
  });
});

describe('Action log rendering', () => {
  test('one log group per monitor, with its operating point and reasons; names escaped', () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const sink = actionsProgress(() => 0);
      sink(startEvent);
      sink({
        kind: 'monitor-done',
        result: { id: 'pii-email\n::warning::x', category: 'pii', layer: 12, blocking: true, verdict: 'stale', reasons: ['TPR dropped 0.88 -> 0.23'], source: { file: 'x', line: 1, column: 1 }, base: { auroc: 0.97, tpr: 0.88, fpr: 0.05 } as never, updated: { auroc: 0.9, tpr: 0.23, fpr: 0.05 } as never },
        bytes: 1 << 20,
        seconds: 0.25,
      });
    } finally {
      process.stdout.write = original;
    }
    const log = written.join('');
    const lines = log.trim().split('\n');
    assert.match(lines[0], /^reading acts\/base\/layer12\.safetensors \[pii\.eval\]/);
    assert.match(lines[1], /^::group::pii-email\\n::warning::x: stale$/);
    assert.ok(lines.includes('  TPR dropped 0.88 -> 0.23'));
    assert.equal(lines.at(-1), '::endgroup::');
    assert.equal(lines.filter((l) => l.startsWith('::warning')).length, 0);
  });
});
