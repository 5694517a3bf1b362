// The committed demo example is exactly what its generator script writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { demoDir, repoRoot, tempDir } from './helpers/workspace.ts';

const listFiles = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
  .filter((e) => e.isFile())
  .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
  .sort();

test('scripts/make-demo-example.ts reproduces examples/demo byte for byte', () => {
  const out = path.join(tempDir(), 'demo');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/make-demo-example.ts', out], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const files = listFiles(demoDir);
  assert.deepEqual(listFiles(out), files);
  assert.ok(files.some((f) => f.endsWith('.onnx')) && files.some((f) => f.endsWith('.safetensors')));
  for (const f of files) assert.ok(readFileSync(path.join(out, f)).equals(readFileSync(path.join(demoDir, f))), `${f} differs`);
});
