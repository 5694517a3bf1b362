/**
 * The Markdown report: one renderer for the job summary (here) and the sticky pull-request
 * comment (comment.ts). Pure and deterministic. Laid out to be read in ten seconds at GitHub's
 * comment width:
 *
 *   the verdict line; one line per monitor that needs action, worst first, saying what moved past
 *   which tolerance and what to do (adopt a repaired probe, retrain); a table of at most five short
 *   columns (no horizontal scrolling at 780 px) with the fresh monitors collapsed behind one line;
 *   a collapsed chart of TPR and FPR at the deployed threshold, base vs updated; the collapsed
 *   details (DeLong p, the paired intervals, flips, predicted risk, reasons, repair candidates).
 *
 * Rows and action lines go by verdict severity (stale, error, predicted stale, inconclusive,
 * skipped, predicted fresh, fresh), then by how far the monitor degraded, then config order. Paths
 * are shown relative to the workspace (display-path.ts). When the result would pass a size limit it
 * degrades in stages, keeping what a reviewer needs most:
 *
 *   full           every monitor in the table and the chart, full details of every monitor
 *   failing        only the monitors that need attention (stale, errored, inconclusive), with details
 *   failing-table  only those monitors' table rows, no chart or details
 *   notice         the verdict, the counts and the blocking monitors, with a pointer to the full report
 */
import type { EstimatedRate, GateReport, MonitorEstimate, MonitorResult, PairedRateChange } from '../types.ts';
import type { MeasurementDecision } from '../detect/needs-measurement.ts';
import type { UpdateEvent } from '../detect/types.ts';
import { eventUnidentifiedFiles, eventView, monitorRepair, reportEvent, unidentifiedFiles, type UpdateEventView } from './extras.ts';
import { pathShower } from './display-path.ts';
import { verdictLine } from './verdict-line.ts';
import { clip, mdCode, mdText, mermaidLabel } from '../escape.ts';

export type ReportStage = 'full' | 'failing' | 'failing-table' | 'notice';
export const REPORT_STAGES: readonly ReportStage[] = ['full', 'failing', 'failing-table', 'notice'];

export interface RenderedMarkdown {
  markdown: string;
  /** How far the report had to degrade to fit its limit. */
  stage: ReportStage;
}

export interface ReportMarkdownOptions {
  /** Lines before the report (a hidden marker, say). Counted in the limit. */
  header?: readonly string[];
  /** Lines after the report (which pull request and commit, say). Counted in the limit. */
  footer?: readonly string[];
  /** Markdown naming where every monitor can still be read when some are left out. */
  elsewhere?: string;
  /** Size limit, in the unit `measure` counts. */
  limit: number;
  /** Sizes a candidate text: characters for a comment, UTF-8 bytes for a job summary. */
  measure: (text: string) => number;
  /** The limit in words, for the notice that says rows were left out. */
  limitName: string;
  /**
   * The workspace (an absolute path): the report's absolute paths are shown relative to it. Without
   * it, relative paths are shown as the report has them and absolute ones shortened to `…/a/b`.
   */
  root?: string;
}

/** GitHub's job summary holds 1 MiB per step. */
export const SUMMARY_MAX_BYTES = 1024 * 1024;

/** At most this many monitors in the chart; more bars than this cannot be read. */
export const CHART_MAX_MONITORS = 40;

/** The "Blocking:" line names this many monitors; the table and the JSON report have the rest. */
export const BLOCKING_LISTED = 20;

/** One action line each for this many monitors; the table has the rest. */
export const ACTIONS_LISTED = 10;

const VERDICT_MARK: Record<MonitorResult['verdict'], string> = {
  fresh: '✅ fresh',
  stale: '❌ stale',
  inconclusive: '⚠️ inconclusive',
  error: '💥 error',
  skipped: '⏭️ skipped',
  'predicted-stale': '🔮 predicted stale',
  'predicted-fresh': '🔮 predicted fresh',
};

/** Worst first: what fails a gate, then what may, then what needs no action. */
const SEVERITY: Record<MonitorResult['verdict'], number> = {
  stale: 0,
  error: 1,
  'predicted-stale': 2,
  inconclusive: 3,
  skipped: 4,
  'predicted-fresh': 5,
  fresh: 6,
};

const num = (x: number | undefined, digits = 3) => (x === undefined ? '–' : x.toFixed(digits));
const signed = (x: number | undefined, digits = 3) => (x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);
const pValue = (p: number | undefined) => (p === undefined ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A rate at the threshold: two decimals, as a reviewer compares them with a tolerance like 0.10. */
const rate = (x: number | undefined) => num(x, 2);

// Every string from a report may be untrusted (names from the pull request's files, a merged part's
// fields, onnxruntime's messages): it reaches Markdown only through escape.ts.
/** Free text: one line, no markup, mentions, links or HTML. */
export const text = (s: string) => mdText(String(s));
/** A code span that nothing in the value can end early. */
const code = (s: string) => mdCode(String(s));
/** A code span inside a table cell, where a pipe would end the cell. */
const codeCell = (s: string) => mdCode(String(s), { inTable: true });

/** Shows a report path: as the report has it (relative) unless told the workspace. */
type ShowPath = (p: string) => string;
const asReported: ShowPath = pathShower();

/** Appends without spreading: a report of many thousands of monitors would overflow the call stack. */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

const DECLARE_HELP_MARKDOWN = 'To say what it is, add `update: <family>` to the config or a `monitor-gate/<family>` label to the pull request.';

/** Monitors a reviewer has to look at: everything that is not fresh, measured or predicted. */
export const needsAttention = (m: MonitorResult) => m.verdict !== 'fresh' && m.verdict !== 'predicted-fresh';

/** Monitors with something to do: stale, errored, predicted stale, inconclusive (not skipped ones: nothing was run). */
export const needsAction = (m: MonitorResult) => m.verdict === 'stale' || m.verdict === 'error' || m.verdict === 'predicted-stale' || m.verdict === 'inconclusive';

/** Highest predicted risk first when the report has predictions; config order otherwise. (The terminal table's order.) */
export function inRiskOrder(rows: readonly MonitorResult[]): MonitorResult[] {
  if (!rows.every((m) => m.predicted)) return [...rows];
  return [...rows].sort((a, b) => a.predicted!.rank - b.predicted!.rank);
}

/**
 * How far a monitor degraded: its worst AUROC or TPR drop or FPR rise at the threshold, measured;
 * for one not measured, the same from the label-free estimate; 0 when neither exists.
 */
export function degradation(m: MonitorResult): number {
  const worst = (auroc: number, tpr: number, fpr: number) => Math.max(-auroc, -tpr, fpr);
  if (m.delta) return worst(m.delta.auroc, m.delta.tpr, m.delta.fpr);
  const e = m.predicted?.estimated;
  if (e) return worst(e.auroc_delta.value, e.tpr_delta.value, e.fpr_delta.value);
  return 0;
}

/** Verdict severity, then degradation (largest first), then the report's (config) order. Stable. */
export function inSeverityOrder(rows: readonly MonitorResult[]): MonitorResult[] {
  const severity = (m: MonitorResult) => SEVERITY[m.verdict] ?? SEVERITY.inconclusive;
  const keyed = rows.map((m, i) => ({ m, i, s: severity(m), d: degradation(m) }));
  keyed.sort((a, b) => a.s - b.s || b.d - a.d || a.i - b.i);
  return keyed.map((k) => k.m);
}

// ---------- pieces ----------

/** A pass that measured nothing with labels is never drawn green. */
function heading(report: GateReport): string {
  const s = report.summary;
  const measured = s.fresh + s.stale + s.inconclusive;
  const mark = report.verdict === 'fail' ? '❌' : measured > 0 ? '✅' : report.skipped ? '⏭️' : '🔮';
  const partial = report.shard ? ` (partial: shard ${report.shard.index}/${report.shard.count})` : '';
  const unmeasured = report.verdict === 'pass' && measured === 0 ? (report.skipped ? ' (nothing measured)' : ' (predicted, not measured)') : '';
  return `## ${mark} monitor-gate: **${report.verdict}**${unmeasured}${partial}`;
}

/** For an unknown update: which files touch the model, and how to say what the update is. */
function unknownEventNotice(report: GateReport): string[] {
  const files = unidentifiedFiles(report);
  const event = reportEvent(report);
  if (!event || event.family !== 'unknown') return [];
  const shown = files.slice(0, 10).map((f) => code(clip(f, 160)));
  const more = files.length > shown.length ? ` and ${files.length - shown.length} more` : '';
  return [
    '> [!WARNING]',
    `> The change touches the model, but monitor-gate could not tell what kind of update it is${shown.length ? ` (${shown.join(', ')}${more})` : ''}, so every monitor was measured.`,
    `> ${DECLARE_HELP_MARKDOWN}`,
  ];
}

function countsLine(report: GateReport): string {
  const s = report.summary;
  const parts = [plural(s.monitors, 'monitor'), `${s.fresh} fresh`, `${s.stale} stale`];
  if (s.inconclusive) parts.push(`${s.inconclusive} inconclusive`);
  if (s.error) parts.push(`${s.error} errored`);
  if (s.predicted_stale) parts.push(`${s.predicted_stale} predicted stale`);
  if (s.predicted_fresh) parts.push(`${s.predicted_fresh} predicted fresh`);
  return parts.join(' · ');
}

function blockingLine(ids: readonly string[], shown = Math.min(ids.length, BLOCKING_LISTED)): string {
  const listed = ids.slice(0, shown).map(code).join(', ');
  const rest = ids.length - shown;
  return `Blocking: ${listed}${rest > 0 ? `${shown > 0 ? ', ' : ''}and ${rest} more` : ''}`;
}

function eventSummary(event: UpdateEventView): string {
  if (event.family === 'none' && !event.declared) return '**Update event:** none detected';
  const parts = [code(event.family)];
  if (event.sub_kind) parts.push(`sub-kind ${code(event.sub_kind)}`);
  if (event.declared) {
    parts.push(`declared in ${code(event.declared)}`);
    if (event.detected) parts.push(`detection found ${code(event.detected.family)}${event.detected.confidence !== undefined ? ` (confidence ${event.detected.confidence.toFixed(2)})` : ''}`);
  } else if (event.confidence !== undefined) {
    parts.push(`confidence ${event.confidence.toFixed(2)}`);
  }
  const facts = event.evidence.filter((e) => e.kind === 'fact');
  const shown = facts.slice(0, 3).map((e) => code(clip(e.line ? `${e.file}:${e.line}` : e.file, 120)));
  const more = facts.length - shown.length;
  const evidence = shown.length > 0 ? ` — evidence ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : '';
  return `**Update event:** ${parts.join(' · ')}${evidence}`;
}

function predictionLine(report: GateReport): string | undefined {
  const p = report.prediction;
  if (!p || p.mode === 'measure-all') return undefined;
  const what =
    p.mode === 'predict-only'
      ? 'predict-only: no monitor was measured with labels'
      : `revalidation budget ${code(p.budget?.requested ?? '?')} measured the ${plural(p.budget?.measured ?? 0, 'highest-risk monitor')}`;
  const policy = p.fail_on_predicted ? 'a predicted-stale blocking monitor fails the gate' : 'predictions only advise';
  return `**Prediction:** ${what} · risk threshold ${p.risk_threshold} · ${policy} · predictor ${code(p.predictor)}`;
}

/** What to do with the repair: adopt the written probe, or retrain (nothing was written). */
export function repairAdvice(m: MonitorResult, show: ShowPath = asReported): string | undefined {
  const r = monitorRepair(m);
  if (!r) return undefined;
  if (r.verdict_after === undefined) {
    const e = m.repair?.estimated;
    const est = e ? `estimated TPR ${num(e.tpr.base, 2)} → ${num(e.tpr.updated, 2)}, FPR ${num(e.fpr.base, 2)} → ${num(e.fpr.updated, 2)} at the same threshold, no labels read` : 'no estimate';
    return `unverified repair ${r.file ? code(show(r.file)) : '(not written)'} (${code(r.method)}; ${est}): measure it with labels before adopting it`;
  }
  const rates = `TPR ${num(m.updated?.tpr, 2)} → ${num(r.tpr, 2)}, FPR ${num(m.updated?.fpr, 2)} → ${num(r.fpr, 2)} at the same threshold (base ${num(m.base?.tpr, 2)} / ${num(m.base?.fpr, 2)})`;
  if (r.verdict_after === 'fresh' && r.file) return `adopt the repaired probe ${code(show(r.file))} (${code(r.method)}): ${rates}`;
  return `no label-free repair restores this monitor (best: ${code(r.method)}, ${rates}): retrain it`;
}

/** The repair's candidates, for a monitor's details: "`probe-space` 0.012 (flips 3.1%) · ...". */
function repairCandidates(m: MonitorResult): string | undefined {
  const r = monitorRepair(m);
  if (!r || r.candidates.length === 0) return undefined;
  const one = (c: (typeof r.candidates)[number]) => {
    const facts = [c.flipRate !== undefined ? `flips ${percent(c.flipRate)}` : '', c.missRate !== undefined ? `misses ${percent(c.missRate)}` : '', c.falseOnRate !== undefined ? `false alarms ${percent(c.falseOnRate)}` : '', c.fellBackTo ? `fell back to ${code(c.fellBackTo)}` : '']
      .filter(Boolean)
      .join(', ');
    // Scores span decades: three significant digits; below 0.001 (a near-exact realignment, float noise) as such.
    const score = c.heldOutScore === undefined ? '–' : Math.abs(c.heldOutScore) < 0.001 ? '<0.001' : c.heldOutScore.toPrecision(3);
    return `${code(c.method)} ${score}${facts ? ` (${facts})` : ''}`;
  };
  return `- repair candidates (label-free held-out score, lower is better): ${r.candidates.map(one).join(' · ')}`;
}

// ---------- action lines ----------

type Criterion = 'tpr' | 'fpr' | 'auroc';

/** One tolerance the verdict compared, read back from its reason (verdict.ts writes them). */
interface ReasonCriterion {
  criterion: Criterion;
  /** The tolerance as the config gave it. */
  tolerance: string;
  /** require-significance: reached but not counted, its interval still holds the tolerance. */
  counted: boolean;
}

const CRITERION_REASON = /^(AUROC|TPR at the deployed threshold|FPR at the deployed threshold) (?:dropped|rose) [-+0-9.e]+ \([-+0-9.e]+ -> [-+0-9.e]+; tolerance ([0-9][0-9.e+-]*?)(\)|;)(.*)$/;

/** A reason verdict.ts wrote for a tolerance, or undefined for any other reason (kept as text). */
function reasonCriterion(reason: string): ReasonCriterion | undefined {
  const match = CRITERION_REASON.exec(reason);
  if (!match || !Number.isFinite(Number(match[2]))) return undefined;
  const criterion: Criterion = match[1] === 'AUROC' ? 'auroc' : match[1].startsWith('TPR') ? 'tpr' : 'fpr';
  return { criterion, tolerance: match[2], counted: !/not counted/.test(match[4]) };
}

/** "0.10" for 0.1, "0.025" for 0.025: at least the two decimals the rates are shown with. */
function toleranceText(t: string): string {
  const shortest = String(Number(t));
  if (/e/.test(shortest)) return shortest;
  return Number(t).toFixed(Math.max(2, shortest.split('.')[1]?.length ?? 0));
}

const CRITERION_NAME: Record<Criterion, string> = { tpr: 'TPR at the deployed threshold', fpr: 'FPR at the deployed threshold', auroc: 'AUROC' };

/** "TPR at the deployed threshold 0.88 → 0.23, tolerance 0.10"; AUROC with three decimals. */
function criterionText(m: MonitorResult, c: Criterion, tolerance?: string): string {
  const digits = c === 'auroc' ? 3 : 2;
  const moved = m.base && m.updated ? ` ${num(m.base[c], digits)} → ${num(m.updated[c], digits)}` : '';
  return `${CRITERION_NAME[c]}${moved}${tolerance !== undefined ? `, tolerance ${toleranceText(tolerance)}` : ''}`;
}

/**
 * What the measurement says: each tolerance reached (operating point first), then AUROC for context,
 * then any other reason (a failed repair, say); an inconclusive monitor's own reason comes first.
 */
function measuredFindings(m: MonitorResult): string[] {
  const found: Array<ReasonCriterion> = [];
  const other: string[] = [];
  for (const reason of m.reasons) {
    const c = reasonCriterion(reason);
    if (c) found.push(c);
    else other.push(text(clip(reason, 200)));
  }
  const order: Criterion[] = ['tpr', 'fpr', 'auroc'];
  found.sort((a, b) => Number(b.counted) - Number(a.counted) || order.indexOf(a.criterion) - order.indexOf(b.criterion));
  const parts = found.map((c) => `${criterionText(m, c.criterion, c.tolerance)}${c.counted ? '' : ', not significant'}`);
  if (m.base && m.updated && !found.some((c) => c.criterion === 'auroc')) parts.push(criterionText(m, 'auroc'));
  return m.verdict === 'inconclusive' ? [...other, ...parts] : [...parts, ...other];
}

/** One line for a monitor that needs action: what moved past which tolerance, and what to do. */
function actionLine(m: MonitorResult, report: GateReport, show: ShowPath): string {
  const parts: string[] = [];
  if (m.verdict === 'error') {
    parts.push(`error: ${text(clip(m.error ?? 'no message', 300))}`);
  } else if (m.verdict === 'predicted-stale') {
    const threshold = report.prediction?.risk_threshold;
    parts.push(`predicted stale, not measured (risk ${num(m.predicted?.risk, 2)}${threshold !== undefined ? ` ≥ ${threshold}` : ''})`);
    const e = m.predicted?.estimated;
    if (e) parts.push(`estimated TPR ${rate(e.tpr.base)} → ${rate(e.tpr.updated)}, FPR ${rate(e.fpr.base)} → ${rate(e.fpr.updated)} at the deployed threshold`);
  } else {
    if (m.verdict === 'inconclusive') parts.push('inconclusive');
    append(parts, measuredFindings(m));
  }
  const advice = repairAdvice(m, show);
  if (advice) parts.push(advice);
  return `- ${code(m.id)} (${m.blocking ? 'blocking' : 'advisory'}): ${parts.join('; ')}`;
}

/** The action lines, worst first, ACTIONS_LISTED at most. */
function actionLines(report: GateReport, ordered: readonly MonitorResult[], show: ShowPath): string[] {
  const acting = ordered.filter(needsAction);
  const lines = acting.slice(0, ACTIONS_LISTED).map((m) => actionLine(m, report, show));
  if (acting.length > ACTIONS_LISTED) lines.push(`- and ${plural(acting.length - ACTIONS_LISTED, 'more monitor')} in the table below`);
  return lines;
}

// ---------- table ----------

/**
 * The table's mark on a rate that changed but whose 95% interval still holds "no change": the change
 * may rest on a handful of rows (the details give the interval and how many rows changed).
 */
function notSignificant(change: PairedRateChange | undefined): string {
  return change && change.value !== 0 && change.ci95[0] <= 0 && change.ci95[1] >= 0 ? ' (n.s.)' : '';
}

/** A rate cell: measured base → updated, or the label-free estimate when nothing was measured. */
function rateCell(m: MonitorResult, which: 'tpr' | 'fpr'): string {
  if (m.base && m.updated) return `${rate(m.base[which])} → ${rate(m.updated[which])}${notSignificant(which === 'tpr' ? m.tests?.tpr_change : m.tests?.fpr_change)}`;
  const e: EstimatedRate | undefined = m.predicted?.estimated?.[which];
  return e ? `est. ${rate(e.base)} → ${rate(e.updated)}` : '–';
}

const TABLE_HEAD = ['| monitor | verdict | TPR at threshold | FPR at threshold | AUROC |', '|---|---|---|---|---|'];

/** One table row: five short columns, so the table fits a comment without scrolling. */
export function monitorRow(m: MonitorResult): string {
  const auroc = m.base && m.updated ? `${num(m.base.auroc)} → ${num(m.updated.auroc)}` : '–';
  const advisory = m.blocking ? '' : ' (advisory)';
  return `| ${codeCell(m.id)}${advisory} | ${VERDICT_MARK[m.verdict] ?? text(m.verdict)} | ${rateCell(m, 'tpr')} | ${rateCell(m, 'fpr')} | ${auroc} |`;
}


function table(rows: readonly MonitorResult[]): string[] {
  const lines = [...TABLE_HEAD];
  for (const m of rows) lines.push(monitorRow(m));
  return lines;
}

/** The monitors that need no action, behind one line: "✅ 9 fresh monitors". */
function quietTable(rows: readonly MonitorResult[]): string[] {
  const fresh = rows.filter((m) => m.verdict === 'fresh').length;
  const predicted = rows.length - fresh;
  const what =
    predicted === 0 ? `✅ ${plural(fresh, 'fresh monitor')}` : fresh === 0 ? `🔮 ${plural(predicted, 'monitor')} predicted fresh` : `✅ ${fresh} fresh and 🔮 ${predicted} predicted fresh monitors`;
  return ['<details>', `<summary>${what}</summary>`, '', ...table(rows), '', '</details>'];
}

// ---------- chart ----------

/** The chart's height in pixels: room for every label (Mermaid's default 500 crowds 12 or more). */
function chartHeight(n: number): number {
  return Math.max(200, 90 + 26 * n);
}

/**
 * TPR and FPR at each monitor's deployed threshold, base vs updated, as two horizontal Mermaid
 * xycharts (GitHub renders ```mermaid blocks; horizontal keeps 12 or more labels readable): bars are
 * the base model, the line the updated one. These two rates decide most verdicts; AUROC can stay flat
 * while the FPR at the threshold goes from 0.05 to 1. With more than CHART_MAX_MONITORS monitors the
 * charts show those whose TPR or FPR moved most, in table order. A caption says the same in words
 * for readers where Mermaid does not render (mail, some clients); the table has the numbers.
 */
export function rateCharts(rows: readonly MonitorResult[]): string[] {
  const measured = rows.filter((m) => m.base && m.updated);
  if (measured.length === 0) return [];
  let shown = measured;
  if (measured.length > CHART_MAX_MONITORS) {
    const moved = (m: MonitorResult) => Math.max(Math.abs(m.updated!.tpr - m.base!.tpr), Math.abs(m.updated!.fpr - m.base!.fpr));
    const keep = new Set(
      measured
        .map((m, i) => ({ m, i }))
        .sort((a, b) => moved(b.m) - moved(a.m) || a.i - b.i)
        .slice(0, CHART_MAX_MONITORS)
        .map((k) => k.m),
    );
    shown = measured.filter((m) => keep.has(m));
  }
  const which = shown.length < measured.length ? `the ${shown.length} monitors of ${measured.length} whose TPR or FPR moved most` : plural(shown.length, 'monitor');
  const labels = shown.map((m) => `"${mermaidLabel(m.id)}"`).join(', ');
  const series = (get: (m: MonitorResult) => number) => `[${shown.map((m) => get(m).toFixed(3)).join(', ')}]`;
  const chart = (rateName: 'TPR' | 'FPR', key: 'tpr' | 'fpr') => [
    '```mermaid',
    `%%{init: {"xyChart": {"height": ${chartHeight(shown.length)}}}}%%`,
    'xychart-beta horizontal',
    `  title "${rateName} at the deployed threshold (bars: base, line: updated)"`,
    `  x-axis [${labels}]`,
    `  y-axis "${rateName}" 0 --> 1`,
    `  bar ${series((m) => m.base![key])}`,
    `  line ${series((m) => m.updated![key])}`,
    '```',
  ];
  return [
    `TPR and FPR at each monitor's deployed threshold for ${which}: bars are the base model, the line the updated model; the table above has the same numbers.`,
    '',
    ...chart('TPR', 'tpr'),
    '',
    ...chart('FPR', 'fpr'),
  ];
}

function chartSection(rows: readonly MonitorResult[]): string[] {
  const charts = rateCharts(rows);
  if (charts.length === 0) return [];
  return ['<details>', '<summary>Chart: TPR and FPR at the deployed threshold, base vs updated</summary>', '', ...charts, '', '</details>'];
}

// ---------- details ----------

/** "Δ -0.250, 95% CI -0.475 to +0.000; 3 of 12 positive rows changed", for a monitor's details. */
function changeWithInterval(change: PairedRateChange, rows: string): string {
  const changed = change.base_only + change.updated_only;
  return `Δ ${signed(change.value)}, 95% CI ${signed(change.ci95[0])} to ${signed(change.ci95[1])}; ${changed} of ${plural(change.n, rows)} changed`;
}

/** The label-free estimate, for a monitor's details. */
function estimateLine(e: MonitorEstimate): string {
  const labels = e.soft_labels === 'raw' ? 'raw soft labels: the base probe\'s own probabilities, no labels read' : e.soft_labels === 'platt' ? 'Platt-calibrated soft labels' : 'base labels';
  const range = (i: [number, number], digits = 2) => `95% ${num(i[0], digits)} to ${num(i[1], digits)}`;
  return (
    `- estimated without labels (${labels}; ${e.rows.rows} ${text(e.rows.source)} rows${e.transported_onto ? `, their drift carried onto ${e.transported_onto.rows} base ${text(e.transported_onto.source)} rows` : ''}): ` +
    `TPR ${num(e.tpr.base, 2)} → ${num(e.tpr.updated, 2)} (${range(e.tpr.interval)}) · FPR ${num(e.fpr.base, 2)} → ${num(e.fpr.updated, 2)} (${range(e.fpr.interval)}) · ` +
    `AUROC Δ ${signed(e.auroc_delta.value)} (${range(e.auroc_delta.interval, 3)}) · score ${num(e.score, 2)} (1 = the stale line)`
  );
}

/** Whether the monitor was measured, and whether the prediction agreed with the measurement. */
function measuredText(m: MonitorResult): string {
  const p = m.predicted;
  if (!p) return '';
  if (!p.measured) return 'not measured';
  if (p.agrees === undefined) return 'measured';
  return p.agrees ? 'measured, the prediction agreed' : 'measured, the prediction missed';
}

function eventDetails(event: UpdateEventView): string[] {
  const lines = [eventSummary(event).replace(/ — evidence .*$/, '')];
  if (event.attributes.length > 0) lines.push(`- attributes: ${event.attributes.map(([k, v]) => `${code(k)} ${text(clip(v, 200))}`).join(' · ')}`);
  if (event.evidence.length > 0) {
    lines.push('- evidence:');
    for (const e of event.evidence) {
      const tag = e.kind === 'fact' ? '' : ` (${e.kind})`;
      lines.push(`  - ${code(e.line ? `${e.file}:${e.line}` : e.file)}${tag}${e.reason ? `: ${text(e.reason)}` : ''}`);
    }
  }
  return lines;
}

function monitorDetails(m: MonitorResult, show: ShowPath): string[] {
  const facts = [VERDICT_MARK[m.verdict] ?? text(m.verdict), text(m.category)];
  if (m.layer !== null) facts.push(`layer ${m.layer}`);
  facts.push(m.blocking ? 'blocking' : 'advisory');
  if (m.threshold !== undefined) facts.push(`threshold ${num(m.threshold)}`);
  if (m.tests?.require_significance) facts.push('significance required');
  facts.push(`declared at ${code(`${show(m.source.file)}:${m.source.line}`)}`);
  const lines = [`**${code(m.id)}** · ${facts.join(' · ')}`];
  if (m.rows) lines.push(`- rows: ${m.rows.total} (${m.rows.positives} positive, ${m.rows.negatives} negative)`);
  if (m.base && m.updated) {
    const d = m.tests?.delong;
    const test = d ? `; DeLong p ${pValue(d.p_value)}, 95% CI ${signed(d.ci95[0])} to ${signed(d.ci95[1])}` : '';
    lines.push(`- AUROC ${num(m.base.auroc)} → ${num(m.updated.auroc)} (Δ ${signed(m.delta?.auroc)}${test})`);
    const tprChange = m.tests?.tpr_change ? ` (${changeWithInterval(m.tests.tpr_change, 'positive row')})` : '';
    const fprChange = m.tests?.fpr_change ? ` (${changeWithInterval(m.tests.fpr_change, 'negative row')})` : '';
    lines.push(`- at the threshold: TPR ${num(m.base.tpr)} → ${num(m.updated.tpr)}${tprChange} · FPR ${num(m.base.fpr)} → ${num(m.updated.fpr)}${fprChange}`);
    lines.push(`- recall at 1% FPR ${num(m.base.recall_at_1fpr)} → ${num(m.updated.recall_at_1fpr)} · at 5% FPR ${num(m.base.recall_at_5fpr)} → ${num(m.updated.recall_at_5fpr)}`);
  }
  if (m.shift) lines.push(`- label-free shift: KS ${num(m.shift.ks)} · PSI ${num(m.shift.psi)} · decision flips ${percent(m.shift.flip_rate)}`);
  if (m.predicted) {
    const p = m.predicted;
    const top = p.top.map((t) => `${code(t.feature)} ${signed(t.contribution, 2)}`).join(', ');
    const rows = p.drift_rows ? ` · drift on ${p.drift_rows.rows} unlabeled ${text(p.drift_rows.source)} rows` : '';
    lines.push(`- predicted risk ${num(p.risk, 2)} (rank ${p.rank}; ${measuredText(m)})${top ? `; largest contributions (logit): ${top}` : ''}${rows}`);
    if (p.estimated) lines.push(estimateLine(p.estimated));
  }
  if (monitorRepair(m)) {
    lines.push(`- repair: ${repairAdvice(m, show)}`);
    const candidates = repairCandidates(m);
    if (candidates) lines.push(candidates);
  }
  for (const reason of m.reasons) lines.push(`- why: ${text(reason)}`);
  if (m.error) lines.push(`- error: ${text(m.error)}`);
  return lines;
}

function details(report: GateReport, rows: readonly MonitorResult[], event: UpdateEventView | undefined, show: ShowPath): string[] {
  if (rows.length === 0 && !event) return [];
  const what = rows.length === report.monitors.length ? plural(rows.length, 'monitor') : `${plural(rows.length, 'monitor')} that need attention`;
  const lines = ['<details>', `<summary>Details: ${event ? 'update event and ' : ''}${what}</summary>`, ''];
  if (event) append(lines, [...eventDetails(event), '']);
  for (const m of rows) {
    append(lines, monitorDetails(m, show));
    lines.push('');
  }
  lines.push('</details>');
  return lines;
}

/** The fine-tuning samples that push the monitors hardest, as file:line, with their push. */
function sampleRiskSection(report: GateReport, show: ShowPath): string[] {
  const risk = report.sample_risk;
  if (!risk) return [];
  if (risk.error !== undefined) return ['> [!WARNING]', `> The sample-risk batch ${code(show(risk.batch))} could not be read: ${text(risk.error)}`];
  const lines = [
    `**Training samples that push the monitors hardest** (${plural(risk.samples, 'sample')} scored in ${code(show(risk.batch))}; push: how far one gradient step on the sample moves the monitor's pooled activation along its probe direction; × typical: over the monitor's RMS push):`,
    '',
  ];
  if (risk.top.length === 0) return [...lines, 'No sample is scored for a monitor of this config.'];
  lines.push('| sample | monitor | push | × typical |', '|---|---|---|---|');
  for (const t of risk.top) lines.push(`| ${codeCell(`${t.file}:${t.line}`)} | ${codeCell(t.monitor)} | ${signed(t.push, 4)} | ${t.ratio.toFixed(1)} |`);
  const drift = risk.monitors.filter((m) => m.rms_push > 0).map((m) => `${code(m.id)} ${signed(m.mean_push, 4)}`);
  if (drift.length > 0) lines.push('', `Mean push over the dataset: ${drift.join(', ')}.`);
  const unscored = risk.unscored_monitors ?? [];
  if (unscored.length > 0) lines.push('', `Not scored in the batch: ${unscored.map(code).join(', ')}.`);
  return lines;
}

function provenance(report: GateReport, show: ShowPath): string {
  const commit = report.commit ? `, commit ${code(report.commit.slice(0, 12))}` : '';
  return (
    `<sub>Base activations ${code(show(report.activations.base))}, updated ${code(show(report.activations.updated))}, config ${code(show(report.config))}${commit}. ` +
    `TPR/FPR are at each monitor's deployed threshold (flag if score > threshold). monitor-gate ${text(report.tool.version)}.</sub>`
  );
}

// ---------- stages ----------

function renderStage(report: GateReport, stage: ReportStage, o: ReportMarkdownOptions, blockingShown?: number): string {
  const show = o.root !== undefined ? pathShower(o.root) : asReported;
  const event = reportEvent(report);
  const ordered = inSeverityOrder(report.monitors);
  const attention = ordered.filter(needsAttention);
  const quiet = ordered.filter((m) => !needsAttention(m));
  const lines: string[] = [...(o.header ?? [])];
  lines.push(heading(report), '', text(verdictLine(report)));
  // The verdict, then what to do about each monitor that needs it; the notice names the blocking ones only.
  const blocking = report.summary.blocking_failures;
  if (stage === 'notice') {
    if (blocking.length > 0) lines.push('', blockingLine(blocking, blockingShown));
  } else {
    const actions = actionLines(report, ordered, show);
    if (actions.length > 0) lines.push('', ...actions);
  }
  if (event) lines.push('', eventSummary(event));
  const unknown = unknownEventNotice(report);
  if (unknown.length > 0) lines.push('', ...unknown);
  const prediction = predictionLine(report);
  if (prediction) lines.push('', prediction);
  if (report.shard) lines.push('', `This is one part of a sharded run; the gate verdict comes from merging the ${report.shard.count} partial reports.`);
  lines.push('');

  const elsewhere = o.elsewhere ?? 'the JSON report';
  if (stage === 'notice') {
    lines.push(countsLine(report), '');
    lines.push('> [!NOTE]', `> The full table is left out to stay under ${o.limitName}; ${elsewhere} has every monitor and the details.`, '');
  } else {
    const left = stage === 'full' ? 0 : quiet.length;
    if (left > 0) {
      const omitted = stage === 'failing-table' ? `${plural(left, 'fresh monitor')} and the details are` : `${plural(left, 'fresh monitor')} ${left === 1 ? 'is' : 'are'}`;
      lines.push('> [!NOTE]', `> ${omitted} left out to stay under ${o.limitName}; ${elsewhere} has every monitor.`, '');
    } else if (stage === 'failing-table') {
      lines.push('> [!NOTE]', `> The details are left out to stay under ${o.limitName}; ${elsewhere} has them.`, '');
    }
    lines.push(countsLine(report), '');
    if (attention.length > 0) {
      append(lines, table(attention));
      lines.push('');
    }
    if (stage === 'full' && quiet.length > 0) {
      append(lines, quietTable(quiet));
      lines.push('');
    } else if (report.monitors.length === 0) {
      lines.push('No monitors were measured.', '');
    } else if (attention.length === 0) {
      lines.push(report.monitors.some((m) => m.verdict === 'predicted-fresh') ? `All ${plural(report.monitors.length, 'monitor')} are fresh or predicted fresh.` : report.monitors.length === 1 ? 'The monitor is fresh.' : `All ${report.monitors.length} monitors are fresh.`, '');
    }
    if (stage !== 'failing-table') {
      const rows = stage === 'full' ? ordered : attention;
      const chart = chartSection(rows);
      if (chart.length > 0) append(lines, [...chart, '']);
      const more = details(report, rows, event, show);
      if (more.length > 0) append(lines, [...more, '']);
      const samples = sampleRiskSection(report, show);
      if (samples.length > 0) append(lines, [...samples, '']);
    }
  }
  lines.push(provenance(report, show));
  if (o.footer && o.footer.length > 0) append(lines, o.footer);
  return lines.join('\n') + '\n';
}

/** Renders the report in the first stage that fits `options.limit`. Deterministic. */
export function renderReportMarkdown(report: GateReport, options: ReportMarkdownOptions): RenderedMarkdown {
  for (const stage of REPORT_STAGES) {
    if (stage === 'notice') break;
    // When every monitor needs attention, 'failing' would render the same text as 'full'.
    if (stage === 'failing' && report.monitors.every(needsAttention)) continue;
    const markdown = renderStage(report, stage, options);
    if (options.measure(markdown) <= options.limit) return { markdown, stage };
  }
  // The notice lists as many blocking monitors as fit (BLOCKING_LISTED at most).
  const ids = Math.min(report.summary.blocking_failures.length, BLOCKING_LISTED);
  let markdown = renderStage(report, 'notice', options);
  if (options.measure(markdown) > options.limit) {
    let lo = 0;
    let hi = ids;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (options.measure(renderStage(report, 'notice', options, mid)) <= options.limit) lo = mid;
      else hi = mid - 1;
    }
    markdown = renderStage(report, 'notice', options, lo);
  }
  return { markdown, stage: 'notice' };
}

/** The job summary, under GitHub's 1 MiB per step. */
export function renderSummary(report: GateReport, options: Partial<ReportMarkdownOptions> = {}): RenderedMarkdown {
  return renderReportMarkdown(report, {
    limit: SUMMARY_MAX_BYTES,
    measure: (s) => Buffer.byteLength(s, 'utf8'),
    limitName: "GitHub's 1 MiB job-summary limit",
    ...options,
  });
}

/** The Markdown report as one string (the CLI's --markdown, the job summary). */
export function renderMarkdown(report: GateReport, options: Partial<ReportMarkdownOptions> = {}): string {
  return renderSummary(report, options).markdown;
}

/** mode: detect's job summary: the update, whether it needs measuring and why. */
export function renderDetectionMarkdown(event: UpdateEvent | undefined, decision: MeasurementDecision): string {
  const view = eventView(event);
  const lines = [`## ${decision.measure ? '🔎' : '⏭️'} monitor-gate detect: **${decision.measure ? 'needs measurement' : 'no measurement needed'}**`, '', text(decision.reason)];
  if (view) {
    lines.push('', eventSummary(view));
    if (view.family === 'unknown') {
      const files = eventUnidentifiedFiles(view).slice(0, 10).map((f) => code(clip(f, 160)));
      lines.push('', '> [!WARNING]', `> These files touch the model in a way monitor-gate cannot identify: ${files.join(', ') || 'none listed'}.`, `> ${DECLARE_HELP_MARKDOWN}`);
    }
    lines.push('', '<details>', '<summary>Details: update event</summary>', '', ...eventDetails(view), '', '</details>');
  }
  return lines.join('\n') + '\n';
}

