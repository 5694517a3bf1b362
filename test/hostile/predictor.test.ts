// `predictor:` pointed at anything that is not a predictor: one warning naming the file and what is
// wrong, never a byte of the file (a token file, a JSON of secrets), and the gate still measures
// every monitor with the built-in predictor. Non-regular files and links out of the root are refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, runGate, serializeReport, type Logger } from '../../src/core/index.ts';
import { builtInPredictor } from '../../src/core/predict/predictor.ts';
import { tempDir } from '../helpers/workspace.ts';
import { demo } from './helpers.ts';

const SECRET = 'ghp_Z9y8X7w6V5u4T3s2R1q0';
const HELP = ' (write one with monitor-gate fit-predictor)';

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { logger: { info: push('info'), warning: push('warning'), error: push('error'), debug: () => undefined }, lines };
}

describe('predictor files that are not predictors', () => {
  const outside = tempDir('monitor-gate-outside-');
  writeFileSync(path.join(outside, 'token'), SECRET);
  const cases: Array<[string, (dir: string) => string, (file: string) => string]> = [
    ['a 24-byte token file', (d) => (writeFileSync(path.join(d, 'p'), SECRET), 'p'), (f) => `${f}: not a monitor-gate predictor: not UTF-8 JSON${HELP}`],
    ['a token file with a newline', (d) => (writeFileSync(path.join(d, 'p'), `${SECRET}\n`), 'p'), (f) => `${f}: not a monitor-gate predictor: not UTF-8 JSON${HELP}`],
    ['a JSON object of secrets', (d) => (writeFileSync(path.join(d, 'p.json'), JSON.stringify({ token: SECRET })), 'p.json'), (f) => `${f}: not a monitor-gate predictor: it has no "kind": "monitor-gate-predictor"${HELP}`],
    ['a JSON array of secrets', (d) => (writeFileSync(path.join(d, 'p.json'), JSON.stringify([SECRET])), 'p.json'), (f) => `${f}: not a monitor-gate predictor: it has no "kind": "monitor-gate-predictor"${HELP}`],
    ['a JSON string', (d) => (writeFileSync(path.join(d, 'p.json'), JSON.stringify(SECRET)), 'p.json'), (f) => `${f}: not a monitor-gate predictor: it has no "kind": "monitor-gate-predictor"${HELP}`],
    ['a secret key named like a schema field', (d) => (writeFileSync(path.join(d, 'p.json'), JSON.stringify({ kind: 'x', [SECRET]: 1 })), 'p.json'), (f) => `${f}: not a monitor-gate predictor: it has no "kind": "monitor-gate-predictor"${HELP}`],
    ['an empty file', (d) => (writeFileSync(path.join(d, 'p.json'), ''), 'p.json'), (f) => `${f}: not a monitor-gate predictor: the file is empty${HELP}`],
    ['binary bytes', (d) => (writeFileSync(path.join(d, 'p.bin'), Buffer.from([0xff, 0xfe, 0x00, ...Buffer.from(SECRET)])), 'p.bin'), (f) => `${f}: not a monitor-gate predictor: not UTF-8 JSON${HELP}`],
    ['a FIFO', (d) => (execFileSync('mkfifo', [path.join(d, 'p.fifo')]), 'p.fifo'), (f) => `${f}: predictor file is a FIFO (named pipe), not a regular file`],
    ['a folder', (d) => (mkdirSync(path.join(d, 'p.dir')), 'p.dir'), (f) => `${f}: predictor file is a folder, not a regular file`],
    ['a link out of the root', (d) => (symlinkSync(path.join(outside, 'token'), path.join(d, 'p.link')), 'p.link'), (f) => `${f}: predictor file resolves outside the root folder '${path.dirname(f)}' through a symbolic link; every path must stay inside it`],
    ['a link to /dev/zero', (d) => (symlinkSync('/dev/zero', path.join(d, 'p.dev')), 'p.dev'), (f) => `${f}: predictor file resolves outside the root folder '${path.dirname(f)}' through a symbolic link; every path must stay inside it`],
    ['a 2 MiB file', (d) => (writeFileSync(path.join(d, 'p.big'), Buffer.alloc(2 * 1024 * 1024, 0x20)), 'p.big'), (f) => `${f}: predictor file is 2 MiB, over the limit of 1 MiB`],
    ['a missing file', () => 'nowhere.json', (f) => `${f}: predictor file not found`],
    [
      'a predictor with an unknown feature (it says it is one, so it may be quoted)',
      (d) => (writeFileSync(path.join(d, 'p.json'), JSON.stringify({ ...builtInPredictor(), features: [...builtInPredictor().features.slice(0, -1), 'mystery'] })), 'p.json'),
      (f) => new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a monitor-gate predictor: /features: unknown feature mystery `).source,
    ],
  ];
  for (const [what, make, expected] of cases) {
    test(`${what}: one warning, nothing of the file printed, every monitor measured with the built-in predictor`, async () => {
      const { dir, config } = demo();
      const name = make(dir);
      appendFileSync(config, `predictor: ${name}\n`);
      const { logger, lines } = recordingLogger();
      const report = await runGate(await loadConfig(config), { logger, provider: 'cpu' });
      const warnings = lines.filter((l) => l.startsWith('warning: ') && l.includes('predictor'));
      assert.equal(warnings.length, 1, lines.join('\n'));
      const want = expected(path.join(dir, name));
      const line = warnings[0].replace(/^warning: /, '').replace(/; using the built-in predictor$/, '');
      if (what.startsWith('a predictor with')) assert.match(line, new RegExp(want));
      else assert.equal(line, want);
      assert.ok(!lines.join('\n').includes(SECRET), 'the secret is in no log line');
      assert.ok(!serializeReport(report).includes(SECRET), 'nor in the report');
      assert.equal(report.prediction?.predictor, 'built-in');
      assert.deepEqual(
        report.monitors.map((m) => [m.id, m.verdict]),
        [
          ['pii-email', 'stale'],
          ['refusal', 'fresh'],
          ['toxicity-mlp', 'fresh'],
        ],
      );
    });
  }
});
