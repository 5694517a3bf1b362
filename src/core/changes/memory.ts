/**
 * A ChangedFile over bytes already in memory (the GitHub API path, tests).
 */
import type { ChangeStatus, ChangedFile } from '../detect/types.ts';

export interface MemoryFileOptions {
  status?: ChangeStatus;
  previousPath?: string;
  /** Base content, for modified files. */
  base?: Uint8Array | string;
  /** The real size when `content` holds only the first bytes of a large file. */
  size?: number;
}

const bytesOf = (x: Uint8Array | string): Uint8Array => (typeof x === 'string' ? new TextEncoder().encode(x) : x);

export function changedFileFromBytes(path: string, content: Uint8Array | string, options: MemoryFileOptions = {}): ChangedFile {
  const head = bytesOf(content);
  const base = options.base === undefined ? undefined : bytesOf(options.base);
  const file: ChangedFile = {
    path: path.replace(/\\/g, '/'),
    status: options.status ?? (base ? 'modified' : 'added'),
    size: options.size ?? head.length,
    read: async () => head,
    readHead: async (maxBytes: number) => head.subarray(0, Math.max(0, maxBytes)),
  };
  if (options.previousPath) file.previousPath = options.previousPath;
  if (base) file.readBase = async (maxBytes?: number) => (maxBytes === undefined ? base : base.subarray(0, Math.max(0, maxBytes)));
  return file;
}
