/**
 * Writing outputs (reports, Markdown, predictors) so that a failure never leaves half a file and
 * never hides the verdict: the bytes go to a temporary file in the same folder, which is renamed
 * over the target only when complete (a rename within one folder is atomic). Every failure is an
 * `output` GateError: one line naming the path and the OS error, for the caller to print and go on.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { GateError } from '../errors.ts';

const OS_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENXIO: 'no reader on the other end (a FIFO nobody reads)',
  EXDEV: 'cross-device rename',
};

/** "EACCES: permission denied": the OS error without the (temporary) path Node appends. */
export function osErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && OS_ERRORS[code]) return `${code}: ${OS_ERRORS[code]}`;
  const message = error instanceof Error ? error.message : String(error);
  const head = message.split(/, (?:open|write|rename|mkdir|close|fsync|lstat|stat) '/)[0].split('\n')[0];
  return code && !head.startsWith(code) ? `${code}: ${head}` : head;
}

function outputError(what: string, file: string, error: unknown): GateError {
  if (error instanceof GateError) return error;
  return new GateError('output', `cannot write the ${what}: ${osErrorText(error)}`, { file });
}

/**
 * Writes `data` to `file` atomically; the parent folders are created. A target that exists and is
 * not a regular file (a terminal, /dev/stdout, a FIFO someone reads) is written in place instead,
 * and a folder at the path is refused. Throws an `output` GateError naming `display` (default: `file`).
 */
export async function writeOutputFile(file: string, data: string | Uint8Array, options: { what: string; display?: string }): Promise<void> {
  const display = options.display ?? file;
  const target = path.resolve(file);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new GateError('output', `cannot write the ${options.what}: the path is a folder`, { file: display });
  if (existing && !existing.isFile()) {
    // O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of blocking forever.
    let handle: FileHandle | undefined;
    try {
      handle = await open(target, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0));
      await handle.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } catch (error) {
      throw outputError(options.what, display, error);
    } finally {
      await handle?.close().catch(() => undefined);
    }
    return;
  }
  const dir = path.dirname(target);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    // mkdir says EEXIST when a part of the path is a file: say what that means.
    const code = (error as NodeJS.ErrnoException).code;
    throw outputError(options.what, display, code === 'EEXIST' ? Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }) : error);
  }
  // A symbolic link at the path is followed, as a plain write would: the link's target is replaced.
  let final = target;
  const link = await lstat(target).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    final = await realpath(target).catch(() => target);
  }
  const temp = path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o666);
    await handle.writeFile(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, final);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw outputError(options.what, display, error);
  }
}
