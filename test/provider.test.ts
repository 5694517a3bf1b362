// The execution provider is settled once per run, before any probe loads: an explicit cuda that
// cannot load is one line and exit 2, auto that cannot is one notice and a CPU run. Through the CLI
// as a child process, so what is counted is everything the process writes to stderr (onnxruntime's
// native logger included).
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { cudaProviderLibrary } from '../src/core/index.ts';
import { spawnCli, type CliRun } from './hostile/helpers.ts';
import { copyDemo, repoRoot, tempDir } from './helpers/workspace.ts';
import { spawn } from 'node:child_process';

const library = cudaProviderLibrary();
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const skipInstalled = library.installed ? 'the CUDA provider library is installed here' : false;

const stderrLines = (run: CliRun) => run.stderr.split('\n').filter((l) => l !== '');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

function demoArgs(provider: string, report: string): string[] {
  const dir = copyDemo();
  // --quiet: no progress lines, so stderr holds only what is asserted on
  return ['check', '--quiet', '--config', path.join(dir, 'monitor-gate.yml'), '--updated', path.join(dir, 'acts', 'int8'), '--provider', provider, '--report', report];
}

describe('execution provider without the CUDA provider library', { skip: skipInstalled }, () => {
  test('--provider cuda: exit 2, one line saying how to provide the library, nothing measured', async () => {
    const report = path.join(tempDir(), 'report.json');
    const run = await spawnCli(demoArgs('cuda', report));
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '', 'no table: nothing was measured');
    const lines = stderrLines(run);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /^error: --provider cuda: onnxruntime's CUDA provider library \(\S+\) is not installed \(to provide it, /);
    if (linuxX64) {
      assert.ok(lines[0].includes('--onnxruntime-node-install=cuda12'), lines[0]);
      assert.ok(lines[0].includes(`Microsoft.ML.OnnxRuntime.Gpu.Linux ${library.version} NuGet package`), lines[0]);
      assert.ok(lines[0].includes(library.dir!), 'names the folder the library goes into');
    }
    assert.match(lines[0], /or use auto to fall back to CPU\)$/);
    assert.doesNotMatch(run.stderr, ANSI);
    assert.ok(!existsSync(report), 'stopped before the gate ran: no report');
  });

  test('--provider auto: one notice for the run, then the same CPU measurement as --provider cpu', async () => {
    const autoReport = path.join(tempDir(), 'auto.json');
    const cpuReport = path.join(tempDir(), 'cpu.json');
    const auto = await spawnCli(demoArgs('auto', autoReport));
    const cpu = await spawnCli(demoArgs('cpu', cpuReport));
    assert.equal(auto.code, 0, auto.stderr);
    assert.equal(cpu.code, 0, cpu.stderr);
    const lines = stderrLines(auto);
    assert.equal(lines.length, 1, auto.stderr);
    // On a machine whose NVIDIA driver sees a GPU the notice also says how to use it.
    assert.ok(lines[0].startsWith("notice: --provider auto: onnxruntime's CUDA provider library (" + library.file + ') is not installed; scoring on CPU'), lines[0]);
    assert.match(lines[0], /scoring on CPU( although the NVIDIA driver sees a GPU \(to provide it, .*\))?$/);
    assert.deepEqual(stderrLines(cpu), [], 'cpu asks for nothing to fall back from');
    const metrics = (file: string) => (JSON.parse(readFileSync(file, 'utf8')).monitors as Array<Record<string, unknown>>).map((m) => [m.id, m.verdict, m.base, m.updated]);
    assert.equal(metrics(autoReport).length, 3);
    assert.deepEqual(metrics(autoReport), metrics(cpuReport));
  });
});

/**
 * The CLI bundled (as scripts/build.mjs bundles it) beside a copy of onnxruntime-node whose folder
 * holds a CUDA provider library that cannot load: what a GPU runner without the CUDA runtime sees.
 */
async function cliWithBrokenCudaLibrary(): Promise<string> {
  const root = tempDir('monitor-gate-cuda-');
  const require = createRequire(import.meta.url);
  const ortDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  // onnxruntime-common's exports hide its package.json: find the folder from its entry point.
  const commonEntry = require.resolve('onnxruntime-common', { paths: [ortDir] });
  const commonDir = commonEntry.slice(0, commonEntry.lastIndexOf(`${path.sep}onnxruntime-common${path.sep}`) + `${path.sep}onnxruntime-common`.length);
  const binRel = path.join('bin', 'napi-v6', process.platform, process.arch);
  const ortCopy = path.join(root, 'node_modules', 'onnxruntime-node');
  mkdirSync(path.join(ortCopy, binRel), { recursive: true });
  cpSync(path.join(ortDir, 'package.json'), path.join(ortCopy, 'package.json'));
  cpSync(path.join(ortDir, 'dist'), path.join(ortCopy, 'dist'), { recursive: true });
  cpSync(commonDir, path.join(root, 'node_modules', 'onnxruntime-common'), { recursive: true });
  // The binding is copied (Node loads it by its real path, and onnxruntime looks for providers
  // beside the library it loaded); the 45 MB library itself is linked.
  copyFileSync(path.join(ortDir, binRel, 'onnxruntime_binding.node'), path.join(ortCopy, binRel, 'onnxruntime_binding.node'));
  symlinkSync(path.join(ortDir, binRel, 'libonnxruntime.so.1'), path.join(ortCopy, binRel, 'libonnxruntime.so.1'));
  writeFileSync(path.join(ortCopy, binRel, library.file), '');
  await build({
    entryPoints: { cli: path.join(repoRoot, 'src', 'cli', 'index.ts') },
    outdir: path.join(root, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['onnxruntime-node'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return path.join(root, 'dist', 'cli.js');
}

async function runNode(script: string, args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code: code ?? -1, stdout, stderr };
}

describe('execution provider with a CUDA provider library that cannot load', { skip: linuxX64 && !library.installed ? false : 'needs Linux x64 without the real library' }, () => {
  test('cuda: exit 2 with one line; auto: one notice, not one warning per probe', async () => {
    const cli = await cliWithBrokenCudaLibrary();
    const cudaReport = path.join(tempDir(), 'cuda.json');
    const cuda = await runNode(cli, demoArgs('cuda', cudaReport));
    assert.equal(cuda.code, 2, cuda.stderr);
    const cudaLines = stderrLines(cuda);
    assert.equal(cudaLines.length, 1, cuda.stderr);
    assert.match(cudaLines[0], /^error: --provider cuda: onnxruntime's CUDA provider library in \S+ could not be loaded: .*Failed to load shared library.* \(to provide it, /);
    assert.ok(!existsSync(cudaReport));

    const auto = await runNode(cli, demoArgs('auto', path.join(tempDir(), 'auto.json')));
    assert.equal(auto.code, 0, auto.stderr);
    const autoLines = stderrLines(auto);
    assert.equal(autoLines.length, 1, auto.stderr);
    assert.match(autoLines[0], /^notice: --provider auto: onnxruntime's CUDA provider library in \S+ could not be loaded: .*; scoring on CPU$/);
    assert.doesNotMatch(auto.stderr + cuda.stderr, ANSI);
    assert.match(auto.stdout, /PASS: 3 of 3 monitors measured/);
  });
});
