/**
 * Merging the partial reports of a sharded run into the one report an unsharded run would have
 * written: order-independent, and refusing parts that did not gate the same config and commit.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GateError, inputError, usageError } from './errors.ts';
import { logLine } from './escape.ts';
import { readRegularFile } from './paths.ts';
import { reportSchemaProblems } from './report/json.ts';
import type { FeatureVector } from './predict/features.ts';
import { builtInPredictor, estimateRisk, loadPredictor, type Predictor } from './predict/predictor.ts';
import { budgetCount, formatBudget, parseBudget, rankByRisk } from './predict/triage.ts';
import { MAX_SHARDS, fileFingerprint, formatShard, selectShard } from './shard.ts';
import { Z_95 } from './metrics/delong.ts';
import { newcombePairedInterval, tableOfChange } from './metrics/paired.ts';
import type { GateConfig, GateReport, MonitorResult, MonitorSpec, PairedRateChange } from './types.ts';
import { judgeStaleness, summarizeResults, unjudgeableBase, withSampleRisk, type ChangeIntervals } from './verdict.ts';

/** A partial report and the file it came from, for messages. */
export interface LoadedReport {
  file: string;
  report: GateReport;
}

/** A partial report of 15,000 monitors is some tens of MB; a file far beyond that is not one (and is not read). */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Reads one report file; every problem is a one-line GateError naming the file. */
export async function loadReportFile(file: string): Promise<GateReport> {
  let bytes: Uint8Array;
  try {
    // Regular files only (a FIFO would block the read), size capped before reading.
    bytes = await readRegularFile(file, { what: 'report', maxBytes: MAX_REPORT_BYTES });
  } catch (error) {
    if (error instanceof GateError && error.message === 'report not found') throw inputError('report not found', { file });
    if (error instanceof GateError && error.message === 'report is a folder, not a regular file') throw inputError('is a folder, not a report file', { file });
    throw error;
  }
  return parseReport(bytes, file);
}

/** A report file's bytes, checked against the report schema; `file` names it in the error. */
export function parseReport(bytes: Uint8Array, file: string): GateReport {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw inputError('not UTF-8 text', { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message may quote the file around the error; keep only the position, never the text.
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const why = /^Unexpected end of JSON input$/.test(message) ? 'the file ends early' : `syntax error${at ? ` at byte ${at[1]}` : ''}`;
    throw inputError(`not JSON: ${why}`, { file });
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

export interface MergeOptions {
  /** Names of the parts in messages (file names); by default "report 1", "report 2", ... */
  sources?: readonly string[];
  /**
   * The config the parts must have gated. With it every part is also checked against the config:
   * its fingerprint against the real file, its monitors against selectShard(config, shard), each
   * monitor's blocking flag, threshold and place, each measured verdict recomputed from the metrics
   * with the config's tolerances and min_class_rows, each predicted verdict from the risk and the
   * config's risk-threshold.
   */
  config?: GateConfig;
  /** The commit this merge is for: every part must carry it (a part made for another commit, or written into the checkout, is refused). */
  commit?: string;
  /**
   * The shards ran with require-significance for every monitor (check --require-significance): with a
   * config, each measured monitor must have been judged with it (or as the config says per monitor),
   * and its verdict is recomputed that way from intervals recomputed from its counts.
   */
  requireSignificance?: boolean;
}

/** Reads and merges report files; the file loader and the merge both fail with one-line messages. */
export async function mergeReportFiles(files: readonly string[], options: Omit<MergeOptions, 'sources'> = {}): Promise<GateReport> {
  // Bounded before anything is read: more parts than shards can exist is not one sharded run.
  if (files.length > MAX_SHARDS) throw inputError(`${files.length} report files; a sharded run has at most ${MAX_SHARDS} partial reports`, { help: 'merge the partial reports of one sharded run' });
  const loaded = await loadReportFiles(files);
  return mergeReports(
    loaded.map((l) => l.report),
    { ...options, sources: loaded.map((l) => l.file) },
  );
}

const configOrder = (m: MonitorResult) => m.source.line * 1e6 + m.source.column;

/** Ids are shown in messages clipped: a part's strings are untrusted and may be long. */
const shownId = (id: string) => logLine(id.length > 80 ? `${id.slice(0, 77)}...` : id);

/**
 * Merges the partial reports of shards 1..n into one report: monitors in config order, summary
 * and verdict recomputed. The result is the same whatever order the parts come in, and equals the
 * report of an unsharded run.
 *
 * Parts are data from other jobs, so each is verified before it counts (see MergeOptions.config
 * for the checks against the config; the README's threat model says why there is no signature).
 * Refuses, with a one-line GateError: no parts, or more than MAX_SHARDS; a part without `shard`
 * (not partial) or with a shard out of range; parts of different tool versions, configs (path or
 * fingerprint), commits, shard counts, prediction settings or update events; a shard given twice
 * or missing; a monitor in two parts; a part whose summary, deltas or verdicts do not follow from
 * its own monitors; with a config, a part that does not match it.
 */
export function mergeReports(reports: readonly GateReport[], sourcesOrOptions?: readonly string[] | MergeOptions): GateReport {
  const options: MergeOptions = Array.isArray(sourcesOrOptions) ? { sources: sourcesOrOptions as readonly string[] } : ((sourcesOrOptions as MergeOptions | undefined) ?? {});
  const sources = options.sources;
  if (reports.length === 0) throw usageError('no reports to merge');
  if (reports.length > MAX_SHARDS) throw inputError(`${reports.length} partial reports; a sharded run has at most ${MAX_SHARDS}`, { help: 'merge the partial reports of one sharded run' });
  const name = (i: number) => sources?.[i] ?? `report ${i + 1}`;
  reports.forEach((r, i) => {
    if (!r.shard) {
      throw inputError(`not a partial report (it has no shard); merge only the reports of a run sharded with 'i/n'`, { file: name(i) });
    }
    // Bounded before any loop runs over it: a forged count of 1e9 must not allocate 1e9 of anything.
    const { index, count } = r.shard;
    if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS || !Number.isInteger(index) || index < 1 || index > count) {
      throw inputError(`shard ${String(index)}/${String(count)} is out of range: a shard is i/n with 1 <= i <= n <= ${MAX_SHARDS}`, { file: name(i) });
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
    ['prediction setting', (r) => canonical(r.prediction ? { ...r.prediction, budget: r.prediction.budget?.requested } : undefined)],
    ['update event', (r) => canonical({ event: r.event, skipped: r.skipped })],
    ['sample-risk section', (r) => canonical(r.sample_risk)],
  ];
  for (const [what, get] of same) {
    const first = get(reports[0]);
    const other = reports.findIndex((r) => get(r) !== first);
    if (other >= 0) {
      const show = (v: unknown) => (v === undefined ? 'none' : logLine(String(v).length > 120 ? `${String(v).slice(0, 117)}...` : String(v)));
      throw inputError(`cannot merge reports of different ${what === 'config fingerprint' ? 'configs' : what + 's'}: ${name(0)} has ${what} ${show(first)} but ${name(other)} has ${what} ${show(get(reports[other]))}`, {
        help: 'merge the partial reports of one sharded run',
      });
    }
  }
  if (options.commit !== undefined && reports[0].commit !== options.commit) {
    throw inputError(`the partial reports are of commit ${reports[0].commit ?? 'none'}, not of ${options.commit}, the commit being merged`, {
      file: name(0),
      help: 'merge the partial reports this run wrote for this commit',
    });
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
      if (seen !== undefined) throw inputError(`monitor '${shownId(m.id)}' is in two partial reports: ${name(seen)} and ${name(i)}`);
      owner.set(m.id, i);
      monitors.push(m);
    }
  });

  // Each part against its own content, then against the config.
  const predictor = options.config ? configPredictor(options.config) : undefined;
  reports.forEach((r, i) => {
    const problem = contentProblem(r) ?? (options.config ? configProblem(r, options.config, predictor!, options.requireSignificance === true) : undefined) ?? intervalsProblem(r);
    if (problem) throw inputError(`not a faithful partial report: ${problem}`, { file: name(i), help: 'merge the partial reports the shard jobs wrote, unedited' });
  });

  monitors.sort((a, b) => configOrder(a) - configOrder(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // The lowest shard's report carries the run-wide fields (event, activations, ...) in their key order.
  const first = reports[byIndex.get(1)!];
  const { verdict, summary } = summarizeResults(monitors, { failOnPredicted: first.prediction?.fail_on_predicted });
  const merged: GateReport = { ...structuredClone(first), verdict: withSampleRisk(verdict, first), summary, monitors: structuredClone(monitors) };
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

/** JSON with sorted keys, for comparing fields of parts. */
function canonical(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const MEASURED: ReadonlySet<string> = new Set(['fresh', 'stale', 'inconclusive']);
const PREDICTED: ReadonlySet<string> = new Set(['predicted-stale', 'predicted-fresh']);
const METRIC_KEYS = ['auroc', 'tpr', 'fpr', 'recall_at_1fpr', 'recall_at_5fpr'] as const;
/** Deltas are written as updated - base of the same doubles; anything beyond rounding is an edit. */
const SLACK = 1e-9;

/** The first way a part contradicts itself, or undefined. Needs nothing but the part. */
function contentProblem(r: GateReport): string | undefined {
  const policy = { failOnPredicted: r.prediction?.fail_on_predicted };
  const recomputed = summarizeResults(r.monitors, policy);
  recomputed.verdict = withSampleRisk(recomputed.verdict, r);
  if (recomputed.verdict !== r.verdict) return `its verdict is '${r.verdict}' but its monitors give '${recomputed.verdict}'`;
  if (canonical(recomputed.summary) !== canonical(r.summary)) return 'its summary does not count its monitors';
  const mode = r.prediction?.mode;
  for (const m of r.monitors) {
    const who = `monitor '${shownId(m.id)}'`;
    if (m.rows) {
      const { total, positives, negatives } = m.rows;
      if (!(positives >= 0 && negatives >= 0 && positives + negatives === total)) return `${who}: rows ${positives} + ${negatives} is not ${total}`;
    }
    for (const side of ['base', 'updated'] as const) {
      const metrics = m[side];
      if (!metrics) continue;
      for (const k of METRIC_KEYS) if (!(metrics[k] >= 0 && metrics[k] <= 1)) return `${who}: ${side} ${k} ${metrics[k]} is not in [0, 1]`;
    }
    if (m.base && m.updated) {
      if (!m.delta) return `${who}: has base and updated metrics but no delta`;
      for (const k of METRIC_KEYS) {
        if (!(Math.abs(m.delta[k] - (m.updated[k] - m.base[k])) <= SLACK)) return `${who}: delta ${k} ${m.delta[k]} is not updated - base (${m.updated[k] - m.base[k]})`;
      }
    }
    if (MEASURED.has(m.verdict)) {
      if (!m.base || !m.updated || !m.rows) return `${who}: verdict '${m.verdict}' without the metrics it was measured from`;
      if (mode === 'predict-only') return `${who}: verdict '${m.verdict}' in a predict-only run, which measures nothing`;
      if (m.predicted && !m.predicted.measured) return `${who}: verdict '${m.verdict}' but its prediction says it was not measured`;
    }
    if (PREDICTED.has(m.verdict)) {
      if (mode === 'measure-all') return `${who}: verdict '${m.verdict}' in a run that measures every monitor`;
      if (!m.predicted || m.predicted.measured) return `${who}: verdict '${m.verdict}' but it has no unmeasured prediction`;
      const threshold = r.prediction?.risk_threshold;
      if (threshold !== undefined && (m.predicted.risk >= threshold) !== (m.verdict === 'predicted-stale')) {
        return `${who}: verdict '${m.verdict}' but its risk ${m.predicted.risk} is ${m.predicted.risk >= threshold ? 'at or above' : 'under'} the risk threshold ${threshold}`;
      }
    }
    if (m.verdict === 'skipped' && !r.skipped) return `${who}: verdict 'skipped' in a part that skipped nothing`;
    if (r.skipped && m.verdict !== 'skipped' && m.verdict !== 'error') return `${who}: verdict '${m.verdict}' in a part that skipped measuring`;
  }
  return budgetProblem(r);
}

/** In a budget run, a part measured exactly its budget's share, and the highest-risk monitors. */
function budgetProblem(r: GateReport): string | undefined {
  if (r.prediction?.mode !== 'budget') return undefined;
  const budget = parseBudget(r.prediction.budget?.requested);
  if (!budget) return `its revalidation budget '${String(r.prediction.budget?.requested)}' is not a budget`;
  // Candidates: every monitor that was observed (an error before observation is never measured).
  const candidates = r.monitors.filter((m) => m.predicted && m.verdict !== 'skipped' && !(m.verdict === 'error' && !m.predicted.measured));
  const measured = candidates.filter((m) => m.predicted!.measured);
  const expected = budgetCount(budget, candidates.length);
  if (measured.length !== expected) return `its budget ${formatBudget(budget)} measures ${expected} of its ${candidates.length} monitors, but ${measured.length} are marked measured`;
  if (r.prediction.budget && r.prediction.budget.measured !== expected) return `its budget says ${r.prediction.budget.measured} monitors were measured, but ${expected} were due`;
  let lowestMeasured = Infinity;
  for (const m of measured) lowestMeasured = Math.min(lowestMeasured, m.predicted!.risk);
  const skippedOver = candidates.find((m) => !m.predicted!.measured && m.predicted!.risk > lowestMeasured);
  if (skippedOver) return `monitor '${shownId(skippedOver.id)}' (risk ${skippedOver.predicted!.risk}) was left unmeasured while a monitor of risk ${lowestMeasured} was measured`;
  return undefined;
}

function configPredictor(config: GateConfig): Predictor {
  if (!config.predictor) return builtInPredictor();
  try {
    return loadPredictor(config.predictor, config.predictor, { root: config.root });
  } catch {
    // The gate falls back to the built-in predictor the same way when the file is unusable.
    return builtInPredictor();
  }
}

/** The first way a part differs from what `config` makes a shard run write, or undefined. */
function configProblem(r: GateReport, config: GateConfig, predictor: Predictor, requireSignificance: boolean): string | undefined {
  const fingerprint = fileFingerprint(config.path);
  if (!fingerprint) return `the config ${config.path} cannot be read to check the part's fingerprint`;
  if (r.fingerprint !== fingerprint) return `its config fingerprint ${r.fingerprint ?? 'none'} is not that of ${config.path} (${fingerprint})`;
  if (r.prediction) {
    if (r.prediction.risk_threshold !== config.triage.riskThreshold) return `its risk threshold ${r.prediction.risk_threshold} is not the config's ${config.triage.riskThreshold}`;
    if (r.prediction.fail_on_predicted !== config.triage.failOnPredicted) return `its fail-on-predicted ${r.prediction.fail_on_predicted} is not the config's ${config.triage.failOnPredicted}`;
  }
  if (r.skipped && !config.skipWhenUnchanged) return 'it skipped measuring, which this config never does (skip-when-unchanged is off)';

  // The monitors this shard must report, each where the config declares it.
  const shard = selectShard(config, r.shard!);
  interface Expected {
    blocking: boolean;
    line: number;
    column: number;
    valid?: MonitorSpec;
  }
  const expected = new Map<string, Expected>();
  for (const m of shard.monitors) expected.set(m.id, { blocking: m.blocking, line: m.line, column: m.column, valid: m });
  for (const m of shard.invalidMonitors) expected.set(m.id ?? `monitors[${m.index}]`, { blocking: m.blocking, line: m.line, column: m.column });
  const seen = new Set<string>();
  for (const m of r.monitors) {
    const who = `monitor '${shownId(m.id)}'`;
    const want = expected.get(m.id);
    if (!want) return `${who} is not one of the monitors the config gives shard ${formatShard(r.shard!)}`;
    seen.add(m.id);
    if (m.blocking !== want.blocking) return `${who} is ${m.blocking ? 'blocking' : 'advisory'} but the config makes it ${want.blocking ? 'blocking' : 'advisory'}`;
    if (m.source.line !== want.line || m.source.column !== want.column) return `${who} is placed at line ${m.source.line} but the config declares it at line ${want.line}`;
    if (!want.valid) {
      if (m.verdict !== 'error') return `${who}: verdict '${m.verdict}' for an entry the config cannot use (it can only be 'error')`;
      continue;
    }
    const spec = want.valid;
    if (m.threshold !== spec.threshold) return `${who}: threshold ${String(m.threshold)} is not the config's ${spec.threshold}`;
    if (m.category !== spec.category || m.layer !== spec.layer) return `${who}: category or layer differs from the config`;
    // require-significance: the config's (per monitor) or this merge's for all; the part must have judged the same way
    const significance = requireSignificance || spec.requireSignificance === true;
    if (m.tests && (m.tests.require_significance === true) !== significance) {
      return m.tests.require_significance
        ? `${who} was judged with require-significance, which neither the config nor this merge asks for (pass --require-significance to merge-reports when the shards ran with it)`
        : `${who} was judged without require-significance, which ${spec.requireSignificance ? 'the config' : 'this merge'} asks for`;
    }
    if (MEASURED.has(m.verdict)) {
      // the counts are checked before any interval is recomputed from them
      const inconsistent = significance ? intervalProblem(m) : undefined;
      if (inconsistent) return `${who}: ${inconsistent}`;
      const intervals = significance ? recomputedIntervals(m) : undefined;
      if (significance && !intervals) return `${who}: verdict '${m.verdict}' without the TPR and FPR intervals require-significance needs`;
      const want = measuredVerdict(m, spec, config.defaults.min_class_rows, intervals);
      if (m.verdict !== want) return `${who}: verdict '${m.verdict}' but its metrics with the config's tolerances${significance ? ' and require-significance' : ''} give '${want}'`;
    }
    if (m.predicted) {
      const features = Object.fromEntries(Object.entries(m.predicted.features).map(([k, v]) => [k, v === null ? NaN : v])) as FeatureVector;
      const risk = estimateRisk(predictor, features).risk;
      if (!(Math.abs(risk - m.predicted.risk) <= SLACK)) return `${who}: predicted risk ${m.predicted.risk} is not what the predictor gives for its features (${risk})`;
    }
  }
  for (const id of expected.keys()) if (!seen.has(id)) return `monitor '${shownId(id)}' of shard ${formatShard(r.shard!)} is missing from the part`;
  return undefined;
}

/**
 * The verdict the gate gives a measured monitor: inconclusive under min_class_rows, else the tolerances
 * decide; with `significance`, only where the whole interval clears them.
 */
function measuredVerdict(m: MonitorResult, spec: MonitorSpec, minClassRows: number, significance?: ChangeIntervals): MonitorResult['verdict'] {
  if (unjudgeableBase(m.base!)) return 'error';
  if (m.rows!.positives < minClassRows || m.rows!.negatives < minClassRows) return 'inconclusive';
  return judgeStaleness(m.base!, m.updated!, spec.tolerance, significance).verdict;
}

/**
 * The 95% intervals a require-significance verdict rests on, recomputed from what the part says it
 * measured, never read from its ci95 fields: Newcombe's interval from the TPR and FPR tables (their
 * counts must give the part's rates, see intervalProblem) and DeLong's from the difference and its
 * standard error. Undefined when the part has no TPR or FPR table.
 */
function recomputedIntervals(m: MonitorResult): ChangeIntervals | undefined {
  const t = m.tests;
  if (!t?.tpr_change || !t.fpr_change) return undefined;
  const { diff, se } = t.delong;
  return {
    auroc: [diff - Z_95 * se, diff + Z_95 * se],
    tpr: newcombePairedInterval(tableOfChange(t.tpr_change)).ci95,
    fpr: newcombePairedInterval(tableOfChange(t.fpr_change)).ci95,
  };
}

/** The first monitor of a part whose intervals contradict its own rows and rates (checked after the rest). */
function intervalsProblem(r: GateReport): string | undefined {
  for (const m of r.monitors) {
    const problem = intervalProblem(m);
    if (problem) return `monitor '${shownId(m.id)}': ${problem}`;
  }
  return undefined;
}

/**
 * The first way a monitor's TPR or FPR change contradicts its own rows and rates: n is not the class's
 * row count, the counts are not whole or do not fit in n, flagged-on-each-side counts do not give the
 * base and updated rates, the change is not (updated_only - base_only) / n, or the interval is not
 * Newcombe's for that table. With require-significance, the DeLong difference must be the AUROC change
 * and its standard error a number >= 0.
 */
function intervalProblem(m: MonitorResult): string | undefined {
  const t = m.tests;
  if (!t) return undefined;
  if (t.require_significance && MEASURED.has(m.verdict) && (!t.tpr_change || !t.fpr_change)) return `judged with require-significance but has no TPR or FPR interval`;
  for (const [what, change, rows, rate] of [
    ['TPR', t.tpr_change, m.rows?.positives, 'tpr'],
    ['FPR', t.fpr_change, m.rows?.negatives, 'fpr'],
  ] as const) {
    if (!change) continue;
    const problem = changeProblem(change, rows, m.base?.[rate], m.updated?.[rate]);
    if (problem) return `its ${what} change ${problem}`;
  }
  if (t.require_significance && m.delta) {
    const { diff, se, ci95 } = t.delong;
    if (!(Math.abs(diff - m.delta.auroc) <= SLACK)) return `its DeLong difference ${diff} is not its AUROC change ${m.delta.auroc}`;
    if (!(se >= 0 && Number.isFinite(se))) return `its DeLong standard error ${se} is not a number >= 0`;
    const half = Z_95 * se;
    if (!(Math.abs(ci95[0] - (diff - half)) <= SLACK && Math.abs(ci95[1] - (diff + half)) <= SLACK)) return `its DeLong interval ${ci95[0]} to ${ci95[1]} is not its difference +- 1.96 standard errors`;
  }
  return undefined;
}

function changeProblem(change: PairedRateChange, rows: number | undefined, base: number | undefined, updated: number | undefined): string | undefined {
  const { n, both, base_only: baseOnly, updated_only: updatedOnly } = change;
  if (rows === undefined || n !== rows) return `is on ${n} rows, not the ${String(rows)} of its class`;
  if (![both, baseOnly, updatedOnly].every((c) => Number.isInteger(c) && c >= 0) || both + baseOnly + updatedOnly > n) return `has counts ${both}, ${baseOnly}, ${updatedOnly} that do not fit in ${n} rows`;
  if (n > 0 && (base === undefined || updated === undefined || !(Math.abs((both + baseOnly) / n - base) <= SLACK) || !(Math.abs((both + updatedOnly) / n - updated) <= SLACK))) {
    return `counts (${both} flagged on both sides, ${baseOnly} on the base only, ${updatedOnly} on the updated only, of ${n}) do not give its rates ${String(base)} -> ${String(updated)}`;
  }
  const { value, ci95 } = newcombePairedInterval(tableOfChange(change));
  if (!(Math.abs(change.value - value) <= SLACK)) return `${change.value} is not (updated_only - base_only) / n = ${value}`;
  if (!(Math.abs(change.ci95[0] - ci95[0]) <= SLACK && Math.abs(change.ci95[1] - ci95[1]) <= SLACK)) return `interval ${change.ci95[0]} to ${change.ci95[1]} is not Newcombe's for its counts (${ci95[0]} to ${ci95[1]})`;
  return undefined;
}
