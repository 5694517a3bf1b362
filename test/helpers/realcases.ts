/** The shared update-events corpus (../shared/realcases/update-events), scored per tool. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { changedFilesFromDir } from '../../src/core/changes/index.ts';
import { type UpdateEvent, detectUpdateEvent } from '../../src/core/detect/index.ts';
import { repoRoot } from './workspace.ts';

export const realcasesDir = path.resolve(repoRoot, '..', 'shared', 'realcases', 'update-events');
export const hasRealcases = existsSync(path.join(realcasesDir, 'manifest.json'));

export interface RealCase {
  id: string;
  family: string;
  sub_kind: string | null;
  files: string[];
  tool?: string;
}

export interface CaseResult {
  c: RealCase;
  dir: string;
  event: UpdateEvent;
  familyOk: boolean;
  subOk: boolean;
}

export function realcases(): RealCase[] {
  return JSON.parse(readFileSync(path.join(realcasesDir, 'manifest.json'), 'utf8')) as RealCase[];
}

/** The tool a case exercises: its `tool` field, else "first round" (the first 86 cases have none). */
export const toolOf = (c: RealCase) => c.tool ?? 'first round (no tool field)';

export async function scoreRealcases(): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of realcases()) {
    const dir = path.join(realcasesDir, path.dirname(c.files[0]));
    const event = await detectUpdateEvent(await changedFilesFromDir(dir));
    const familyOk = event.family === c.family;
    const subOk = c.sub_kind === null ? !familyOk || event.sub_kind === null : event.sub_kind === c.sub_kind;
    out.push({ c, dir, event, familyOk, subOk });
  }
  return out;
}

/** Markdown table: tool | cases | family right | sub_kind right. */
export function perToolTable(results: readonly CaseResult[]): string {
  const by = new Map<string, CaseResult[]>();
  for (const r of results) by.set(toolOf(r.c), [...(by.get(toolOf(r.c)) ?? []), r]);
  const rows = [...by.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = ['| tool | cases | family right | sub_kind right |', '|---|---|---|---|'];
  for (const [tool, rs] of rows) {
    const subs = rs.filter((r) => r.c.sub_kind !== null);
    lines.push(`| ${tool} | ${rs.length} | ${rs.filter((r) => r.familyOk).length} | ${subs.length ? `${subs.filter((r) => r.subOk).length}/${subs.length}` : '-'} |`);
  }
  const subs = results.filter((r) => r.c.sub_kind !== null);
  lines.push(`| **all** | ${results.length} | ${results.filter((r) => r.familyOk).length} | ${subs.filter((r) => r.subOk).length}/${subs.length} |`);
  return lines.join('\n');
}
