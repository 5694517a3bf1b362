// The npm package as a user gets it: `npm pack`, installed into an empty project with nothing but the
// npm registry, as the README documents (ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's install script
// would otherwise fetch CUDA binaries from an external feed), then `npm exec monitor-gate check` on the
// bundled demo, offline. The CLI must load the onnxruntime-node it
// depends on, never the Linux-only copy the action stages in dist/node_modules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot, tempDir } from './helpers/workspace.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// A user's environment, with none of this repository's own settings (npm test passes .npmrc's
// onnxruntime-node-install=skip down as npm_config_*), plus the one variable the README tells users to
// set for an install without the external CUDA feed.
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^ONNXRUNTIME_NODE_INSTALL/i.test(k)));
Object.assign(env, { ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });

interface PackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

describe('the npm package', () => {
  const packDir = tempDir();
  let packed: PackEntry;

  test('npm pack ships only what the CLI needs', () => {
    assert.ok(existsSync(path.join(repoRoot, 'dist', 'cli.js')), 'dist/cli.js exists (npm run build)');
    const run = spawnSync(npm, ['pack', '--json', '--pack-destination', packDir], { cwd: repoRoot, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    [packed] = JSON.parse(run.stdout) as PackEntry[];
    const files = packed.files.map((f) => f.path).sort();
    assert.ok(files.includes('dist/cli.js'));
    assert.ok(files.includes('package.json') && files.includes('README.md') && files.includes('LICENSE') && files.includes('CHANGELOG.md'));
    assert.ok(files.includes('examples/demo/monitor-gate.yml'));
    assert.ok(files.includes('schemas/config.schema.json'));
    const outside = files.filter((f) => !/^(dist\/cli\.js|schemas\/[\w.-]+\.schema\.json|examples\/demo\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(f));
    assert.deepEqual(outside, [], 'no tests, sources, scripts, action bundle or staged native libraries');
    // The only runtime dependency is onnxruntime-node: everything else is bundled into dist/cli.js.
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.dependencies), ['onnxruntime-node']);
    console.log(`# npm pack: ${packed.filename}, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);
  });

  test('installed into an empty project from the registry alone, `npx monitor-gate check` runs the demo on its own onnxruntime-node', () => {
    assert.ok(packed, 'packed by the previous test');
    const project = tempDir();
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
    const install = spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(packDir, packed.filename)], { cwd: project, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stdout + install.stderr);
    const installed = path.join(project, 'node_modules', 'monitor-gate');
    assert.ok(!existsSync(path.join(installed, 'dist', 'node_modules')), 'no staged onnxruntime in the package');

    const demo = path.join(installed, 'examples', 'demo');
    const check = spawnSync(npm, ['exec', '--offline', '--', 'monitor-gate', 'check', '--config', path.join(demo, 'monitor-gate.yml'), '--updated', path.join(demo, 'acts', 'int8')], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /^gate: PASS: 3 of 3 monitors measured \(3 fresh\)$/m);
    const stale = spawnSync(npm, ['exec', '--offline', '--', 'monitor-gate', 'check', '--config', path.join(demo, 'monitor-gate.yml')], { cwd: project, env, encoding: 'utf8' });
    assert.equal(stale.status, 1, stale.stdout + stale.stderr);

    // Node resolves onnxruntime-node from the user's node_modules: that is the package the CLI loads.
    const resolved = spawnSync(process.execPath, ['-e', "process.stdout.write(require.resolve('onnxruntime-node'))"], { cwd: installed, encoding: 'utf8' });
    assert.equal(resolved.status, 0, resolved.stderr);
    assert.equal(realpathSync(resolved.stdout).startsWith(realpathSync(path.join(project, 'node_modules', 'onnxruntime-node'))), true, resolved.stdout);
  });
});
