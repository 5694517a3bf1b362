// The sample-risk scorer (examples/sample_risk.py) is Python: its unittest suite builds a small real
// torch transformer and real ONNX probes and checks the scores against independent autograd. Run here
// so the README's one test command covers it; skipped, with the reason, where /usr/bin/python3 has
// no torch or onnx (.ci/run installs Debian's python3-torch and python3-onnx).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const python = '/usr/bin/python3';
// one thread each: torch's default pool is far slower on small CPU machines, and npm test runs two files at a time
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };

const probe = spawnSync(python, ['-c', 'import torch, onnx, numpy'], { env, encoding: 'utf8' });
const missing = probe.error ? `${python} not found` : probe.status !== 0 ? `${python} lacks torch, onnx or numpy (apt-get install python3-torch python3-onnx python3-numpy)` : undefined;

test('examples/test_sample_risk.py passes', { skip: missing, timeout: 600_000 }, () => {
  const run = spawnSync(python, ['-m', 'unittest', '-v', 'examples/test_sample_risk.py'], { cwd: root, env, encoding: 'utf8', timeout: 590_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  // unittest reports on stderr: every test ran, none skipped silently
  assert.match(run.stderr, /\nOK\s*$/);
  assert.doesNotMatch(run.stderr, /skipped/);
});
