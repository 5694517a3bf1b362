/**
 * Every file under a folder as a changed file (`monitor-gate detect --dir DIR`, `check --changes DIR`):
 * paths relative to the folder with forward slashes, `.git` skipped, symbolic links not followed.
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChangedFile } from '../detect/types.ts';
import { usageError } from '../errors.ts';

async function readHeadOf(file: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, Math.min(maxBytes, size)));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

export function changedFileFromDisk(absolute: string, relative: string, size?: number): ChangedFile {
  return {
    path: relative.split(path.sep).join('/'),
    status: 'added',
    size,
    read: async () => new Uint8Array(await readFile(absolute)),
    readHead: (maxBytes: number) => readHeadOf(absolute, maxBytes),
  };
}

/** Every regular file under `dir`, sorted by path. A missing or non-folder `dir` is a usage error. */
export async function changedFilesFromDir(dir: string): Promise<ChangedFile[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw usageError('folder not found', { file: dir, help: 'pass the folder whose files are the changed files' });
  }
  if (!info.isDirectory()) throw usageError('not a folder', { file: dir, help: '--dir takes a folder' });
  const root = path.resolve(dir);
  const out: ChangedFile[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.git') continue;
        await walk(absolute);
      } else if (entry.isFile()) {
        const size = (await stat(absolute)).size;
        out.push(changedFileFromDisk(absolute, path.relative(root, absolute), size));
      }
    }
  };
  await walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
