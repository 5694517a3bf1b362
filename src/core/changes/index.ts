/** Where the changed files of a model-release change come from: a folder, local git, or bytes in memory. */
export { changedFilesFromDir, changedFileFromDisk } from './dir.ts';
export { changedFilesFromGit } from './git.ts';
export { changedFileFromBytes, type MemoryFileOptions } from './memory.ts';
