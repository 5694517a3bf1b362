import path from 'node:path';
import { DECLARE_HELP } from '../detect/needs-measurement.ts';
import type { GateReport, MonitorResult } from '../types.ts';
import type { UpdateEvent } from '../detect/types.ts';
import { eventView, reportEvent, type UpdateEventView } from './extras.ts';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file: string;
  /** Absent for a file-level annotation. */
  line?: number;
  column?: number;
}

/** GitHub keeps 10 annotations of each level per step and drops the rest silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** ...and 50 per job, across its steps. */
export const ANNOTATIONS_PER_JOB = 50;

/** The levels, most important first; annotations are emitted in this order. */
export const ANNOTATION_LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

export interface AnnotationPlanOptions {
  /**
   * Slots per level the caller keeps for its own messages (the Action's final "gate failed"
   * error, a notice that the comment could not be posted), so those are not the ones dropped.
   */
  reserve?: Partial<Record<AnnotationLevel, number>>;
}

/** How badly a stale monitor degraded: its worst drop in AUROC or TPR or rise in FPR. */
function degradation(m: MonitorResult): number {
  if (!m.delta) return 0;
  return Math.max(-m.delta.auroc, -m.delta.tpr, m.delta.fpr);
}

interface Ranked {
  annotation: Annotation;
  /** Lower sorts first within a level. */
  rank: [number, number, number];
  what: string;
}

function monitorAnnotation(m: MonitorResult, position: number, failOnPredicted: boolean): Ranked | undefined {
  if (m.verdict === 'predicted-stale') {
    // Unmeasured but at risk: it blocks only when the policy fails on predictions.
    const risk = m.predicted?.risk ?? 0;
    return {
      annotation: {
        level: m.blocking && failOnPredicted ? 'error' : 'warning',
        title: `monitor-gate: ${m.id} is predicted stale (risk ${risk.toFixed(2)}, not measured)`,
        message: m.reasons.join('\n'),
        file: m.source.file,
        line: m.source.line,
        column: m.source.column,
      },
      rank: [2, -risk, position],
      what: 'monitors',
    };
  }
  if (m.verdict !== 'stale' && m.verdict !== 'error') return undefined;
  // A non-blocking monitor does not fail the gate, so it is a warning rather than an error.
  const level = m.blocking ? 'error' : 'warning';
  const title = m.verdict === 'stale' ? `monitor-gate: ${m.id} is stale` : `monitor-gate: ${m.id} could not be evaluated`;
  const message = m.verdict === 'stale' ? m.reasons.join('\n') : (m.error ?? 'error');
  return {
    annotation: { level, title, message, file: m.source.file, line: m.source.line, column: m.source.column },
    // Stale monitors first, the most degraded first; then errored ones, then predicted stale; config order breaks ties.
    rank: [m.verdict === 'stale' ? 0 : 1, -degradation(m), position],
    what: 'monitors',
  };
}

const EVIDENCE_RANK = { fact: 0, 'touches-model': 0, conflict: 1, skipped: 2 } as const;

const EVIDENCE_TITLE = {
  conflict: (kind: string) => `monitor-gate: evidence against ${kind}`,
  skipped: () => 'monitor-gate: file skipped by update detection',
  'touches-model': () => 'monitor-gate: update not identified',
  fact: (kind: string) => `monitor-gate: update detected: ${kind}`,
} as const;

function evidenceAnnotations(event: UpdateEventView | undefined): Ranked[] {
  if (!event) return [];
  const kind = event.sub_kind ? `${event.family} (${event.sub_kind})` : event.family;
  const lines = event.evidence.map((e, i): Ranked => ({
    annotation: {
      level: 'notice',
      title: EVIDENCE_TITLE[e.kind](kind),
      message:
        e.kind === 'touches-model'
          ? `${e.reason ? `${e.reason}. ` : ''}This file touches the model, but not in a way monitor-gate can identify, so every monitor is measured; ${DECLARE_HELP}.`
          : e.reason || `evidence of a ${kind} update`,
      file: e.file,
      ...(e.line ? { line: e.line } : {}),
    },
    // The facts behind the event first, then what disagrees, then what could not be read; detection's order within each.
    rank: [EVIDENCE_RANK[e.kind], 0, i],
    what: 'detection evidence lines',
  }));
  return lines;
}

/** One warning per listed training sample at its dataset line, riskiest first, after every monitor's. */
function sampleAnnotations(report: GateReport): Ranked[] {
  const risk = report.sample_risk;
  if (!risk || risk.error !== undefined) return [];
  return risk.top.map((t, i) => ({
    annotation: {
      level: 'warning',
      title: `monitor-gate: this sample pushes ${t.monitor} (${t.ratio.toFixed(1)}x the typical push)`,
      message: `One gradient step on this sample moves ${t.monitor}'s pooled activation by ${t.push >= 0 ? '+' : ''}${t.push.toPrecision(3)} along its probe direction (${t.push >= 0 ? 'toward flagging' : 'away from flagging'}); consider screening it out (monitor-gate screen).`,
      file: risk.dataset_root === undefined ? t.file : path.posix.normalize(path.posix.join(risk.dataset_root.replace(/\\/g, '/'), t.file.replace(/\\/g, '/'))),
      line: t.line,
    },
    rank: [3, -t.ratio, i],
    what: 'training samples',
  }));
}

const byRank = (a: Ranked, b: Ranked) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2];

/**
 * Annotations for a report: one per stale or errored monitor at its line in the config (errors
 * for blocking monitors, warnings for advisory ones) and one notice per line of evidence for the
 * detected update event. GitHub keeps only ANNOTATIONS_PER_LEVEL per level and step, so each
 * level is sorted by importance (stale before errored, most degraded first), and when a level
 * overflows its last kept slot says how many more there are. Levels come out most important
 * first, so a job-wide cap drops notices before warnings before errors.
 */
/** mode: detect: one notice per line of evidence, under the same per-level cap as a full run. */
export function planDetectionAnnotations(event: UpdateEvent | undefined, options: AnnotationPlanOptions = {}): Annotation[] {
  return capByLevel(evidenceAnnotations(eventView(event)), options);
}

export function planAnnotations(report: GateReport, options: AnnotationPlanOptions = {}): Annotation[] {
  const all: Ranked[] = [
    ...report.monitors.map((m, i) => monitorAnnotation(m, i, report.prediction?.fail_on_predicted ?? true)).filter((a): a is Ranked => a !== undefined),
    ...evidenceAnnotations(reportEvent(report)),
    ...sampleAnnotations(report),
  ];
  return capByLevel(all, options);
}

function capByLevel(all: readonly Ranked[], options: AnnotationPlanOptions): Annotation[] {
  const out: Annotation[] = [];
  for (const level of ANNOTATION_LEVELS) {
    const slots = Math.max(0, ANNOTATIONS_PER_LEVEL - (options.reserve?.[level] ?? 0));
    const ofLevel = all.filter((a) => a.annotation.level === level).sort(byRank);
    if (ofLevel.length <= slots) {
      out.push(...ofLevel.map((a) => a.annotation));
      continue;
    }
    if (slots === 0) continue;
    const kept = ofLevel.slice(0, slots - 1);
    const dropped = ofLevel.slice(slots - 1);
    const first = dropped[0].annotation;
    const whats = [...new Set(dropped.map((d) => d.what))].join(' and ');
    out.push(...kept.map((a) => a.annotation), {
      level,
      title: `monitor-gate: ${dropped.length} more`,
      message: `${dropped.length} more ${whats} at this level are listed in the job summary and the JSON report.`,
      file: first.file,
      ...(first.line ? { line: first.line } : {}),
    });
  }
  return out;
}
