// `npm run demo`: runs the built CLI on the bundled example twice, once per update, and
// explains what the gate decided. Exits 0 when both outcomes are the expected ones.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const config = 'examples/demo/monitor-gate.yml';
const out = mkdtempSync(path.join(os.tmpdir(), 'monitor-gate-demo-'));

const runs = [
  { name: 'LoRA-like update', updated: 'examples/demo/acts/lora', expect: 1 },
  { name: 'INT8-like quantization', updated: 'examples/demo/acts/int8', expect: 0 },
];
let ok = true;
for (const run of runs) {
  const report = path.join(out, `${path.basename(run.updated)}.json`);
  const args = [cli, 'check', '--config', config, '--updated', run.updated, '--report', report];
  console.log(`\n$ monitor-gate check --config ${config} --updated ${run.updated}   # ${run.name}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const verdict = JSON.parse(readFileSync(report, 'utf8')).verdict;
  console.log(`exit status ${result.status} (gate ${verdict}); JSON report: ${report}`);
  if (result.status !== run.expect) ok = false;
}
console.log(
  ok
    ? '\nAs expected: the LoRA-like update makes the PII monitor stale and fails the gate; quantization leaves every monitor fresh.'
    : '\nUnexpected outcome: see above.',
);
process.exit(ok ? 0 : 1);
