import type { GateReport, MonitorResult } from '../types.ts';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file: string;
  line: number;
  column?: number;
}

/** GitHub keeps 10 annotations of each level per step and drops the rest silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

function annotationFor(m: MonitorResult): Annotation | undefined {
  if (m.verdict !== 'stale' && m.verdict !== 'error') return undefined;
  // A non-blocking monitor does not fail the gate, so it is a warning rather than an error.
  const level = m.blocking ? 'error' : 'warning';
  const title = m.verdict === 'stale' ? `monitor-gate: ${m.id} is stale` : `monitor-gate: ${m.id} could not be evaluated`;
  const message = m.verdict === 'stale' ? m.reasons.join('\n') : (m.error ?? 'error');
  return { level, title, message, file: m.source.file, line: m.source.line, column: m.source.column };
}

/**
 * One annotation per stale or errored monitor at its line in the config. Within each level the
 * first ANNOTATIONS_PER_LEVEL - 1 survive and the last slot says how many more are in the summary.
 */
export function planAnnotations(report: GateReport): Annotation[] {
  const all = report.monitors.map(annotationFor).filter((a): a is Annotation => a !== undefined);
  const out: Annotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = all.filter((a) => a.level === level);
    if (ofLevel.length <= ANNOTATIONS_PER_LEVEL) {
      out.push(...ofLevel);
      continue;
    }
    const kept = ofLevel.slice(0, ANNOTATIONS_PER_LEVEL - 1);
    const rest = ofLevel.length - kept.length;
    out.push(...kept, {
      level,
      title: `monitor-gate: ${rest} more`,
      message: `${rest} more monitors at this level are listed in the job summary and the JSON report.`,
      file: ofLevel[kept.length].file,
      line: ofLevel[kept.length].line,
    });
  }
  return out;
}
