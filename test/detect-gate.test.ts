/**
 * Fail closed end to end: every case of the shared corpus whose truth is an update goes through the
 * real gate (runGate on the demo config, real probes through onnxruntime) with the event detected from
 * its folder, and every monitor is measured, even with skip-when-unchanged on. A docs-only, a
 * source-code-only and an empty change stay none, and with skip-when-unchanged they are skipped.
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../src/core/config/load-config.ts';
import { eventForChange } from '../src/core/detect/index.ts';
import { runGate } from '../src/core/gate.ts';
import { hasRealcases, realcases, realcasesDir } from './helpers/realcases.ts';
import { repoRoot, tempDir } from './helpers/workspace.ts';

const demoConfig = path.join(repoRoot, 'examples', 'demo', 'monitor-gate.yml');

test('every update case of the shared corpus is measured by the gate: no monitor skipped', { skip: !hasRealcases && 'no ../shared/realcases' }, async () => {
  const loaded = await loadConfig(demoConfig);
  // Opting into skipping makes the test able to fail: only a none event may skip.
  const config = { ...loaded, skipWhenUnchanged: true };
  const updates = realcases().filter((c) => c.family !== 'none');
  assert.ok(updates.length > 150);
  const skipped: string[] = [];
  for (const c of updates) {
    const event = await eventForChange({ kind: 'dir', dir: path.join(realcasesDir, path.dirname(c.files[0])) });
    const report = await runGate(config, { event });
    assert.ok(report.monitors.length > 0);
    const notMeasured = report.monitors.filter((m) => m.verdict === 'skipped').map((m) => m.id);
    if (notMeasured.length > 0) skipped.push(`${c.id} (${event?.family}): ${notMeasured.join(', ')} skipped`);
  }
  assert.deepEqual(skipped, []);
});

test('a docs-only, a source-code-only and an empty change stay none and are skipped only when skipping is opted into', async () => {
  const loaded = await loadConfig(demoConfig);
  const dir = tempDir('monitor-gate-detect-gate-');
  const make = (name: string, files: Record<string, string>) => {
    const d = path.join(dir, name);
    mkdirSync(d, { recursive: true });
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(d, p)), { recursive: true });
      writeFileSync(path.join(d, p), text);
    }
    return d;
  };
  const changes = {
    docs: make('docs', { 'README.md': '# tool\n\nHow to use the tool.\n', 'docs/guide.md': '# Guide\n\nRun it.\n', 'CHANGELOG.md': '# 1.1\n' }),
    source: make('source', { 'src/app.py': 'def main():\n    print("hi")\n', 'src/index.ts': 'export const x = 1;\n', 'tests/test_app.py': 'def test_x():\n    assert True\n' }),
    empty: make('empty', {}),
  };
  for (const [name, d] of Object.entries(changes)) {
    const event = await eventForChange({ kind: 'dir', dir: d });
    assert.equal(event?.family, 'none', name);
    const measured = await runGate(loaded, { event });
    assert.ok(measured.monitors.every((m) => m.verdict !== 'skipped'), `${name}: measured by default`);
    const skipped = await runGate({ ...loaded, skipWhenUnchanged: true }, { event });
    assert.ok(skipped.monitors.every((m) => m.verdict === 'skipped'), `${name}: skipped with skip-when-unchanged`);
  }
});
