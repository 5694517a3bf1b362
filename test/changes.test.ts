import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { changedFilesFromDir, changedFilesFromGit } from '../src/core/changes/index.ts';
import { detectUpdateEvent } from '../src/core/detect/index.ts';
import { GateError } from '../src/core/errors.ts';
import { tempDir } from './helpers/workspace.ts';

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

const BASE_CONFIG = JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 64, torch_dtype: 'float16' }, null, 2) + '\n';
const HEAD_CONFIG =
  JSON.stringify(
    {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 64,
      quantization_config: { quant_method: 'gptq', bits: 4, group_size: 128, desc_act: false },
      torch_dtype: 'float16',
    },
    null,
    2,
  ) + '\n';
const ADAPTER = JSON.stringify({ peft_type: 'LORA', r: 8, lora_alpha: 16, target_modules: ['q_proj'] }, null, 2) + '\n';
const BIG = 5 * 1024 * 1024;

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1' },
  }).toString('utf8');
const write = (rel: string, content: string | Buffer) => {
  mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  writeFileSync(path.join(repo, rel), content);
};

describe('changedFilesFromGit', () => {
  repo = tempDir('monitor-gate-git-');
  before(() => {
    git('init', '-q', '-b', 'main');
    git('config', 'commit.gpgsign', 'false');
    write('model/config.json', BASE_CONFIG);
    write('model/README.md', '# model\n');
    write('old/notes.md', '# notes\nkept across the rename\n');
    write('tmp/remove-me.json', '{"a": 1}\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('branch', 'base');
    // head: quantize the config, add an adapter and a large blob, delete one file, rename another
    write('model/config.json', HEAD_CONFIG);
    write('adapter/adapter_config.json', ADAPTER);
    const big = Buffer.alloc(BIG, 0x61);
    big.write('HEAD-OF-BIG', 0);
    write('weights/big.bin', big);
    rmSync(path.join(repo, 'tmp/remove-me.json'));
    mkdirSync(path.join(repo, 'new'), { recursive: true });
    renameSync(path.join(repo, 'old/notes.md'), path.join(repo, 'new/notes.md'));
    symlinkSync('../model/config.json', path.join(repo, 'adapter/link.json'));
    git('add', '-A');
    git('commit', '-q', '-m', 'head');
  });

  test('HEAD~1..HEAD: paths, statuses, sizes, head and base contents', async () => {
    const files = await changedFilesFromGit('HEAD~1..HEAD', repo);
    const byPath = new Map(files.map((f) => [f.path, f]));
    assert.deepEqual(
      files.map((f) => [f.path, f.status]).sort(),
      [
        ['adapter/adapter_config.json', 'added'],
        ['adapter/link.json', 'added'],
        ['model/config.json', 'modified'],
        ['new/notes.md', 'renamed'],
        ['tmp/remove-me.json', 'removed'],
        ['weights/big.bin', 'added'],
      ],
    );
    const config = byPath.get('model/config.json')!;
    assert.equal(text(await config.read()), HEAD_CONFIG);
    assert.equal(text(await config.readBase!()), BASE_CONFIG);
    assert.equal(text(await config.readBase!(10)), BASE_CONFIG.slice(0, 10));
    assert.equal(config.size, Buffer.byteLength(HEAD_CONFIG));
    assert.equal(text(await byPath.get('adapter/adapter_config.json')!.read()), ADAPTER);
    assert.equal(byPath.get('adapter/adapter_config.json')!.readBase, undefined);
    const renamed = byPath.get('new/notes.md')!;
    assert.equal(renamed.previousPath, 'old/notes.md');
    assert.equal(text(await renamed.readBase!()), '# notes\nkept across the rename\n');
    const big = byPath.get('weights/big.bin')!;
    assert.equal(big.size, BIG);
    assert.equal(text(await big.readHead(11)), 'HEAD-OF-BIG');
    assert.equal((await big.read()).length, BIG);
    await assert.rejects(byPath.get('adapter/link.json')!.readHead(10), /symbolic link/);
  });

  test('detection over the git changes: the quantization is new at the head', async () => {
    const event = await detectUpdateEvent(await changedFilesFromGit('HEAD~1..HEAD', repo));
    // An adapter next to a GPTQ config: LoRA on a 4-bit base.
    assert.equal(event.family, 'qlora');
    const quantOnly = await detectUpdateEvent((await changedFilesFromGit('base..HEAD', repo)).filter((f) => f.path === 'model/config.json'));
    assert.equal(quantOnly.family, 'quantization');
    assert.equal(quantOnly.sub_kind, 'gptq');
    assert.match(quantOnly.evidence[0].reason, /quantization_config: gptq 4-bit/);
    assert.equal(quantOnly.evidence[0].line, 8); // "quant_method": "gptq"
    const skippedLink = event.evidence.find((e) => e.file === 'adapter/link.json');
    assert.match(skippedLink?.reason ?? '', /symbolic link/);
  });

  test('three-dot ranges compare with the merge base; a subfolder works as cwd', async () => {
    const files = await changedFilesFromGit('base...HEAD', path.join(repo, 'model'));
    assert.ok(files.some((f) => f.path === 'model/config.json' && f.status === 'modified'));
    assert.deepEqual((await changedFilesFromGit('HEAD..HEAD', repo)).length, 0);
  });

  test('a bad range, an unknown revision or a folder outside git is a one-line usage error', async () => {
    const usage = (re: RegExp) => (error: unknown) => {
      assert.ok(error instanceof GateError, String(error));
      assert.equal(error.kind, 'usage');
      assert.match(error.toLine(), re);
      assert.doesNotMatch(error.toLine(), /\n/);
      return true;
    };
    await assert.rejects(changedFilesFromGit('HEAD', repo), usage(/'HEAD' is not a BASE\.\.HEAD range/));
    await assert.rejects(changedFilesFromGit('nope..HEAD', repo), usage(/range 'nope\.\.HEAD': unknown revision 'nope'/));
    await assert.rejects(changedFilesFromGit('--output=x..HEAD', repo), usage(/is not a revision/));
    const outside = tempDir('monitor-gate-nogit-');
    await assert.rejects(changedFilesFromGit('HEAD~1..HEAD', outside), usage(/not a git repository/));
  });
});

describe('changedFilesFromDir', () => {
  test('every file under the folder, relative with forward slashes, .git skipped', async () => {
    const dir = tempDir('monitor-gate-dir-');
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'b', 'config.json'), '{}');
    writeFileSync(path.join(dir, 'README.md'), '# x\n');
    writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const files = await changedFilesFromDir(dir);
    assert.deepEqual(
      files.map((f) => [f.path, f.status, f.size]),
      [
        ['README.md', 'added', 4],
        ['a/b/config.json', 'added', 2],
      ],
    );
    assert.equal(text(await files[0].readHead(3)), '# x');
    assert.equal(text(await files[0].readHead(100)), '# x\n');
  });

  test('a missing folder or a file is a usage error', async () => {
    await assert.rejects(changedFilesFromDir('/definitely/not/here'), (e: unknown) => e instanceof GateError && e.kind === 'usage' && /folder not found/.test(e.toLine()));
    const dir = tempDir('monitor-gate-dir-');
    writeFileSync(path.join(dir, 'f'), 'x');
    await assert.rejects(changedFilesFromDir(path.join(dir, 'f')), (e: unknown) => e instanceof GateError && /not a folder/.test(e.toLine()));
  });
});
