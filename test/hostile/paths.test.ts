// Paths a config names stay inside their root: lexically when the config is loaded (one positioned
// diagnostic per key), and at open time with symbolic links resolved; FIFOs, devices and folders are
// refused before any read, so nothing hangs and nothing outside the root is read or quoted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { validateConfig, validateConfigText } from '../../src/core/config/index.ts';
import { GateError } from '../../src/core/errors.ts';
import { confinePath, readRegularFile, readRegularFileSync, resolveInsideRoot } from '../../src/core/paths.ts';
import { tempDir } from '../helpers/workspace.ts';
import { assertNoStack, cli } from './helpers.ts';

/** A repository with the config in .github/, as a model repo holds it. */
function repo(): { root: string; configDir: string; config: string } {
  const root = tempDir('monitor-gate-repo-');
  const configDir = path.join(root, '.github');
  mkdirSync(configDir);
  return { root, configDir, config: path.join(configDir, 'monitor-gate.yml') };
}

const q = (s: string) => JSON.stringify(s);
function configYaml(fields: { probe?: string; labels?: string; predictor?: string; base?: string; updated?: string; batch?: string; calibration?: string }): string {
  return [
    'version: 1',
    `activations: { base: ${q(fields.base ?? '../acts/base')}, updated: ${q(fields.updated ?? '../acts/updated')} }`,
    ...(fields.predictor !== undefined ? [`predictor: ${q(fields.predictor)}`] : []),
    'monitors:',
    '  - id: m',
    '    category: pii',
    '    layer: 1',
    `    probe: ${q(fields.probe ?? '../probes/m.onnx')}`,
    '    threshold: 0.5',
    `    batch: ${q(fields.batch ?? 'layer1.safetensors')}`,
    `    labels: ${q(fields.labels ?? '../labels/m.npy')}`,
    ...(fields.calibration !== undefined ? [`    calibration: ${q(fields.calibration)}`] : []),
    '',
  ].join('\n');
}

describe('lexical confinement when the config is loaded', () => {
  const { root, config } = repo();
  const escapes: Array<[string, (value: string) => string]> = [
    ['../../../etc/passwd', (v) => `'${v}' leaves the root folder '${root}'; every path in the config must stay inside it`],
    ['../..', (v) => `'${v}' leaves the root folder '${root}'; every path in the config must stay inside it`],
    ['probes/../../../x', (v) => `'${v}' leaves the root folder '${root}'; every path in the config must stay inside it`],
    ['..\\..\\..\\x', (v) => `'${JSON.stringify(v).slice(1, -1)}' leaves the root folder '${root}'; every path in the config must stay inside it`],
    ['/etc/passwd', (v) => `'${v}' is an absolute path; write it relative to the config file's folder, inside the root folder '${root}'`],
    ['C:\\Windows\\x', (v) => `'${JSON.stringify(v).slice(1, -1)}' is an absolute path; write it relative to the config file's folder, inside the root folder '${root}'`],
    ['C:x', (v) => `'${v}' is an absolute path; write it relative to the config file's folder, inside the root folder '${root}'`],
    ['\\\\server\\share\\x', (v) => `'${JSON.stringify(v).slice(1, -1)}' is an absolute path; write it relative to the config file's folder, inside the root folder '${root}'`],
    ['a\u0000b', () => `'a\\u0000b' contains a NUL character`],
  ];
  // Monitor keys: only that monitor becomes an error row; the config stays usable.
  for (const key of ['probe', 'labels'] as const) {
    for (const [value, message] of escapes) {
      test(`monitors[0].${key}: ${JSON.stringify(value)} is refused at its line, the config stays usable`, () => {
        const { config: loaded, diagnostics } = validateConfigText(configYaml({ [key]: value }), config, { root });
        assert.ok(loaded, 'a monitor problem does not make the config unusable');
        assert.equal(loaded.monitors.length, 0);
        assert.equal(loaded.invalidMonitors[0].message, `${key}: ${message(value)}`);
        const d = diagnostics.find((x) => x.path === `monitors[0].${key}`);
        assert.ok(d, JSON.stringify(diagnostics));
        assert.equal(d.message, message(value));
        assert.equal(d.line, key === 'probe' ? 7 : 10);
      });
    }
  }
  // Top-level keys: the config is unusable (it would read outside the root for every monitor).
  for (const key of ['predictor', 'base', 'updated'] as const) {
    for (const [value, message] of escapes.slice(0, 6)) {
      test(`${key === 'predictor' ? 'predictor' : `activations.${key}`}: ${JSON.stringify(value)} makes the config unusable, with one positioned line`, () => {
        const { config: loaded, diagnostics } = validateConfigText(configYaml({ [key]: value }), config, { root });
        assert.equal(loaded, undefined);
        assert.deepEqual(
          diagnostics.map((d) => [d.path, d.message]),
          [[key === 'predictor' ? 'predictor' : `activations.${key}`, message(value)]],
        );
      });
    }
  }
  // Batch and calibration: a name inside both activation folders, never a path out of them.
  const batchCases: Array<[string, string]> = [
    ['../elsewhere/x.safetensors', "'../elsewhere/x.safetensors' leaves the activation folders ('..' is not allowed); batch is a file name inside both folders"],
    ['/etc/passwd', "'/etc/passwd' is an absolute path; batch is a file name inside the activation folders (e.g. 'layer12.safetensors')"],
    ['C:\\x.npy', "'C:\\x.npy' is an absolute path; batch is a file name inside the activation folders (e.g. 'layer12.safetensors')"],
    ['x\u0000.npy', "'x\\u0000.npy' contains a NUL character"],
  ];
  for (const [value, message] of batchCases) {
    test(`batch ${JSON.stringify(value)} is refused`, () => {
      const { config: loaded } = validateConfigText(configYaml({ batch: value }), config, { root });
      assert.equal(loaded?.invalidMonitors[0].message, `batch: ${message}`);
    });
    test(`calibration ${JSON.stringify(value)} is refused`, () => {
      const { config: loaded } = validateConfigText(configYaml({ calibration: value }), config, { root });
      assert.equal(loaded?.invalidMonitors[0].message, `calibration: ${message.replace('batch is a file name', 'calibration is a file name')}`);
    });
  }
  test("'..' that stays inside the root is fine: .github/../probes from the repository root", () => {
    const { config: loaded, diagnostics } = validateConfigText(configYaml({ probe: '../probes/./m.onnx', labels: 'sub/../../labels/m.npy' }), config, { root });
    assert.deepEqual(diagnostics, []);
    assert.equal(loaded!.monitors[0].probe, path.join(root, 'probes', 'm.onnx'));
    assert.equal(loaded!.root, root);
  });
  test('without a root the repository holding the config is the root (nearest .git)', async () => {
    const r = repo();
    execFileSync('git', ['init', '-q', r.root]);
    mkdirSync(path.join(r.root, 'deep', 'er'), { recursive: true });
    const file = path.join(r.root, 'deep', 'er', 'monitor-gate.yml');
    writeFileSync(file, configYaml({ probe: '../../probes/m.onnx', labels: '../../../outside.npy' }));
    const { config: loaded } = await validateConfig(file);
    assert.equal(loaded!.root, r.root);
    assert.match(loaded!.invalidMonitors[0].message, /^labels: '\.\.\/\.\.\/\.\.\/outside\.npy' leaves the root folder /);
  });
  test('the CLI names the root it confined to, and --root widens it', async () => {
    const r = repo();
    writeFileSync(r.config, configYaml({ predictor: '../../shared/predictor.json' }));
    // No .git and the config outside the working directory: its own folder is the root, and every '..' leaves it.
    const narrow = await cli('validate', '--config', r.config);
    assert.equal(narrow.code, 2);
    const lines = narrow.stderr.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split(': ')[1]), ['activations.base', 'activations.updated', 'predictor', 'monitors[0].probe', 'monitors[0].labels']);
    assert.equal(lines[2], `${r.config}:3:12: predictor: '../../shared/predictor.json' leaves the root folder '${r.configDir}'; every path in the config must stay inside it`);
    const repoWide = await cli('validate', '--config', r.config, '--root', r.root);
    assert.equal(repoWide.code, 2, 'the predictor still leaves the repository');
    assert.equal(repoWide.stderr.trimEnd().split('\n').length, 1);
    const wide = await cli('validate', '--config', r.config, '--root', path.dirname(r.root));
    assert.equal(wide.code, 0, wide.stderr);
    assertNoStack(narrow.stderr + wide.stderr);
  });
});

describe('at open time: links resolved, non-regular files refused before reading', () => {
  const root = tempDir('monitor-gate-root-');
  const outside = tempDir('monitor-gate-outside-');
  writeFileSync(path.join(root, 'probe.onnx'), 'inside');
  writeFileSync(path.join(outside, 'secret.txt'), 'ghp_secret_token_value');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link-out'));
  symlinkSync('probe.onnx', path.join(root, 'link-in'));
  symlinkSync(outside, path.join(root, 'dir-out'));
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
  mkdirSync(path.join(root, 'folder'));
  writeFileSync(path.join(root, 'big'), Buffer.alloc(2048));
  symlinkSync('/dev/zero', path.join(root, 'device'));

  const cases: Array<[string, string | RegExp]> = [
    ['link-out', `${path.join(root, 'link-out')}: probe resolves outside the root folder '${root}' through a symbolic link; every path must stay inside it`],
    ['dir-out/secret.txt', `${path.join(root, 'dir-out/secret.txt')}: probe resolves outside the root folder '${root}' through a symbolic link; every path must stay inside it`],
    ['fifo', `${path.join(root, 'fifo')}: probe is a FIFO (named pipe), not a regular file`],
    ['folder', `${path.join(root, 'folder')}: probe is a folder, not a regular file`],
    ['missing', `${path.join(root, 'missing')}: probe not found`],
    ['loop-a', `${path.join(root, 'loop-a')}: cannot read the probe: too many levels of symbolic links`],
    ['big', `${path.join(root, 'big')}: probe is 2 KiB, over the limit of 1 KiB`],
  ];
  for (const [name, expected] of cases) {
    test(`${name}: refused with one line (async and sync readers)`, async () => {
      const file = path.join(root, name);
      await assert.rejects(readRegularFile(file, { what: 'probe', root, maxBytes: 1024 }), (e: unknown) => e instanceof GateError && e.toLine() === expected);
      assert.throws(() => readRegularFileSync(file, { what: 'probe', root, maxBytes: 1024 }), (e: unknown) => e instanceof GateError && e.toLine() === expected);
    });
  }
  test('a device outside any root is refused without reading (the link to /dev/zero resolves out of the root first)', async () => {
    await assert.rejects(readRegularFile('/dev/zero', { what: 'config file', maxBytes: 1024 }), /config file is a character device, not a regular file/);
    await assert.rejects(readRegularFile(path.join(root, 'device'), { what: 'probe', root, maxBytes: 1024 }), /resolves outside the root folder/);
  });
  test('a link inside the root is followed', async () => {
    assert.equal((await readRegularFile(path.join(root, 'link-in'), { what: 'probe', root, maxBytes: 1024 })).toString(), 'inside');
    assert.equal(await resolveInsideRoot(path.join(root, 'link-in'), root, { what: 'probe' }), path.join(root, 'probe.onnx'));
  });
  test('confinePath is lexical: it never touches the file system', () => {
    assert.deepEqual(confinePath('x/y', { base: '/nowhere/a', root: '/nowhere' }), { path: '/nowhere/a/x/y' });
  });
});

describe('the config file itself', () => {
  const dir = tempDir();
  execFileSync('mkfifo', [path.join(dir, 'fifo.yml')]);
  mkdirSync(path.join(dir, 'folder.yml'));
  writeFileSync(path.join(dir, 'huge.yml'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
  writeFileSync(path.join(dir, 'latin1.yml'), Buffer.from('version: 1\n# caf\xe9\n', 'latin1'));
  symlinkSync(path.join(dir, 'fifo.yml'), path.join(dir, 'link-to-fifo.yml'));
  const cases: Array<[string, string]> = [
    ['fifo.yml', 'config file is a FIFO (named pipe), not a regular file'],
    ['link-to-fifo.yml', 'config file is a FIFO (named pipe), not a regular file'],
    ['folder.yml', 'config path is a folder, not a YAML file'],
    ['huge.yml', 'config file is 16 MiB, over the limit of 16 MiB'],
    ['latin1.yml', 'not UTF-8 text: invalid byte at offset 16 (line 2)'],
    ['missing.yml', 'config file not found (create it, or pass the path of an existing config file)'],
  ];
  for (const [name, message] of cases) {
    for (const command of ['validate', 'check'] as const) {
      test(`${command} --config ${name}: one line, exit 2, no hang`, async () => {
        const file = path.join(dir, name);
        const run = await cli(command, '--config', file);
        assert.equal(run.code, 2);
        assert.equal(run.stderr, `error: ${file}: ${message}\n`);
        assertNoStack(run.stderr);
      });
    }
  }
  test('/dev/zero as the config is refused, not read', async () => {
    const run = await cli('validate', '--config', '/dev/zero');
    assert.equal(run.stderr, 'error: /dev/zero: config file is a character device, not a regular file\n');
  });
});
