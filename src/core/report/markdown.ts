import type { GateReport, MonitorResult } from '../types.ts';

const VERDICT_MARK: Record<MonitorResult['verdict'], string> = {
  fresh: '✅ fresh',
  stale: '❌ stale',
  inconclusive: '⚠️ inconclusive',
  error: '💥 error',
};

const num = (x: number | undefined, digits = 3) => (x === undefined ? '–' : x.toFixed(digits));
const signed = (x: number | undefined, digits = 3) => (x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);
const pValue = (p: number | undefined) => (p === undefined ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));

/** Table cells cannot hold pipes or newlines. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function monitorRow(m: MonitorResult): string {
  const auroc = m.base && m.updated ? `${num(m.base.auroc)} → ${num(m.updated.auroc)} (${signed(m.delta?.auroc)}, p ${pValue(m.tests?.delong.p_value)})` : '–';
  const tpr = m.base && m.updated ? `${num(m.base.tpr)} → ${num(m.updated.tpr)}` : '–';
  const fpr = m.base && m.updated ? `${num(m.base.fpr)} → ${num(m.updated.fpr)}` : '–';
  const flips = m.shift ? `${(m.shift.flip_rate * 100).toFixed(1)}%` : '–';
  const why = m.verdict === 'error' ? (m.error ?? 'error') : m.reasons.join('; ') || '–';
  const blocking = m.blocking ? '' : ' (advisory)';
  return `| \`${cell(m.id)}\`${blocking} | ${cell(m.category)} | ${m.layer ?? '–'} | ${VERDICT_MARK[m.verdict]} | ${auroc} | ${tpr} | ${fpr} | ${flips} | ${cell(why)} |`;
}

export function renderMarkdown(report: GateReport): string {
  const s = report.summary;
  const head = report.verdict === 'pass' ? '✅ monitor-gate: **pass**' : '❌ monitor-gate: **fail**';
  const lines: string[] = [];
  lines.push(`## ${head}`);
  lines.push('');
  const parts = [`${s.monitors} monitors`, `${s.fresh} fresh`, `${s.stale} stale`];
  if (s.inconclusive) parts.push(`${s.inconclusive} inconclusive`);
  if (s.error) parts.push(`${s.error} errored`);
  lines.push(parts.join(' · '));
  if (s.blocking_failures.length > 0) {
    lines.push('');
    lines.push(`Blocking: ${s.blocking_failures.map((id) => `\`${id}\``).join(', ')}`);
  }
  lines.push('');
  lines.push('| monitor | category | layer | verdict | AUROC base → updated (Δ, DeLong p) | TPR @ threshold | FPR @ threshold | decision flips | why |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const m of report.monitors) lines.push(monitorRow(m));
  lines.push('');
  lines.push(`<sub>Base activations \`${report.activations.base}\`, updated \`${report.activations.updated}\`, config \`${report.config}\`. TPR/FPR are at each monitor's deployed threshold (flag if score > threshold). monitor-gate ${report.tool.version}.</sub>`);
  lines.push('');
  return lines.join('\n');
}
