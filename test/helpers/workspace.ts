import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const realbenchDir = path.resolve(repoRoot, '..', 'shared', 'realbench');
export const hasRealbench = existsSync(path.join(realbenchDir, 'manifest.json'));
export const demoDir = path.join(repoRoot, 'examples', 'demo');

/** A fresh temp folder, removed when the test file finishes. */
export function tempDir(prefix = 'monitor-gate-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the demo example in a temp folder, so a test can break files without touching the repo. */
export function copyDemo(): string {
  const dir = tempDir('monitor-gate-demo-');
  cpSync(demoDir, dir, { recursive: true });
  return dir;
}

/**
 * The action as the runner sees it: only the files git would check out (tracked, plus new
 * files not ignored), no node_modules, in a folder outside this repository.
 */
export function exportTrackedFiles(into: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  for (const rel of files) {
    const from = path.join(repoRoot, rel);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(into, rel)), { recursive: true });
    cpSync(from, path.join(into, rel));
  }
}
