/**
 * Path confinement. A config (and the pull request that may change it) names files by paths
 * relative to the config's folder; each such path must stay inside its root (the repository or the
 * workspace for probes, labels and the predictor; the activation folders for batches), so a config
 * can never make the gate read, and then quote in an error, a file elsewhere on the runner.
 *
 * Two checks, because neither is enough alone:
 * - lexical, when the config is loaded (`confinePath`): no absolute paths, no `..` that climbs out
 *   of the root. It needs no file system and gives a positioned config diagnostic.
 * - at open time (`resolveInsideRoot`, `openRegularFile`, `readRegularFile`): symbolic links are
 *   resolved and the real path must still be inside the real root; FIFOs, devices, sockets and
 *   folders are refused before anything is read (a FIFO would block the read forever).
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { GateError, type GateErrorKind } from './errors.ts';

/** A checked path: the absolute path, or a one-line reason it was refused. */
export type ConfinedPath = { path: string; error?: undefined } | { path?: undefined; error: string };

export interface ConfineOptions {
  /** The folder the value is relative to (the config file's folder). */
  base: string;
  /** The folder the resolved path must stay inside. */
  root: string;
  /** How the root is named in messages; default "the root folder '<root>'". */
  rootName?: string;
}

/** `root` as a person would write it: relative to the working directory when inside it, else absolute. */
export function displayRoot(root: string): string {
  const abs = path.resolve(root);
  const rel = path.relative(process.cwd(), abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}

/** Whether `child` is `root` or inside it (both absolute, already resolved the same way). */
export function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Absolute on any platform (`/x`, `C:\\x`, `C:x`, `\\\\server\\x`). */
export function isAbsolutePath(value: string): boolean {
  // A Windows path is absolute on any runner's config, so the same config means the same on each.
  return path.posix.isAbsolute(value) || path.win32.isAbsolute(value) || /^[A-Za-z]:/.test(value);
}

/** Shown inside quotes in a message: control characters escaped, long values cut. */
function shown(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}...` : escaped;
}

/**
 * The lexical check (no file system access): `value`, relative to `base`, must not be absolute and
 * must resolve inside `root`. `..` is allowed while it stays inside (`../probes/x.onnx` from
 * `.github/` in a repository root).
 */
export function confinePath(value: string, options: ConfineOptions): ConfinedPath {
  const rootName = options.rootName ?? `the root folder '${displayRoot(options.root)}'`;
  if (value.includes('\0')) return { error: `'${shown(value)}' contains a NUL character` };
  if (value.trim() === '') return { error: 'is an empty path' };
  if (isAbsolutePath(value)) {
    return { error: `'${shown(value)}' is an absolute path; write it relative to the config file's folder, inside ${rootName}` };
  }
  const resolved = path.resolve(options.base, value.replace(/\\/g, '/'));
  if (!isInside(resolved, path.resolve(options.root))) {
    return { error: `'${shown(value)}' leaves ${rootName}; every path in the config must stay inside it` };
  }
  return { path: resolved };
}

/**
 * The root of a config's paths when none is given: the nearest folder at or above the config's folder
 * that holds `.git` (the repository); else the working directory when the config is inside it (a
 * project run from its top folder); else the config's own folder.
 */
export function defaultRoot(configFile: string): string {
  const start = path.dirname(path.resolve(configFile));
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const cwd = process.cwd();
  return cwd !== path.parse(cwd).root && isInside(start, cwd) ? cwd : start;
}

/** What a non-regular file is, as messages name it ('a FIFO (named pipe)', 'a folder'), or undefined for a regular file. */
export function kindOf(stats: Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export interface OpenOptions {
  /** What the file is, for messages: "probe", "labels file", "predictor". */
  what: string;
  /** The name shown in messages (default: the path as given). */
  display?: string;
  /** When set, the file's real path (symbolic links resolved) must be inside this folder's real path. */
  root?: string;
  /** Refuse files larger than this many bytes, before reading any. */
  maxBytes?: number;
  /** The kind of GateError thrown (default 'input'). */
  kind?: GateErrorKind;
}

function refuse(options: OpenOptions, file: string, message: string, help?: string): GateError {
  return new GateError(options.kind ?? 'input', message, { file: options.display ?? file, ...(help ? { help } : {}) });
}

function openFailure(options: OpenOptions, file: string, error: unknown): GateError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return refuse(options, file, `${options.what} not found`);
  if (code === 'EACCES' || code === 'EPERM') return refuse(options, file, `cannot read the ${options.what}: permission denied`);
  if (code === 'ELOOP') return refuse(options, file, `cannot read the ${options.what}: too many levels of symbolic links`);
  if (code === 'ENOTDIR') return refuse(options, file, `${options.what} not found (a part of the path is not a folder)`);
  if (code === 'EISDIR') return refuse(options, file, `${options.what} is a folder, not a regular file`);
  return refuse(options, file, `cannot read the ${options.what} (${code ?? (error instanceof Error ? error.message : String(error))})`);
}

function outsideRoot(options: OpenOptions, file: string, root: string): GateError {
  return refuse(options, file, `${options.what} resolves outside the root folder '${displayRoot(root)}' through a symbolic link; every path must stay inside it`);
}

/** The real path of `file` (symbolic links resolved); refused when it leaves the real `root`. */
export async function resolveInsideRoot(file: string, root: string, options: Omit<OpenOptions, 'root'>): Promise<string> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    throw openFailure(options, file, error);
  }
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  if (!isInside(real, realRoot)) throw outsideRoot(options, file, root);
  return real;
}

/** Sync twin of resolveInsideRoot. */
export function resolveInsideRootSync(file: string, root: string, options: Omit<OpenOptions, 'root'>): string {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    throw openFailure(options, file, error);
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  if (!isInside(real, realRoot)) throw outsideRoot(options, file, root);
  return real;
}

/** Refuses anything but a regular file (FIFO, device, socket, folder) without opening it. */
export async function assertRegularFile(file: string, options: OpenOptions): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    throw openFailure(options, file, error);
  }
  const kind = kindOf(stats);
  if (kind) throw refuse(options, file, `${options.what} is ${kind}, not a regular file`);
  if (options.maxBytes !== undefined && stats.size > options.maxBytes) throw tooLarge(options, file, stats.size, options.maxBytes);
  return stats;
}

function tooLarge(options: OpenOptions, file: string, size: number, max: number): GateError {
  return refuse(options, file, `${options.what} is ${formatBytes(size)}, over the limit of ${formatBytes(max)}`);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[u]}`;
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer (fstat then refuses it).
// O_NOFOLLOW: the path opened is already the real path; a link swapped in since is refused.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Opens a regular file for reading after every check: inside `root` with links resolved, not a
 * FIFO / device / socket / folder (checked before and after opening), not over `maxBytes`.
 */
export async function openRegularFile(file: string, options: OpenOptions): Promise<{ handle: FileHandle; size: number; path: string }> {
  const real = options.root ? await resolveInsideRoot(file, options.root, options) : file;
  await assertRegularFile(real, { ...options, display: options.display ?? file });
  let handle: FileHandle;
  try {
    handle = await open(real, options.root ? OPEN_FLAGS : OPEN_FLAGS & ~(constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    throw openFailure(options, file, error);
  }
  try {
    const stats = await handle.stat();
    const kind = kindOf(stats);
    if (kind) throw refuse(options, file, `${options.what} is ${kind}, not a regular file`);
    if (options.maxBytes !== undefined && stats.size > options.maxBytes) throw tooLarge(options, file, stats.size, options.maxBytes);
    return { handle, size: stats.size, path: real };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** Reads a whole regular file with openRegularFile's checks; `maxBytes` is required so every read is bounded. */
export async function readRegularFile(file: string, options: OpenOptions & { maxBytes: number }): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file, options);
  try {
    const buffer = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === size ? buffer : buffer.subarray(0, offset);
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw openFailure(options, file, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Sync twin of readRegularFile (for callers that cannot await). */
export function readRegularFileSync(file: string, options: OpenOptions & { maxBytes: number }): Buffer {
  const real = options.root ? resolveInsideRootSync(file, options.root, options) : file;
  let stats: Stats;
  try {
    stats = statSync(real);
  } catch (error) {
    throw openFailure(options, file, error);
  }
  const kind = kindOf(stats);
  if (kind) throw refuse(options, file, `${options.what} is ${kind}, not a regular file`);
  let fd: number;
  try {
    fd = openSync(real, options.root ? OPEN_FLAGS : OPEN_FLAGS & ~(constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    throw openFailure(options, file, error);
  }
  try {
    const opened = fstatSync(fd);
    const openedKind = kindOf(opened);
    if (openedKind) throw refuse(options, file, `${options.what} is ${openedKind}, not a regular file`);
    if (opened.size > options.maxBytes) throw tooLarge(options, file, opened.size, options.maxBytes);
    const buffer = Buffer.alloc(opened.size);
    let offset = 0;
    while (offset < opened.size) {
      const n = readSync(fd, buffer, offset, opened.size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return offset === opened.size ? buffer : buffer.subarray(0, offset);
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw openFailure(options, file, error);
  } finally {
    closeSync(fd);
  }
}

