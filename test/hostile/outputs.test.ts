// Outputs that never lose the result: the verdict line comes before any file is written; a failed
// write is one line naming the path and the OS error, the exit status stays truthful (0 pass,
// 1 fail, 2 error, 3 passed but an output was lost), a failed write leaves no half file behind, and
// the action still sets its outputs. Rendering ~15,000 monitors stays within GitHub's limits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { COMMENT_MAX_CHARS, SUMMARY_MAX_BYTES, mergeReports, planAnnotations, renderComment, renderSummary, renderTextTable, reportSchemaProblems } from '../../src/core/index.ts';
import { validateConfigText } from '../../src/core/config/index.ts';
import type { GateConfig } from '../../src/core/types.ts';
import { ActionHarness } from '../helpers/action-runner.ts';
import { fingerprintOf, syntheticConfig, syntheticReport, syntheticShards } from '../helpers/reports.ts';
import { tempDir } from '../helpers/workspace.ts';
import { assertNoStack, cli, demo, spawnCli, unwritableDir } from './helpers.ts';

/** A path that cannot be written, and the OS error the message must name. */
type Target = [string, () => string, string];
const targets: Target[] = [
  ['a folder nobody may write into', () => path.join(unwritableDir(), 'report.json'), 'EACCES: permission denied'],
  ['a folder at the path', () => {
    const folder = path.join(tempDir(), 'is-a-folder');
    mkdirSync(folder);
    return folder;
  }, 'the path is a folder'],
  ['a file where a parent folder should be', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    return path.join(dir, 'file', 'report.json');
  }, 'ENOTDIR: a part of the path is not a folder'],
  ['a full disk (/dev/full)', () => '/dev/full', 'ENOSPC: no space left on device'],
  ['a FIFO nobody reads', () => {
    const file = path.join(tempDir(), 'fifo');
    execFileSync('mkfifo', [file]);
    return file;
  }, 'ENXIO: no reader on the other end (a FIFO nobody reads)'],
];

describe('CLI: a report that cannot be written', () => {
  for (const [what, make, osError] of targets) {
    for (const gate of ['pass', 'fail'] as const) {
      test(`${what}, gate ${gate}: verdict first, one error line, exit ${gate === 'pass' ? 3 : 1}`, async () => {
        const { dir, config } = demo();
        const file = make();
        const updated = path.join(dir, 'acts', gate === 'pass' ? 'base' : 'lora');
        const run = await cli('check', '--quiet', '--config', config, '--updated', updated, '--report', file);
        assert.equal(run.code, gate === 'pass' ? 3 : 1, run.stderr);
        assert.match(run.stdout, gate === 'pass' ? /\ngate: PASS: 3 of 3 monitors measured/ : /\ngate: FAIL: 1 blocking monitor failed/);
        assert.equal(run.stderr, `error: ${file}: cannot write the report: ${osError}\n`);
        assertNoStack(run.stdout + run.stderr);
      });
    }
  }
  test('a missing parent folder is created, and the report is written', async () => {
    const { dir, config } = demo();
    const file = path.join(tempDir(), 'a', 'b', 'c', 'report.json');
    const run = await cli('check', '--quiet', '--config', config, '--updated', path.join(dir, 'acts', 'base'), '--report', file, '--markdown', path.join(path.dirname(file), 'more', 'r.md'));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(reportSchemaProblems(JSON.parse(readFileSync(file, 'utf8'))), []);
  });
  test('only the Markdown fails: the report is still written, exit 3 on a pass', async () => {
    const { dir, config } = demo();
    const out = tempDir();
    const markdown = path.join(unwritableDir(), 'r.md');
    const run = await cli('check', '--quiet', '--config', config, '--updated', path.join(dir, 'acts', 'base'), '--report', path.join(out, 'r.json'), '--markdown', markdown);
    assert.equal(run.code, 3);
    assert.equal(run.stderr, `error: ${markdown}: cannot write the Markdown summary: EACCES: permission denied\n`);
    assert.ok(existsSync(path.join(out, 'r.json')));
  });
  test('a write cut short by the file-size limit (EFBIG) leaves the previous report whole and no temporary file', async () => {
    const { dir, config } = demo();
    const out = tempDir();
    const file = path.join(out, 'report.json');
    writeFileSync(file, 'previous report\n');
    // ulimit -f 4: at most 4 KiB per file; the signal is ignored so the write fails with EFBIG instead.
    const run = await spawnCli(['check', '--quiet', '--config', config, '--updated', path.join(dir, 'acts', 'base'), '--report', file], { shellPrefix: "trap '' XFSZ; ulimit -f 4" });
    assert.equal(run.signal, null);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /gate: PASS/);
    assert.equal(run.stderr, `error: ${file}: cannot write the report: EFBIG: file too large\n`);
    assert.equal(readFileSync(file, 'utf8'), 'previous report\n');
    assert.deepEqual(readdirSync(out), ['report.json']);
  });
  test('merge-reports and fit-predictor: the same rule for --out', async () => {
    const dir = tempDir();
    const configText = syntheticConfig(6);
    writeFileSync(path.join(dir, 'monitor-gate.yml'), configText);
    const parts = syntheticShards(6, 2).map((p) => ({ ...p, fingerprint: fingerprintOf(configText) }));
    const files = parts.map((p, i) => {
      const file = path.join(dir, `p${i}.json`);
      writeFileSync(file, JSON.stringify(p));
      return file;
    });
    const out = path.join(unwritableDir(), 'merged.json');
    const merged = await cli('merge-reports', '--config', path.join(dir, 'monitor-gate.yml'), '--out', out, ...files);
    assert.equal(merged.code, 1, merged.stderr);
    assert.match(merged.stdout, /\ngate: FAIL/);
    assert.equal(merged.stderr, `error: ${out}: cannot write the report: EACCES: permission denied\n`);
    const fitted = await cli('fit-predictor', '--history', path.join(dir, 'p*.json'), '--out', path.join(unwritableDir(), 'predictor.json'));
    assert.ok(fitted.code === 3 || fitted.code === 2, fitted.stderr);
    assertNoStack(merged.stderr + fitted.stderr);
  });
});

describe('action: outputs and summary failures', () => {
  const harness = new ActionHarness();
  const passInputs = { 'updated-activations': 'monitors/acts/base', comment: 'false' };
  test('report-path that cannot be written: verdict line first, one error annotation, outputs set, the step fails', async () => {
    const reportPath = path.join(unwritableDir(), 'report.json');
    const run = await harness.run({ inputs: { ...passInputs, 'report-path': reportPath } });
    assert.equal(run.status, 1);
    const lines = run.stdout.split('\n');
    const verdictAt = lines.findIndex((l) => l.startsWith('monitor-gate: PASS'));
    const errorAt = lines.findIndex((l) => l.startsWith('::error title=monitor-gate%3A report not written::'));
    assert.ok(verdictAt >= 0 && errorAt > verdictAt, run.stdout);
    assert.equal(lines[errorAt], `::error title=monitor-gate%3A report not written::monitor-gate: ${reportPath}: cannot write the report: EACCES: permission denied`);
    assert.equal(run.outputs.verdict, 'pass');
    assert.equal(run.outputs['report-path'], '');
    assert.match(run.stdout, /^::error::monitor-gate: PASS: .*; but the report .* could not be written$/m);
    assert.match(run.summary, /monitor-gate: \*\*pass\*\*/);
    assertNoStack(run.stdout + run.stderr);
  });
  test('GITHUB_STEP_SUMMARY unset: one warning, the gate decides as usual', async () => {
    const run = await harness.run({ inputs: passInputs, env: { GITHUB_STEP_SUMMARY: '' } });
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /^::warning::monitor-gate: job summary not written \(GITHUB_STEP_SUMMARY is not set\); the verdict and the outputs are unaffected$/m);
    assert.equal(run.outputs.verdict, 'pass');
    assertNoStack(run.stdout + run.stderr);
  });
  test('GITHUB_STEP_SUMMARY is a folder: one warning, a failing gate still fails', async () => {
    const folder = tempDir();
    const run = await harness.run({ inputs: { comment: 'false' }, env: { GITHUB_STEP_SUMMARY: folder } });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^::warning::monitor-gate: job summary not written \(EISDIR: illegal operation on a directory, open '.*'\); the verdict and the outputs are unaffected$/m);
    assert.equal(run.outputs.verdict, 'fail');
    assertNoStack(run.stdout + run.stderr);
  });
  test('GITHUB_OUTPUT cannot be written: one error per output, the report is still written, the step fails', async () => {
    const ws = harness.newWorkspace();
    const run = await harness.run({ inputs: passInputs, workspace: ws, env: { GITHUB_OUTPUT: tempDir() } });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^::error::monitor-gate: cannot set output 'verdict': EISDIR/m);
    assert.ok(existsSync(path.join(ws, 'monitor-gate-report.json')));
    assertNoStack(run.stdout + run.stderr);
  });
});

describe('rendering about 15,000 monitors', () => {
  const n = 15_000;
  const report = syntheticReport(n, 5);
  test('job summary and comment fit GitHub limits without overflowing the stack', () => {
    const summary = renderSummary(report, { elsewhere: 'the JSON report' });
    assert.ok(Buffer.byteLength(summary.markdown) <= SUMMARY_MAX_BYTES, `${Buffer.byteLength(summary.markdown)} bytes`);
    assert.match(summary.markdown, /monitor-gate: \*\*fail\*\*/);
    const comment = renderComment(report, { summaryUrl: 'https://github.com/o/r/actions/runs/1' });
    assert.ok(comment.body.length < COMMENT_MAX_CHARS, `${comment.body.length} characters`);
    assert.equal(comment.stage, 'notice');
  });
  test('the terminal table and the annotations', () => {
    const table = renderTextTable(report);
    assert.equal(table.split('\n').filter((l) => /^probe-\d{4}/.test(l)).length, n);
    const annotations = planAnnotations(report, { reserve: { error: 1, warning: 1, notice: 1 } });
    assert.ok(annotations.filter((a) => a.level === 'error').length <= 9);
  });
  test('a verified merge of 4 parts of 15,000 monitors', () => {
    const configText = syntheticConfig(n);
    const config = validateConfigText(configText, '/fuzz/.github/monitor-gate.yml', { root: '/fuzz' }).config as GateConfig;
    assert.equal(config.monitors.length, n);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'monitor-gate.yml'), configText);
    config.path = path.join(dir, 'monitor-gate.yml');
    const parts = syntheticShards(n, 4).map((p) => ({ ...p, fingerprint: fingerprintOf(configText) }));
    const merged = mergeReports(parts, { config });
    assert.equal(merged.monitors.length, n);
    assert.equal(merged.verdict, 'fail');
  });
});
