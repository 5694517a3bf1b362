/**
 * How a path from a report is shown in Markdown: relative to the workspace, never as the runner's
 * absolute path. Reports carry paths relative to the directory the gate ran in, and keep a path
 * outside it absolute (gate.ts displayPath); a comment shows those relative to the workspace
 * (`../shared/acts`) when they share its top folder and are at most two folders above it, else only
 * their last two parts (`…/acts/updated`), so no machine's layout reaches a pull request. Pure:
 * string operations only.
 */
import path from 'node:path';

/** Folders above the workspace a shown path may climb before it is shortened instead. */
const MAX_UP = 2;

const posix = (p: string) => p.replace(/\\/g, '/');
const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:\//.test(p);
// path.posix.normalize works on the string alone (no working directory); '' means the root.
const parts = (p: string) => path.posix.normalize(p).split('/').filter((s) => s !== '' && s !== '.');

/** The last two parts of an absolute path, marked as shortened. */
function tail(segments: readonly string[]): string {
  return segments.length === 0 ? '/' : `…/${segments.slice(-2).join('/')}`;
}

/**
 * A function showing report paths relative to `root` (an absolute workspace path). Relative paths
 * are kept (normalized to forward slashes); without a root, absolute ones are shortened.
 */
export function pathShower(root?: string): (p: string) => string {
  const base = root !== undefined && isAbsolute(posix(root)) ? parts(posix(root)) : undefined;
  return (raw: string): string => {
    const p = posix(String(raw));
    if (!isAbsolute(p)) return p;
    const segs = parts(p);
    if (!base) return tail(segs);
    // A drive letter compares without case; everything else exactly.
    const same = (a: string, b: string, i: number) => (i === 0 && /^[A-Za-z]:$/.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b);
    let common = 0;
    while (common < base.length && common < segs.length && same(base[common], segs[common], common)) common++;
    // Nothing in common (another top folder or drive): a relative path would be the absolute one in disguise.
    const up = base.length - common;
    if ((common === 0 && base.length > 0) || up > MAX_UP) return tail(segs);
    const rel = [...Array<string>(up).fill('..'), ...segs.slice(common)].join('/');
    return rel === '' ? '.' : rel;
  };
}
