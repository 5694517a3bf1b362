/**
 * Tensor-file headers parsed once per run: every monitor, side and stage that names a file gets the
 * same parsed header (and the same error, if it cannot be read).
 */
import path from 'node:path';
import { openTensorFile } from '../formats/tensor-file.ts';
import type { TensorFile } from '../types.ts';

export class HeaderCache {
  private readonly parsed = new Map<string, Promise<TensorFile>>();
  /** Header parses so far (for tests and the benchmark). */
  parses = 0;

  /** With `root`, the file must resolve inside it (checked once, with the parse). */
  open(file: string, root?: string): Promise<TensorFile> {
    const key = path.resolve(file);
    let entry = this.parsed.get(key);
    if (!entry) {
      this.parses++;
      entry = openTensorFile(key, root);
      // a failed parse is remembered too, so a broken file is reported the same way everywhere
      entry.catch(() => undefined);
      this.parsed.set(key, entry);
    }
    return entry;
  }
}
