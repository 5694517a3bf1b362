/**
 * The checkpoint folders of a run, in training order: each argument is a folder or a glob of
 * folders ('acts/step-*'); a glob's matches are in natural order (step-100 before step-1000), and
 * arguments keep the order they were given in.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { usageError } from '../errors.ts';
import { displayRoot, isInside } from '../paths.ts';
import type { Checkpoint } from './types.ts';

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * `patterns` resolve against `cwd`; with `root`, every folder found must be inside it (the config's
 * paths stay inside the repository, symbolic links resolved).
 */
export async function checkpointFolders(patterns: readonly string[], cwd = process.cwd(), root?: string): Promise<Checkpoint[]> {
  const dirs: string[] = [];
  for (const pattern of patterns) {
    const literal = path.resolve(cwd, pattern);
    if (statSync(literal, { throwIfNoEntry: false })?.isDirectory()) {
      dirs.push(literal);
      continue;
    }
    const matches = (await glob(pattern, { cwd, onlyDirectories: true, absolute: true, expandDirectories: false })).map((d) => d.replace(/[\\/]+$/, ''));
    if (matches.length === 0) throw usageError(`--checkpoints '${pattern}' matches no folder`);
    dirs.push(...matches.sort((a, b) => natural.compare(a, b)));
  }
  const unique = [...new Set(dirs)];
  if (root) {
    const realRoot = realpathSync(root);
    for (const dir of unique) {
      if (!isInside(realpathSync(dir), realRoot)) throw usageError(`checkpoint folder ${dir} is outside ${displayRoot(root)}; the config's paths must stay inside it`);
    }
  }
  // a checkpoint is named by its folder; folders of the same name are told apart by their parent
  const names = unique.map((d) => path.basename(d));
  return unique.map((dir, i) => ({ dir, name: names.filter((n) => n === names[i]).length > 1 ? path.relative(cwd, dir).split(path.sep).join('/') : names[i] }));
}
