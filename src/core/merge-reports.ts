/**
 * Merging the partial reports of a sharded run into the one report an unsharded run would have
 * written: order-independent, and refusing parts that did not gate the same config and commit.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inputError, usageError } from './errors.ts';
import { reportSchemaProblems } from './report/json.ts';
import { formatShard } from './shard.ts';
import type { GateReport, MonitorResult } from './types.ts';
import { rankByRisk } from './predict/triage.ts';
import { summarizeResults } from './verdict.ts';

/** A partial report and the file it came from, for messages. */
export interface LoadedReport {
  file: string;
  report: GateReport;
}

/** Reads one report file; every problem is a one-line GateError naming the file. */
export async function loadReportFile(file: string): Promise<GateReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'report not found' : code === 'EISDIR' ? 'is a folder, not a report file' : `cannot read the report (${code ?? 'error'})`;
    throw inputError(why, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw inputError(`not JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const problems = reportSchemaProblems(parsed);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw inputError(`not a monitor-gate report: ${problems[0]}${more}`, { file });
  }
  return parsed as GateReport;
}

export async function loadReportFiles(files: readonly string[]): Promise<LoadedReport[]> {
  const out: LoadedReport[] = [];
  for (const file of files) out.push({ file, report: await loadReportFile(file) });
  return out;
}

/**
 * Every `*.json` file under `dir` (recursively: actions/download-artifact puts each artifact in its
 * own folder), sorted, so the Action's merge mode can read a folder of downloaded partial reports.
 */
export async function findReportFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true })) as import('node:fs').Dirent[];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? 'reports folder not found' : code === 'ENOTDIR' ? 'reports-dir must be a folder of partial reports' : `cannot read the reports folder (${code ?? 'error'})`, {
      file: dir,
    });
  }
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  if (files.length === 0) throw inputError('no partial reports (*.json) in the reports folder', { file: dir });
  return files;
}

/** Reads and merges report files; the file loader and the merge both fail with one-line messages. */
export async function mergeReportFiles(files: readonly string[]): Promise<GateReport> {
  const loaded = await loadReportFiles(files);
  return mergeReports(
    loaded.map((l) => l.report),
    loaded.map((l) => l.file),
  );
}

const configOrder = (m: MonitorResult) => m.source.line * 1e6 + m.source.column;

/**
 * Merges the partial reports of shards 1..n into one report: monitors in config order, summary
 * and verdict recomputed. The result is the same whatever order the parts come in, and equals the
 * report of an unsharded run. `sources` name the parts in messages (file names); by default
 * "report 1", "report 2", ...
 *
 * Refuses, with a one-line GateError: no parts; a part without `shard` (not partial); parts of
 * different tool versions, configs (path or fingerprint), commits or shard counts; a shard given
 * twice or missing; a monitor that appears in two parts.
 */
export function mergeReports(reports: readonly GateReport[], sources?: readonly string[]): GateReport {
  if (reports.length === 0) throw usageError('no reports to merge');
  const name = (i: number) => sources?.[i] ?? `report ${i + 1}`;
  reports.forEach((r, i) => {
    if (!r.shard) {
      throw inputError(`not a partial report (it has no shard); merge only the reports of a run sharded with 'i/n'`, { file: name(i) });
    }
  });

  // Every part must have gated the same thing. Compare each with the first and name both on a mismatch.
  const same: Array<[string, (r: GateReport) => unknown]> = [
    ['schema version', (r) => r.schemaVersion],
    ['monitor-gate version', (r) => r.tool.version],
    ['config', (r) => r.config],
    ['config fingerprint', (r) => r.fingerprint],
    ['commit', (r) => r.commit],
    ['shard count', (r) => r.shard!.count],
  ];
  for (const [what, get] of same) {
    const first = get(reports[0]);
    const other = reports.findIndex((r) => get(r) !== first);
    if (other >= 0) {
      const show = (v: unknown) => (v === undefined ? 'none' : String(v));
      throw inputError(`cannot merge reports of different ${what === 'config fingerprint' ? 'configs' : what + 's'}: ${name(0)} has ${what} ${show(first)} but ${name(other)} has ${what} ${show(get(reports[other]))}`, {
        help: 'merge the partial reports of one sharded run',
      });
    }
  }

  const count = reports[0].shard!.count;
  const byIndex = new Map<number, number>();
  reports.forEach((r, i) => {
    const seen = byIndex.get(r.shard!.index);
    if (seen !== undefined) throw inputError(`shard ${formatShard(r.shard!)} is given twice: ${name(seen)} and ${name(i)}`);
    byIndex.set(r.shard!.index, i);
  });
  const missing: string[] = [];
  for (let index = 1; index <= count; index++) if (!byIndex.has(index)) missing.push(`${index}/${count}`);
  if (missing.length > 0) throw inputError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: a merge needs all ${count} partial reports`);

  const owner = new Map<string, number>();
  const monitors: MonitorResult[] = [];
  reports.forEach((r, i) => {
    for (const m of r.monitors) {
      const seen = owner.get(m.id);
      if (seen !== undefined) throw inputError(`monitor '${m.id}' is in two partial reports: ${name(seen)} and ${name(i)}`);
      owner.set(m.id, i);
      monitors.push(m);
    }
  });
  monitors.sort((a, b) => configOrder(a) - configOrder(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // The lowest shard's report carries the run-wide fields (event, activations, ...) in their key order.
  const first = reports[byIndex.get(1)!];
  const { verdict, summary } = summarizeResults(monitors, { failOnPredicted: first.prediction?.fail_on_predicted });
  const merged: GateReport = { ...structuredClone(first), verdict, summary, monitors: structuredClone(monitors) };
  delete merged.shard;
  // Each shard ranked and budgeted its own monitors; the merged report ranks them all together.
  const ranked = merged.monitors.filter((m) => m.predicted);
  const ranks = rankByRisk(ranked.map((m, index) => ({ index, risk: m.predicted!.risk })));
  ranked.forEach((m, index) => (m.predicted!.rank = ranks.get(index)!));
  if (merged.prediction?.budget) {
    merged.prediction.budget.measured = reports.reduce((sum, r) => sum + (r.prediction?.budget?.measured ?? 0), 0);
  }
  const stamps = reports.map((r) => r.generatedAt).filter((t): t is string => t !== undefined);
  if (stamps.length > 0) merged.generatedAt = stamps.sort().at(-1);
  return merged;
}
