import { changedFilesFromDir } from '../changes/dir.ts';
import { changedFilesFromGit } from '../changes/git.ts';
import type { GateConfig } from '../types.ts';
import { resolveDeclared } from './declared.ts';
import { detectUpdateEvent } from './detect-update-event.ts';
import type { ChangedFile, UpdateEvent } from './types.ts';

/** Where a change's files come from: a folder (every file is changed), a local git range, or files already in hand. */
export type ChangeSource =
  | { kind: 'dir'; dir: string }
  | { kind: 'git'; range: string; cwd: string }
  | { kind: 'files'; files: ChangedFile[] };

/**
 * The update event of a change, with declarations applied (a `monitor-gate/<family>` PR label wins
 * over the config's `update:`, which wins over detection). With no source but a declaration, the
 * declared event stands alone; with neither, there is no event.
 */
export async function eventForChange(
  source: ChangeSource | undefined,
  options: { labels?: readonly string[]; config?: Pick<GateConfig, 'path' | 'update'> } = {},
): Promise<UpdateEvent | undefined> {
  const declared = resolveDeclared(options.labels ?? [], options.config);
  if (!source && !declared) return undefined;
  const files =
    source === undefined
      ? []
      : source.kind === 'dir'
        ? await changedFilesFromDir(source.dir)
        : source.kind === 'git'
          ? await changedFilesFromGit(source.range, source.cwd)
          : source.files;
  const event = await detectUpdateEvent(files, { declared });
  // Nothing was read, so there is no detection to set against the declaration.
  if (source === undefined) delete event.detected;
  return event;
}
