/**
 * The one-line verdict every surface leads with (terminal, job summary, comment, action log). It
 * always says how much was measured, so a pass that rests on nothing measured never reads as green.
 */
import type { GateReport, MonitorResult } from '../types.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const LISTED = 5;

function listIds(ids: readonly string[]): string {
  return ids.length <= LISTED ? ids.join(', ') : `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more`;
}

/** How much of the run rests on labeled measurement: "3 of 12 monitors measured, 9 predicted". */
function coverage(report: GateReport): string {
  const s = report.summary;
  const measured = s.fresh + s.stale + s.inconclusive;
  const predicted = s.predicted_stale + s.predicted_fresh;
  const parts = [`${measured} of ${plural(s.monitors, 'monitor')} measured`];
  if (predicted > 0) parts.push(`${predicted} predicted without labels`);
  return parts.join(', ');
}

function counts(report: GateReport): string {
  const s = report.summary;
  const parts: string[] = [];
  if (s.fresh) parts.push(`${s.fresh} fresh`);
  if (s.stale) parts.push(`${s.stale} stale`);
  if (s.inconclusive) parts.push(`${s.inconclusive} inconclusive`);
  if (s.error) parts.push(`${s.error} errored`);
  if (s.predicted_stale) parts.push(`${s.predicted_stale} predicted stale`);
  if (s.predicted_fresh) parts.push(`${s.predicted_fresh} predicted fresh`);
  return parts.join(', ');
}

/** Why nothing was concluded, from the monitors' own verdicts. */
function nothingMeasuredWhy(report: GateReport): string {
  if (report.monitors.length === 0) return 'no monitor was evaluated';
  const by = (v: MonitorResult['verdict']) => report.monitors.filter((m) => m.verdict === v).length;
  const parts: string[] = [];
  if (by('inconclusive')) parts.push(`${by('inconclusive')} inconclusive`);
  if (by('error')) parts.push(`${by('error')} errored`);
  if (by('skipped')) parts.push(`${by('skipped')} skipped`);
  return `no monitor got a verdict (${parts.join(', ')})`;
}

/** FAIL / PASS, then what decided it and how much was measured. Plain text; callers escape or style it. */
export function verdictLine(report: GateReport): string {
  const s = report.summary;
  if (report.skipped && report.monitors.length > 0 && report.monitors.every((m) => m.verdict === 'skipped')) {
    return `PASS, NOTHING MEASURED: ${report.skipped}`;
  }
  if (report.verdict === 'fail') {
    if (s.blocking_failures.length === 0 && report.sample_risk?.error !== undefined) {
      return `FAIL: the sample-risk batch could not be read (${report.sample_risk.error}) · ${coverage(report)}`;
    }
    if (s.blocking_failures.length === 0) return `FAIL: nothing was measured: ${nothingMeasuredWhy(report)}; a gate that measured nothing cannot pass`;
    const failing = report.monitors.filter((m) => s.blocking_failures.includes(m.id));
    const kinds = [
      ['stale', failing.filter((m) => m.verdict === 'stale').length],
      ['errored', failing.filter((m) => m.verdict === 'error').length],
      ['predicted stale', failing.filter((m) => m.verdict === 'predicted-stale').length],
    ].filter(([, n]) => (n as number) > 0);
    const what = kinds.map(([k, n]) => `${n} ${k}`).join(', ');
    return `FAIL: ${plural(s.blocking_failures.length, 'blocking monitor')} failed (${what}): ${listIds(s.blocking_failures)} · ${coverage(report)}`;
  }
  const measured = s.fresh + s.stale + s.inconclusive;
  if (measured === 0) return `PASS ON PREDICTIONS ONLY: nothing was measured with labels · ${counts(report)}`;
  return `PASS: ${coverage(report)} (${counts(report)})`;
}
