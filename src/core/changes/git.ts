/**
 * The files changed between two commits of a local git repository (`--git BASE..HEAD`), with lazy,
 * size-limited access to their content at both ends. Uses the git CLI only:
 *   git diff --raw -z --no-abbrev -M BASE HEAD       statuses, modes and blob ids (renames kept)
 *   git cat-file --batch-check                       blob sizes, without reading them
 *   git cat-file --batch                             small blobs, all in one process
 *   git cat-file blob <id>                           large blobs, stopped after the bytes asked for
 * `BASE...HEAD` compares HEAD with the merge base of the two, as `git diff` does.
 */
import { execFile, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChangeStatus, ChangedFile } from '../detect/types.ts';
import { inputError, usageError } from '../errors.ts';

/** Blobs up to this size are read whole, together, in one `git cat-file --batch`. */
const SMALL_BLOB = 2 * 1024 * 1024 + 1;

function runGit(args: string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const err = error as NodeJS.ErrnoException & { stderr?: string };
        err.stderr = Buffer.isBuffer(stderr) ? stderr.toString('utf8') : String(stderr ?? '');
        reject(err);
      } else resolve(stdout as Buffer);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

function firstLine(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  const text = (e.stderr && e.stderr.trim()) || e.message || String(error);
  return text.split('\n').find((l) => l.trim() !== '')?.replace(/^(fatal|error): /, '') ?? text;
}

async function git(args: string[], cwd: string, input?: string): Promise<Buffer> {
  try {
    return await runGit(args, cwd, input);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw usageError('git is not installed or not on PATH', { help: '--git needs the git command line' });
    throw error;
  }
}

/** First `maxBytes` bytes of a blob, stopping git once they have arrived. */
function blobHead(sha: string, cwd: string, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', 'blob', sha], { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    let stderr = '';
    const finish = () => {
      if (done) return;
      done = true;
      resolve(new Uint8Array(Buffer.concat(chunks).subarray(0, maxBytes)));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      total += chunk.length;
      if (total >= maxBytes) {
        finish();
        child.kill();
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (e) => (done ? undefined : ((done = true), reject(e))));
    child.on('close', (code) => {
      if (done) return;
      if (code === 0) finish();
      else {
        done = true;
        reject(inputError(`cannot read blob ${sha.slice(0, 12)}: ${stderr.trim() || `git exited with ${code}`}`));
      }
    });
  });
}

interface BlobInfo {
  sha: string;
  size: number;
}

/** Reads blobs on demand; small ones all at once on the first request. */
class BlobStore {
  private cache = new Map<string, Uint8Array>();
  private loading?: Promise<void>;
  constructor(
    private readonly cwd: string,
    private readonly small: BlobInfo[],
  ) {}

  private loadSmall(): Promise<void> {
    this.loading ??= (async () => {
      const shas = [...new Set(this.small.map((b) => b.sha))];
      if (shas.length === 0) return;
      const out = await git(['cat-file', '--batch'], this.cwd, shas.join('\n') + '\n');
      let pos = 0;
      while (pos < out.length) {
        const nl = out.indexOf(0x0a, pos);
        if (nl < 0) break;
        const header = out.toString('utf8', pos, nl).split(' ');
        pos = nl + 1;
        if (header[1] === 'missing') continue;
        const size = Number(header[2]);
        this.cache.set(header[0], new Uint8Array(out.subarray(pos, pos + size)));
        pos += size + 1;
      }
    })();
    return this.loading;
  }

  async head(blob: BlobInfo, maxBytes: number): Promise<Uint8Array> {
    if (blob.size <= SMALL_BLOB) {
      await this.loadSmall();
      const bytes = this.cache.get(blob.sha);
      if (!bytes) throw inputError(`blob ${blob.sha.slice(0, 12)} is missing from the repository`);
      return bytes.subarray(0, Math.max(0, maxBytes));
    }
    return blobHead(blob.sha, this.cwd, Math.min(maxBytes, blob.size));
  }

  async whole(blob: BlobInfo): Promise<Uint8Array> {
    if (blob.size <= SMALL_BLOB) return this.head(blob, blob.size);
    return new Uint8Array(await git(['cat-file', 'blob', blob.sha], this.cwd));
  }
}

interface RawEntry {
  status: ChangeStatus;
  path: string;
  previousPath?: string;
  srcMode: string;
  dstMode: string;
  srcSha: string;
  dstSha: string;
}

const NULL_SHA = /^0+$/;

function parseRawDiff(out: Buffer): RawEntry[] {
  const fields = out.toString('utf8').split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const meta = fields[i];
    if (!meta.startsWith(':')) continue;
    const [srcMode, dstMode, srcSha, dstSha, statusField] = meta.slice(1).split(' ');
    const letter = statusField[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[++i];
      const to = fields[++i];
      entries.push({ status: letter === 'R' ? 'renamed' : 'added', path: to, previousPath: from, srcMode, dstMode, srcSha, dstSha });
      continue;
    }
    const file = fields[++i];
    const status: ChangeStatus = letter === 'A' ? 'added' : letter === 'D' ? 'removed' : 'modified';
    entries.push({ status, path: file, srcMode, dstMode, srcSha, dstSha });
  }
  return entries;
}

function checkRev(rev: string, range: string): void {
  if (rev.startsWith('-') || /[\s\0]/.test(rev)) throw usageError(`'${rev}' is not a revision`, { where: `range '${range}'`, help: 'use BASE..HEAD, e.g. origin/main..HEAD' });
}

async function resolveCommit(rev: string, range: string, cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof Error && error.name === 'GateError') throw error;
    throw usageError(`unknown revision '${rev}'`, { where: `range '${range}'`, help: 'is the commit fetched? (actions/checkout needs fetch-depth: 0 for the base)' });
  }
}

const SPECIAL_MODES: Record<string, string> = { '120000': 'symbolic link', '160000': 'submodule' };

/**
 * The files changed in `range` (BASE..HEAD or BASE...HEAD) of the git repository containing `cwd`.
 * Paths are repository-relative. A bad range, an unknown revision or a folder outside any git
 * repository is a usage GateError.
 */
export async function changedFilesFromGit(range: string, cwd: string = process.cwd()): Promise<ChangedFile[]> {
  const three = range.indexOf('...');
  const two = three < 0 ? range.indexOf('..') : -1;
  if (three < 0 && two < 0) throw usageError(`'${range}' is not a BASE..HEAD range`, { help: 'e.g. --git origin/main..HEAD or --git HEAD~1..HEAD' });
  const sep = three >= 0 ? three : two;
  const baseRev = range.slice(0, sep) || 'HEAD';
  const headRev = range.slice(sep + (three >= 0 ? 3 : 2)) || 'HEAD';
  checkRev(baseRev, range);
  checkRev(headRev, range);

  if (!(await stat(cwd).then((s) => s.isDirectory()).catch(() => false))) throw usageError('folder not found', { file: cwd, help: '--git runs in a folder of a git checkout' });
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof Error && error.name === 'GateError') throw error;
    throw usageError(`not a git repository: ${firstLine(error)}`, { file: path.resolve(cwd), help: '--git runs in a git checkout; use --dir for a plain folder' });
  }
  let base = await resolveCommit(baseRev, range, top);
  const head = await resolveCommit(headRev, range, top);
  if (three >= 0) {
    try {
      base = (await git(['merge-base', base, head], top)).toString('utf8').trim();
    } catch (error) {
      throw usageError(`'${baseRev}' and '${headRev}' have no common ancestor: ${firstLine(error)}`, { where: `range '${range}'` });
    }
  }
  const raw = parseRawDiff(await git(['-c', 'core.quotepath=off', 'diff', '--raw', '-z', '--no-abbrev', '-M', base, head], top));

  const blobs = new Map<string, BlobInfo>();
  const wanted = new Set<string>();
  for (const e of raw) {
    if (!NULL_SHA.test(e.dstSha) && !SPECIAL_MODES[e.dstMode]) wanted.add(e.dstSha);
    if (!NULL_SHA.test(e.srcSha) && !SPECIAL_MODES[e.srcMode] && e.status !== 'added') wanted.add(e.srcSha);
  }
  if (wanted.size > 0) {
    const out = (await git(['cat-file', '--batch-check'], top, [...wanted].join('\n') + '\n')).toString('utf8');
    for (const line of out.split('\n')) {
      const [sha, type, size] = line.split(' ');
      if (type === 'blob') blobs.set(sha, { sha, size: Number(size) });
    }
  }
  const store = new BlobStore(top, [...blobs.values()].filter((b) => b.size <= SMALL_BLOB));

  return raw.map((e): ChangedFile => {
    const special = SPECIAL_MODES[e.dstMode];
    const headBlob = blobs.get(e.dstSha);
    const baseBlob = e.status === 'modified' || e.status === 'renamed' ? blobs.get(e.srcSha) : undefined;
    const unreadable = () => {
      throw inputError(special ? `${special} (mode ${e.dstMode}): not followed` : 'no content at the head', { file: e.path });
    };
    const file: ChangedFile = {
      path: e.path,
      status: e.status,
      size: headBlob?.size,
      read: async () => (headBlob && !special ? store.whole(headBlob) : unreadable()),
      readHead: async (maxBytes: number) => (headBlob && !special ? store.head(headBlob, maxBytes) : unreadable()),
    };
    if (e.previousPath) file.previousPath = e.previousPath;
    if (baseBlob && !SPECIAL_MODES[e.srcMode]) {
      file.readBase = (maxBytes?: number) => (maxBytes === undefined ? store.whole(baseBlob) : store.head(baseBlob, maxBytes));
    }
    return file;
  });
}
