/**
 * The Markdown report: one renderer for the job summary (here) and the sticky pull-request
 * comment (comment.ts). Pure and deterministic. When the result would pass a size limit it
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
}

/** GitHub's job summary holds 1 MiB per step. */
export const SUMMARY_MAX_BYTES = 1024 * 1024;

/** At most this many monitors in the chart; more bars than this cannot be read. */
export const CHART_MAX_MONITORS = 40;

/** The "Blocking:" line names this many monitors; the table and the JSON report have the rest. */
export const BLOCKING_LISTED = 20;

const VERDICT_MARK: Record<MonitorResult['verdict'], string> = {
  fresh: '✅ fresh',
  stale: '❌ stale',
  inconclusive: '⚠️ inconclusive',
  error: '💥 error',
  skipped: '⏭️ skipped',
  'predicted-stale': '🔮 predicted stale',
  'predicted-fresh': '🔮 predicted fresh',
};

const verdictMark = (v: string) => VERDICT_MARK[v as MonitorResult['verdict']] ?? v;
const num = (x: number | undefined, digits = 3) => (x === undefined ? '–' : x.toFixed(digits));
const signed = (x: number | undefined, digits = 3) => (x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);
const pValue = (p: number | undefined) => (p === undefined ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// Every string from a report may be untrusted (names from the pull request's files, a merged part's
// fields, onnxruntime's messages): it reaches Markdown only through escape.ts.
/** Free text: one line, no markup, mentions, links or HTML. */
export const text = (s: string) => mdText(String(s));
/** A table cell's free text (mdText escapes pipes too). */
const cell = text;
/** A code span that nothing in the value can end early. */
const code = (s: string) => mdCode(String(s));
/** A code span inside a table cell, where a pipe would end the cell. */
const codeCell = (s: string) => mdCode(String(s), { inTable: true });

/** Appends without spreading: a report of many thousands of monitors would overflow the call stack. */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

const DECLARE_HELP_MARKDOWN = 'To say what it is, add `update: <family>` to the config or a `monitor-gate/<family>` label to the pull request.';

/** Monitors a reviewer has to look at: everything that is not fresh, measured or predicted. */
export const needsAttention = (m: MonitorResult) => m.verdict !== 'fresh' && m.verdict !== 'predicted-fresh';

/** Highest predicted risk first when the report has predictions; config order otherwise. */
export function inRiskOrder(rows: readonly MonitorResult[]): MonitorResult[] {
  if (!rows.every((m) => m.predicted)) return [...rows];
  return [...rows].sort((a, b) => a.predicted!.rank - b.predicted!.rank);
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

function riskCell(m: MonitorResult): string {
  return m.predicted ? `${num(m.predicted.risk, 2)} (#${m.predicted.rank})` : '–';
}

function measuredCell(m: MonitorResult): string {
  const p = m.predicted;
  if (!p) return '–';
  if (!p.measured) return 'no';
  if (p.agrees === undefined) return 'yes';
  return p.agrees ? 'yes · prediction agreed' : 'yes · prediction missed';
}

function repairCell(m: MonitorResult, inTable = false): string {
  const r = monitorRepair(m);
  if (!r) return '–';
  const metrics = [r.auroc !== undefined ? `AUROC ${num(r.auroc)}` : '', r.tpr !== undefined ? `TPR ${num(r.tpr)}` : '', r.fpr !== undefined ? `FPR ${num(r.fpr)}` : '']
    .filter(Boolean)
    .join(', ');
  const after = r.verdict_after ? ` → ${verdictMark(r.verdict_after)}` : '';
  return `${inTable ? codeCell(r.method) : code(r.method)}${metrics ? `: ${metrics}` : ''}${after}`;
}

/** What to do with the repair: adopt the written probe, or retrain (nothing was written). */
export function repairAdvice(m: MonitorResult): string | undefined {
  const r = monitorRepair(m);
  if (!r) return undefined;
  if (r.verdict_after === undefined) {
    const e = m.repair?.estimated;
    const est = e ? `estimated TPR ${num(e.tpr.base, 2)} → ${num(e.tpr.updated, 2)}, FPR ${num(e.fpr.base, 2)} → ${num(e.fpr.updated, 2)} at the same threshold, no labels read` : 'no estimate';
    return `unverified repair ${r.file ? code(r.file) : '(not written)'} (${code(r.method)}; ${est}): measure it with labels before adopting it`;
  }
  const rates = `TPR ${num(m.updated?.tpr, 2)} → ${num(r.tpr, 2)}, FPR ${num(m.updated?.fpr, 2)} → ${num(r.fpr, 2)} at the same threshold (base ${num(m.base?.tpr, 2)} / ${num(m.base?.fpr, 2)})`;
  if (r.verdict_after === 'fresh' && r.file) return `adopt the repaired probe ${code(r.file)} (${code(r.method)}): ${rates}`;
  return `no label-free repair restores this monitor (best: ${code(r.method)}, ${rates}): retrain it`;
}

/**
 * One table row; `withRepair` adds the repair column (only when some monitor was repaired),
 * `withPrediction` the risk and measured columns (only when the report has predictions).
 */
export function monitorRow(m: MonitorResult, withRepair = false, withPrediction = false): string {
  const auroc = m.base && m.updated ? `${num(m.base.auroc)} → ${num(m.updated.auroc)} (${signed(m.delta?.auroc)}, p ${pValue(m.tests?.delong.p_value)})` : '–';
  const est = m.predicted?.estimated;
  const tpr = withEstimate(m.base && m.updated ? `${num(m.base.tpr)} → ${num(m.updated.tpr)}${notSignificant(m.tests?.tpr_change)}` : undefined, est?.tpr);
  const fpr = withEstimate(m.base && m.updated ? `${num(m.base.fpr)} → ${num(m.updated.fpr)}${notSignificant(m.tests?.fpr_change)}` : undefined, est?.fpr);
  const flips = m.shift ? percent(m.shift.flip_rate) : '–';
  const why = m.verdict === 'error' ? (m.error ?? 'error') : m.reasons.join('; ') || '–';
  const blocking = m.blocking ? '' : ' (advisory)';
  const repair = withRepair ? ` ${repairCell(m, true)} |` : '';
  return `| ${codeCell(m.id)}${blocking} | ${cell(m.category)} | ${m.layer ?? '–'} | ${VERDICT_MARK[m.verdict]} |${withPrediction ? ` ${riskCell(m)} | ${measuredCell(m)} |` : ''} ${auroc} | ${tpr} | ${fpr} | ${flips} |${repair} ${cell(clip(why, 400))} |`;
}

/**
 * The table's mark on a rate that changed but whose 95% interval still holds "no change": the change
 * may rest on a handful of rows (the details give the interval and how many rows changed).
 */
function notSignificant(change: PairedRateChange | undefined): string {
  return change && change.value !== 0 && change.ci95[0] <= 0 && change.ci95[1] >= 0 ? ' (n.s.)' : '';
}

/** "Δ -0.250, 95% CI -0.475 to +0.000; 3 of 12 positive rows changed", for a monitor's details. */
function changeWithInterval(change: PairedRateChange, rows: string): string {
  const changed = change.base_only + change.updated_only;
  return `Δ ${signed(change.value)}, 95% CI ${signed(change.ci95[0])} to ${signed(change.ci95[1])}; ${changed} of ${plural(change.n, rows)} changed`;
}

/** A measured rate with the label-free estimate beside it; the estimate alone when nothing was measured. */
function withEstimate(measured: string | undefined, estimated: EstimatedRate | undefined): string {
  const e = estimated ? `est. ${num(estimated.base, 2)} → ${num(estimated.updated, 2)}` : undefined;
  if (measured && e) return `${measured} (${e})`;
  return measured ?? e ?? '–';
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

function table(rows: readonly MonitorResult[], withRepair: boolean): string[] {
  const withPrediction = rows.some((m) => m.predicted);
  const repairHead = withRepair ? ' repair (label-free) |' : '';
  const repairRule = withRepair ? '---|' : '';
  const predictionHead = withPrediction ? ' predicted risk (rank) | measured |' : '';
  const predictionRule = withPrediction ? '---|---|' : '';
  const lines = [
    `| monitor | category | layer | verdict |${predictionHead} AUROC base → updated (Δ, DeLong p) | TPR @ threshold | FPR @ threshold | decision flips |${repairHead} why |`,
    `|---|---|---|---|${predictionRule}---|---|---|---|${repairRule}---|`,
  ];
  for (const m of inRiskOrder(rows)) lines.push(monitorRow(m, withRepair, withPrediction));
  return lines;
}

/**
 * Base vs updated AUROC per monitor as a Mermaid xychart (GitHub renders ```mermaid blocks):
 * bars are the base model, the line the updated one. With more than CHART_MAX_MONITORS monitors
 * the chart shows those whose AUROC dropped most, in config order.
 */
export function aurocChart(rows: readonly MonitorResult[]): string[] {
  const measured = rows.filter((m) => m.base && m.updated);
  if (measured.length === 0) return [];
  let shown = measured;
  let title = 'AUROC per monitor (bars: base model, line: updated model)';
  if (measured.length > CHART_MAX_MONITORS) {
    const drop = (m: MonitorResult) => m.base!.auroc - m.updated!.auroc;
    const keep = new Set([...measured].sort((a, b) => drop(b) - drop(a)).slice(0, CHART_MAX_MONITORS));
    shown = measured.filter((m) => keep.has(m));
    title = `AUROC of the ${CHART_MAX_MONITORS} largest drops of ${measured.length} monitors (bars: base, line: updated)`;
  }
  let lowest = 1;
  for (const m of shown) lowest = Math.min(lowest, m.base!.auroc, m.updated!.auroc);
  const low = Math.max(0, Math.min(0.5, Math.floor(lowest * 10) / 10));
  const label = (id: string) => `"${mermaidLabel(id)}"`;
  const series = (get: (m: MonitorResult) => number) => `[${shown.map((m) => get(m).toFixed(3)).join(', ')}]`;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${shown.map((m) => label(m.id)).join(', ')}]`,
    `  y-axis "AUROC" ${low} --> 1`,
    `  bar ${series((m) => m.base!.auroc)}`,
    `  line ${series((m) => m.updated!.auroc)}`,
    '```',
  ];
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

function monitorDetails(m: MonitorResult): string[] {
  const facts = [VERDICT_MARK[m.verdict], text(m.category)];
  if (m.layer !== null) facts.push(`layer ${m.layer}`);
  facts.push(m.blocking ? 'blocking' : 'advisory');
  if (m.threshold !== undefined) facts.push(`threshold ${num(m.threshold)}`);
  if (m.tests?.require_significance) facts.push('significance required');
  facts.push(`declared at ${code(`${m.source.file}:${m.source.line}`)}`);
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
    const rows = p.drift_rows ? ` · drift on ${p.drift_rows.rows} unlabeled ${p.drift_rows.source} rows` : '';
    lines.push(`- predicted risk ${num(p.risk, 2)} (rank ${p.rank})${top ? `; largest contributions (logit): ${top}` : ''}${rows}`);
    if (p.estimated) lines.push(estimateLine(p.estimated));
  }
  if (monitorRepair(m)) lines.push(`- repair: ${repairAdvice(m)}`);
  for (const reason of m.reasons) lines.push(`- why: ${text(reason)}`);
  if (m.error) lines.push(`- error: ${text(m.error)}`);
  return lines;
}

function details(report: GateReport, rows: readonly MonitorResult[], event: UpdateEventView | undefined): string[] {
  if (rows.length === 0 && !event) return [];
  const what = rows.length === report.monitors.length ? plural(rows.length, 'monitor') : `${plural(rows.length, 'monitor')} that need attention`;
  const lines = ['<details>', `<summary>Details: ${event ? 'update event and ' : ''}${what}</summary>`, ''];
  if (event) append(lines, [...eventDetails(event), '']);
  for (const m of inRiskOrder(rows)) {
    append(lines, monitorDetails(m));
    lines.push('');
  }
  lines.push('</details>');
  return lines;
}

function provenance(report: GateReport): string {
  const commit = report.commit ? `, commit ${code(report.commit.slice(0, 12))}` : '';
  return (
    `<sub>Base activations ${code(report.activations.base)}, updated ${code(report.activations.updated)}, config ${code(report.config)}${commit}. ` +
    `TPR/FPR are at each monitor's deployed threshold (flag if score > threshold). monitor-gate ${text(report.tool.version)}.</sub>`
  );
}

// ---------- stages ----------

function renderStage(report: GateReport, stage: ReportStage, o: ReportMarkdownOptions, blockingShown?: number): string {
  const event = reportEvent(report);
  const attention = report.monitors.filter(needsAttention);
  const rows = stage === 'full' ? report.monitors : attention;
  const withRepair = rows.some((m) => monitorRepair(m) !== undefined);
  const lines: string[] = [...(o.header ?? [])];
  lines.push(heading(report), '', text(verdictLine(report)), '', countsLine(report));
  const blocking = report.summary.blocking_failures;
  if (blocking.length > 0) lines.push('', blockingLine(blocking, blockingShown));
  if (event) lines.push('', eventSummary(event));
  const unknown = unknownEventNotice(report);
  if (unknown.length > 0) lines.push('', ...unknown);
  const prediction = predictionLine(report);
  if (prediction) lines.push('', prediction);
  if (report.shard) lines.push('', `This is one part of a sharded run; the gate verdict comes from merging the ${report.shard.count} partial reports.`);
  lines.push('');

  const elsewhere = o.elsewhere ?? 'the JSON report';
  if (stage === 'notice') {
    lines.push('> [!NOTE]', `> The full table is left out to stay under ${o.limitName}; ${elsewhere} has every monitor and the details.`, '');
  } else {
    const left = report.monitors.length - rows.length;
    if (left > 0) {
      const omitted = stage === 'failing-table' ? `${plural(left, 'fresh monitor')} and the details are` : `${plural(left, 'fresh monitor')} ${left === 1 ? 'is' : 'are'}`;
      lines.push('> [!NOTE]', `> ${omitted} left out to stay under ${o.limitName}; ${elsewhere} has every monitor.`, '');
    } else if (stage === 'failing-table') {
      lines.push('> [!NOTE]', `> The details are left out to stay under ${o.limitName}; ${elsewhere} has them.`, '');
    }
    if (rows.length > 0) {
      append(lines, table(rows, withRepair));
      lines.push('');
    }
    else if (report.monitors.length === 0) lines.push('No monitors were measured.', '');
    else if (report.monitors.some((m) => m.verdict === 'predicted-fresh')) lines.push(`All ${plural(report.monitors.length, 'monitor')} are fresh or predicted fresh.`, '');
    else lines.push(report.monitors.length === 1 ? 'The monitor is fresh.' : `All ${report.monitors.length} monitors are fresh.`, '');
    if (stage !== 'failing-table') {
      const chart = aurocChart(inRiskOrder(rows));
      if (chart.length > 0) append(lines, [...chart, '']);
      const more = details(report, rows, event);
      if (more.length > 0) {
        append(lines, more);
        lines.push('');
      }
    }
  }
  lines.push(provenance(report));
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

