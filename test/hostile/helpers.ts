/**
 * Shared pieces of the hostile-input catalogue (test/hostile/*.test.ts): the CLI in process and as
 * a child (for limits such as ulimit), the demo example in a temp folder, paths that cannot be
 * written whatever user runs the tests, and the checks every case makes (one line, no stack trace).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { copyDemo, repoRoot, tempDir } from '../helpers/workspace.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in this process, exactly as `monitor-gate ...` runs it. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The CLI as a child process (`node --import tsx src/cli/index.ts`), under `bash -c "<prefix>; exec ..."`. */
export async function spawnCli(args: string[], options: { cwd?: string; shellPrefix?: string; timeoutMs?: number } = {}): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'index.ts'), ...args].map(quote).join(' ');
  const child = spawn('bash', ['-c', `${options.shellPrefix ? options.shellPrefix + '; ' : ''}exec ${command}`], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  return { code: code ?? -1, signal, stdout, stderr };
}

/** The demo example in a temp folder: its config path and folder. */
export function demo(): { dir: string; config: string } {
  const dir = copyDemo();
  return { dir, config: path.join(dir, 'monitor-gate.yml') };
}

/**
 * A folder nothing can be written into, for this user: a 0555 folder, or (as root, who ignores
 * permissions) /sys, which refuses new files to everyone.
 */
export function unwritableDir(): string {
  const dir = path.join(tempDir(), 'read-only');
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  try {
    writeFileSync(path.join(dir, 'probe'), 'x');
  } catch {
    return dir;
  }
  return '/sys';
}

export function isWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** No stack trace, no "monitor-gate bug" line: user errors are one line each. */
export function assertNoStack(text: string): void {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(text, /monitor-gate bug/, 'not reported as a bug');
}

/** The lines of a runner log that the runner would execute as workflow commands. */
export function commandLines(log: string): string[] {
  return log.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

/** The workflow commands the action itself issues; anything else in a log is forged. */
export const OWN_COMMANDS = /^::(error|warning|notice|debug|add-mask|group|endgroup)( [^:]*)?::/;
