/** The trajectory report for people: a verdict line, one line per monitor, a table of scores per checkpoint. */
import { logLine } from '../escape.ts';
import type { TrajectoryMonitor, TrajectoryReport } from './types.ts';

const f2 = (x: number) => x.toFixed(2);

/** "pii-email: at risk from step-300 (estimated TPR 0.88 -> 0.41, FPR 0.05 -> 0.06; score 2.31)". */
export function trajectoryLine(m: TrajectoryMonitor): string {
  if (m.verdict === 'error') return `${m.id}: error: ${m.error ?? m.points.find((p) => p.error)?.error ?? 'nothing estimated'}`;
  if (m.verdict === 'at-risk') {
    const p = m.points.find((q) => q.checkpoint === m.first_flagged)!;
    const e = p.estimated!;
    return `${m.id}${m.blocking ? '' : ' (advisory)'}: at risk from ${m.first_flagged} (estimated TPR ${f2(e.tpr.base)} -> ${f2(e.tpr.updated)}, FPR ${f2(e.fpr.base)} -> ${f2(e.fpr.updated)}; score ${f2(e.score)})`;
  }
  const worst = m.points.filter((p) => p.estimated).reduce((a, b) => (b.estimated!.score > a.estimated!.score ? b : a));
  return `${m.id}${m.blocking ? '' : ' (advisory)'}: steady (largest estimated score ${f2(worst.estimated!.score)}, at ${worst.checkpoint})`;
}

export function trajectoryVerdictLine(report: TrajectoryReport): string {
  const atRisk = report.monitors.filter((m) => m.verdict === 'at-risk');
  const errors = report.monitors.filter((m) => m.verdict === 'error').length;
  const across = `across ${report.checkpoints.length} checkpoint${report.checkpoints.length === 1 ? '' : 's'}`;
  const errorsNote = errors ? ` · ${errors} could not be estimated` : '';
  if (report.verdict === 'error') {
    const blocking = report.monitors.filter((m) => m.blocking && m.verdict === 'error').map((m) => m.id);
    if (blocking.length === report.monitors.length || errors === report.monitors.length) return `TRAJECTORY ERROR: no monitor could be estimated ${across}${errorsNote}`;
    return `TRAJECTORY ERROR: ${blocking.length} blocking monitor${blocking.length === 1 ? '' : 's'} could not be estimated (${blocking.join(', ')}) ${across}; ${atRisk.length} of ${report.monitors.length} at risk`;
  }
  if (atRisk.length === 0) return `TRAJECTORY STEADY: no monitor's estimate crosses its tolerances ${across}${errorsNote}`;
  const blocking = atRisk.filter((m) => m.blocking).length;
  return `TRAJECTORY ${report.verdict === 'at-risk' ? 'AT RISK' : 'STEADY'}: ${atRisk.length} of ${report.monitors.length} monitors at risk (${blocking} blocking) ${across}${errorsNote}`;
}

/** Fixed-width text for terminals; every name is escaped. */
export function renderTrajectoryText(report: TrajectoryReport): string {
  const lines = [trajectoryVerdictLine(report), ...report.monitors.map(trajectoryLine), ''];
  const header = ['MONITOR', ...report.checkpoints.map((c) => c.name)];
  const rows = report.monitors.map((m) => [m.id, ...report.checkpoints.map((c) => {
    const p = m.points.find((q) => q.checkpoint === c.name);
    const s = p?.estimated?.score;
    return s === undefined ? '-' : `${f2(s)}${s >= 1 ? '*' : ''}`;
  })]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  lines.push(fmt(header), ...rows.map(fmt), '', 'estimated score per checkpoint: max(TPR drop / tpr_drop, FPR rise / fpr_rise, AUROC drop / auroc_drop) against the base model, labels unread; * at or past 1, the stale line');
  return lines.map(logLine).join('\n') + '\n';
}
