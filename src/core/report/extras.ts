/**
 * Tolerant readers for the optional report sections that other stages add: the detected update
 * event (report.event) and the label-free repair of a monitor (monitor.repair). Renderers go
 * through these, so a report without them, or from an older or newer writer, still renders.
 */
import type { GateReport, MonitorResult } from '../types.ts';

export interface EventEvidenceView {
  file: string;
  line?: number;
  reason: string;
  /** fact: used for the family; conflict: disagrees with it; skipped: not about a model; touches-model: about a model, family not established. */
  kind: 'fact' | 'conflict' | 'skipped' | 'touches-model';
}

export interface UpdateEventView {
  family: string;
  sub_kind?: string;
  attributes: Array<[string, string]>;
  evidence: EventEvidenceView[];
  confidence?: number;
  /** Where the event was declared (config `update:` or a label) instead of detected. */
  declared?: string;
  /** What detection found, when the event was declared. */
  detected?: { family: string; sub_kind?: string; confidence?: number };
}

export interface RepairView {
  method: string;
  auroc?: number;
  tpr?: number;
  fpr?: number;
  verdict_after?: string;
  /** Where a repair measured fresh was written (nothing is written for one that stays stale). */
  file?: string;
  /** The label-free comparison behind an 'auto' choice, as far as the report has it. */
  candidates: RepairCandidateView[];
}

export interface RepairCandidateView {
  method: string;
  /** Lower is better. */
  heldOutScore?: number;
  flipRate?: number;
  missRate?: number;
  falseOnRate?: number;
  fellBackTo?: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
const finite = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** The detected update event, when the report has one with at least a family. */
export function reportEvent(report: GateReport): UpdateEventView | undefined {
  return eventView((report as unknown as { event?: unknown }).event);
}

/** A view of an update event as found in a report (or straight from detection), tolerant of missing parts. */
export function eventView(raw: unknown): UpdateEventView | undefined {
  if (!isObject(raw)) return undefined;
  const family = str(raw.family);
  if (!family) return undefined;
  const attributes = isObject(raw.attributes)
    ? Object.entries(raw.attributes)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]): [string, string] => [k, show(v)])
    : [];
  const evidence = Array.isArray(raw.evidence)
    ? raw.evidence.flatMap((e): EventEvidenceView[] => {
        if (!isObject(e) || !str(e.file)) return [];
        const line = finite(e.line);
        const kind = e.kind === 'conflict' || e.kind === 'skipped' || e.kind === 'touches-model' ? e.kind : 'fact';
        return [{ file: e.file as string, line: line !== undefined && line >= 1 ? Math.floor(line) : undefined, reason: str(e.reason) ?? '', kind }];
      })
    : [];
  const view: UpdateEventView = { family, sub_kind: str(raw.sub_kind), attributes, evidence, confidence: finite(raw.confidence) };
  if (isObject(raw.declared) && str(raw.declared.source)) view.declared = raw.declared.source as string;
  if (isObject(raw.detected) && str(raw.detected.family)) {
    view.detected = { family: raw.detected.family as string, sub_kind: str(raw.detected.sub_kind), confidence: finite(raw.detected.confidence) };
  }
  return view;
}

/** The label-free repair result of a monitor, when it has one. */
export function monitorRepair(m: MonitorResult): RepairView | undefined {
  const raw = (m as unknown as { repair?: unknown }).repair;
  if (!isObject(raw)) return undefined;
  const method = str(raw.method) ?? 'repair';
  const candidates = Array.isArray(raw.candidates)
    ? raw.candidates.flatMap((c): RepairCandidateView[] =>
        isObject(c) && str(c.method)
          ? [{ method: c.method as string, heldOutScore: finite(c.heldOutScore), flipRate: finite(c.flipRate), missRate: finite(c.missRate), falseOnRate: finite(c.falseOnRate), fellBackTo: str(c.fellBackTo) }]
          : [],
      )
    : [];
  return { method, auroc: finite(raw.auroc), tpr: finite(raw.tpr), fpr: finite(raw.fpr), verdict_after: str(raw.verdict_after), file: str(raw.file), candidates };
}

/** For an unknown update: the files that touch the model without saying how, once each, in evidence order. */
export function unidentifiedFiles(report: GateReport): string[] {
  return eventUnidentifiedFiles(reportEvent(report));
}

export function eventUnidentifiedFiles(event: UpdateEventView | undefined): string[] {
  if (!event || event.family !== 'unknown') return [];
  return [...new Set(event.evidence.filter((e) => e.kind === 'touches-model').map((e) => e.file))];
}
