/** The trajectory report for people: a verdict line, one line per monitor, a table of scores per checkpoint. */
import { logLine, mdCode, mdText, mermaidLabel } from '../escape.ts';
import type { TrajectoryMonitor, TrajectoryReport } from './types.ts';

const f2 = (x: number) => x.toFixed(2);

/** "pii-email: at risk from step-300 (estimated TPR 0.88 -> 0.41, FPR 0.05 -> 0.06; score 2.31)". */
export function trajectoryLine(m: TrajectoryMonitor): string {
  if (m.verdict === 'error') return `${m.id}: error: ${m.error ?? m.points.find((p) => p.error)?.error ?? 'nothing estimated'}`;
  if (m.verdict === 'at-risk') {
    const p = m.points.find((q) => q.checkpoint === m.first_flagged)!;
    const e = p.estimated!;
    const earlier = m.first_warned && m.first_warned !== m.first_flagged ? `; could not be ruled out from ${m.first_warned}` : '';
    return `${m.id}${m.blocking ? '' : ' (advisory)'}: at risk from ${m.first_flagged} (estimated TPR ${f2(e.tpr.base)} -> ${f2(e.tpr.updated)}, FPR ${f2(e.fpr.base)} -> ${f2(e.fpr.updated)}; score ${f2(e.score)})${earlier}`;
  }
  const worst = m.points.filter((p) => p.estimated).reduce((a, b) => (b.estimated!.score > a.estimated!.score ? b : a));
  const warned = m.first_warned ? `; staleness cannot be ruled out from ${m.first_warned}` : '';
  return `${m.id}${m.blocking ? '' : ' (advisory)'}: steady (largest estimated score ${f2(worst.estimated!.score)}, at ${worst.checkpoint}${warned})`;
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

/** "drift along one axis: 94% of the checkpoints' drift profiles, carried most by pii-email and toxicity-mlp; position step-30 0.1 ... step-1000 7.3". */
export function driftAxisLine(report: TrajectoryReport): string | undefined {
  const axis = report.drift_axis;
  if (!axis) return undefined;
  const carriers = [...axis.loadings].sort((a, b) => b.loading - a.loading).slice(0, 2).map((l) => l.monitor);
  return `drift along one axis: ${Math.round(100 * axis.share)}% of the checkpoints' drift profiles, carried most by ${carriers.join(' and ')}; position ${axis.positions.map((p) => `${p.checkpoint} ${p.position.toFixed(1)}`).join(', ')}`;
}

/** "trait sycophancy (layer 12): -0.01 at step-30, 0.35 at step-200, 2.40 at step-1000 base SD", or its error. */
export function traitLines(report: TrajectoryReport): string[] {
  return (report.traits ?? []).map((t) =>
    t.error
      ? `trait ${t.name}${t.layer === null ? '' : ` (layer ${t.layer})`}: error: ${t.error}`
      : `trait ${t.name} (layer ${t.layer}): mean shift ${t.points.map((p) => `${f2(p.shift)} at ${p.checkpoint}`).join(', ')} (base standard deviations)`,
  );
}

/** Fixed-width text for terminals; every name is escaped. */
export function renderTrajectoryText(report: TrajectoryReport): string {
  const axisLine = driftAxisLine(report);
  const lines = [trajectoryVerdictLine(report), ...report.monitors.map(trajectoryLine), ...traitLines(report), ...(axisLine ? [axisLine] : []), ''];
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

/** Monitors drawn in the chart: Mermaid's xychart has no legend, so the lines are few and named in the caption. */
const CHART_MAX_LINES = 6;

/**
 * The job summary: the verdict line, one line per monitor, a line chart of the estimated score per
 * checkpoint for the monitors that moved most (with the stale line at 1), and the table of scores.
 */
export function renderTrajectoryMarkdown(report: TrajectoryReport, options: { table?: boolean } = {}): string {
  const icon = report.verdict === 'steady' ? '✅' : report.verdict === 'at-risk' ? '⚠️' : '❌';
  const lines = [`## ${icon} monitor-gate trajectory: ${mdText(trajectoryVerdictLine(report))}`, ''];
  for (const m of report.monitors) lines.push(`- ${mdText(trajectoryLine(m))}`);
  for (const t of traitLines(report)) lines.push(`- ${mdText(t)}`);
  const axisLine = driftAxisLine(report);
  lines.push(...(axisLine ? ['', mdText(axisLine)] : []), '');
  if (options.table === false) return lines.join('\n') + '\n';
  const scored = report.monitors.filter((m) => m.points.some((p) => p.estimated));
  const peak = (m: TrajectoryMonitor) => Math.max(...m.points.map((p) => p.estimated?.score ?? 0));
  const drawn = [...scored].sort((a, b) => peak(b) - peak(a)).slice(0, CHART_MAX_LINES);
  if (drawn.length > 0 && report.checkpoints.length > 1) {
    const top = Math.max(1.5, ...drawn.map(peak));
    const value = (m: TrajectoryMonitor, name: string) => {
      const s = m.points.find((p) => p.checkpoint === name)?.estimated?.score;
      return s === undefined ? 0 : Math.round(Math.min(s, top) * 100) / 100;
    };
    lines.push(
      `Estimated score per checkpoint (1 is the stale line, drawn flat); lines in this order: ${drawn.map((m) => mdCode(m.id)).join(', ')}${scored.length > drawn.length ? ` (the ${drawn.length} that moved most of ${scored.length})` : ''}. The table below has every number.`,
      '',
      '```mermaid',
      'xychart-beta',
      '  title "Estimated staleness score by checkpoint"',
      `  x-axis [${report.checkpoints.map((c) => `"${mermaidLabel(c.name)}"`).join(', ')}]`,
      `  y-axis "score" 0 --> ${Math.ceil(top)}`,
      `  line [${report.checkpoints.map(() => 1).join(', ')}]`,
      ...drawn.map((m) => `  line [${report.checkpoints.map((c) => value(m, c.name)).join(', ')}]`),
      '```',
      '',
    );
  }
  lines.push(`| monitor | ${report.checkpoints.map((c) => mdCode(c.name, { inTable: true })).join(' | ')} |`, `|---|${report.checkpoints.map(() => '---:').join('|')}|`);
  for (const m of report.monitors) {
    const cells = report.checkpoints.map((c) => {
      const s = m.points.find((p) => p.checkpoint === c.name)?.estimated?.score;
      return s === undefined ? '–' : s >= 1 ? `**${f2(s)}**` : f2(s);
    });
    lines.push(`| ${mdCode(m.id, { inTable: true })} | ${cells.join(' | ')} |`);
  }
  lines.push('', 'Labels unread: each score is max(TPR drop / tpr_drop, FPR rise / fpr_rise, AUROC drop / auroc_drop) of the estimated operating point against the base model; bold at or past 1.');
  return lines.join('\n') + '\n';
}
