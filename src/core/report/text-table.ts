import { DECLARE_HELP } from '../detect/needs-measurement.ts';
import type { GateReport, MonitorResult, PairedRateChange } from '../types.ts';
import { logLine } from '../escape.ts';
import { inRiskOrder } from './markdown.ts';
import { unidentifiedFiles } from './extras.ts';
import { verdictLine } from './verdict-line.ts';

const num = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
const signed = (x: number | undefined) => (x === undefined ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);

function measured(m: MonitorResult): string {
  const p = m.predicted;
  if (!p) return '-';
  if (!p.measured) return 'no';
  return p.agrees === undefined ? 'yes' : p.agrees ? 'yes, agreed' : 'yes, missed';
}

/** "95% CI of the change: TPR -0.475 to +0.000 (3 of 12 positive rows changed), FPR ..., AUROC ...". */
function intervalNote(tests: NonNullable<MonitorResult['tests']>): string {
  const part = (what: string, c: PairedRateChange, rows: string) => `${what} ${signed(c.ci95[0])} to ${signed(c.ci95[1])} (${c.base_only + c.updated_only} of ${c.n} ${rows} rows changed)`;
  const d = tests.delong.ci95;
  return `95% CI of the change: ${part('TPR', tests.tpr_change!, 'positive')}, ${part('FPR', tests.fpr_change!, 'negative')}, AUROC ${signed(d[0])} to ${signed(d[1])}`;
}

/** Fixed-width table for terminals, highest predicted risk first; the reasons and errors follow below it, one line each. */
export function renderTextTable(report: GateReport): string {
  const withPrediction = report.monitors.some((m) => m.predicted);
  const header = ['MONITOR', 'CATEGORY', 'LAYER', 'VERDICT', ...(withPrediction ? ['RISK', 'MEASURED'] : []), 'AUROC BASE', 'AUROC UPD', 'ΔAUROC', 'TPR B→U', 'FPR B→U', 'FLIPS'];
  const rows = inRiskOrder(report.monitors).map((m) => [
    m.blocking ? m.id : `${m.id} (advisory)`,
    m.category,
    m.layer === null ? '-' : String(m.layer),
    m.verdict.toUpperCase(),
    ...(withPrediction ? [m.predicted ? `${m.predicted.risk.toFixed(2)} #${m.predicted.rank}` : '-', measured(m)] : []),
    num(m.base?.auroc),
    num(m.updated?.auroc),
    signed(m.delta?.auroc),
    m.base && m.updated ? `${num(m.base.tpr)}→${num(m.updated.tpr)}` : '-',
    m.base && m.updated ? `${num(m.base.fpr)}→${num(m.updated.fpr)}` : '-',
    m.shift ? `${(m.shift.flip_rate * 100).toFixed(1)}%` : '-',
  ]);
  // Names come from config and pull request files: each cell is one inert line (no control
  // characters, no workflow command when the CLI runs inside a workflow step).
  for (const r of rows) for (let i = 0; i < r.length; i++) r[i] = logLine(r[i]);
  const widths = header.map((h) => h.length);
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i], c.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header)];
  for (const r of rows) out.push(line(r));
  const notes: string[] = [];
  for (const m of inRiskOrder(report.monitors)) {
    if (m.verdict === 'skipped') continue;
    if (m.verdict === 'error') notes.push(`  ${m.id}: ${m.error}`);
    else for (const reason of m.reasons) notes.push(`  ${m.id}: ${reason}`);
    // the intervals behind a flag (or a change not counted), so a reader sees when it rests on few rows
    if (m.verdict !== 'error' && m.reasons.length > 0 && m.tests?.tpr_change && m.tests.fpr_change) notes.push(`  ${m.id}: ${intervalNote(m.tests)}`);
    if (m.repair) {
      const r = m.repair;
      if (r.verdict_after === undefined) {
        const e = r.estimated;
        const est = e ? `estimated TPR ${e.tpr.base.toFixed(2)} -> ${e.tpr.updated.toFixed(2)}, FPR ${e.fpr.base.toFixed(2)} -> ${e.fpr.updated.toFixed(2)} (no labels read)` : 'no estimate';
        notes.push(`  ${m.id}: unverified label-free repair (${r.method}) ${r.file ? `written to ${r.file}` : 'not written'}: ${est}; measure it with labels before adopting it`);
      } else {
        const rates = `TPR ${m.updated?.tpr.toFixed(2) ?? '-'} -> ${r.tpr?.toFixed(2) ?? '-'}, FPR ${m.updated?.fpr.toFixed(2) ?? '-'} -> ${r.fpr?.toFixed(2) ?? '-'} at the same threshold`;
        notes.push(
          r.verdict_after === 'fresh' && r.file
            ? `  ${m.id}: adopt the repaired probe ${r.file} (${r.method}, label-free): ${rates}`
            : `  ${m.id}: no label-free repair restores it (best: ${r.method}, ${rates}): retrain it`,
        );
      }
    }
  }
  if (report.event) {
    const head = [`update event: ${report.event.family}${report.event.sub_kind ? ` (${report.event.sub_kind})` : ''}, confidence ${report.event.confidence.toFixed(2)}`];
    if (report.event.family === 'unknown') head.push(`  not identified; every monitor is measured. Files that touch the model: ${unidentifiedFiles(report).join(', ') || '(none listed)'}`, `  ${DECLARE_HELP}`);
    out.unshift(...head, '');
  }
  if (report.skipped) notes.push(`  ${report.skipped}`);
  if (notes.length > 0) {
    out.push('');
    for (const note of notes) out.push(logLine(note));
  }
  out.push('', logLine(`gate: ${verdictLine(report)}`));
  if (report.event) for (let i = 0; i < out.length && out[i] !== ''; i++) out[i] = logLine(out[i]);
  return out.join('\n') + '\n';
}
