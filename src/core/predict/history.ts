/**
 * Refitting the predictor on a team's own history: past reports whose monitors were measured
 * (fresh or stale) carry the feature values they were predicted from, so each measured monitor is
 * one labeled example. Examples from one report share an update, so quality is measured by holding
 * out whole reports (the fit never sees the update it predicts).
 */
import { inputError } from '../errors.ts';
import type { GateReport } from '../types.ts';
import { FEATURE_DESCRIPTIONS, FEATURE_NAMES, type FeatureName } from './features.ts';
import { crossValidateLogistic, fitLogistic, predictLogistic, type CrossValidation } from './logistic.ts';
import { builtInPredictor, type Predictor } from './predictor.ts';
import { aurocWithTies } from '../metrics/auroc.ts';

export interface HistoryExample {
  /** The report the example came from: the group held out together. */
  group: string;
  monitor: string;
  features: Record<string, number | null>;
  stale: 0 | 1;
}

export interface History {
  examples: HistoryExample[];
  /** Reports that gave no example, with why. */
  unused: { file: string; why: string }[];
}

/** Measured monitors (fresh or stale) with predicted.features, from every report. */
export function historyFromReports(reports: readonly { file: string; report: GateReport }[]): History {
  const examples: HistoryExample[] = [];
  const unused: History['unused'] = [];
  for (const { file, report } of reports) {
    const before = examples.length;
    for (const m of report.monitors) {
      if ((m.verdict !== 'fresh' && m.verdict !== 'stale') || !m.predicted) continue;
      examples.push({ group: file, monitor: m.id, features: m.predicted.features, stale: m.verdict === 'stale' ? 1 : 0 });
    }
    if (examples.length === before) {
      const why = report.monitors.some((m) => m.verdict === 'fresh' || m.verdict === 'stale')
        ? 'its monitors carry no predicted features (written by an older monitor-gate)'
        : 'no monitor was measured fresh or stale';
      unused.push({ file, why });
    }
  }
  return { examples, unused };
}

export interface FitPredictorOptions {
  /** L2 penalty on the standardized coefficients; default 1. */
  l2?: number;
  /** Recorded in the predictor's fitted_on.source. */
  source?: string;
  /** Folds when there are too few reports to hold one out at a time; default 5. */
  k?: number;
}

export interface FittedPredictor {
  predictor: Predictor;
  validation: CrossValidation;
  /**
   * The built-in predictor on the same examples (it was fitted elsewhere, so every example is held out
   * for it): its AUROC, null when the examples lack its features (reports of an older monitor-gate) or
   * hold one class only; `beaten` says whether the refit's held-out AUROC is higher.
   */
  builtIn: { auroc: number | null; beaten: boolean | null; missing: string[] };
  /** Features left out because no example had a value for them. */
  dropped: string[];
}

/** Fewer held-out reports than this, and k-fold over examples is the better estimate. */
const MIN_GROUPS_FOR_LEAVE_ONE_OUT = 3;

export function fitPredictor(examples: readonly HistoryExample[], options: FitPredictorOptions = {}): FittedPredictor {
  const stale = examples.filter((e) => e.stale === 1).length;
  if (stale === 0 || stale === examples.length) {
    throw inputError(
      `the history has ${examples.length} measured monitor${examples.length === 1 ? '' : 's'}, ${stale} stale: fitting needs both stale and fresh ones`,
      { help: 'add reports of updates that made some monitors stale' },
    );
  }
  const value = (e: HistoryExample, f: string) => {
    const v = e.features[f];
    return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  };
  const features = FEATURE_NAMES.filter((f) => examples.some((e) => Number.isFinite(value(e, f))));
  const dropped = FEATURE_NAMES.filter((f) => !features.includes(f));
  const rows = examples.map((e) => features.map((f) => value(e, f)));
  const labels = examples.map((e) => e.stale);
  const l2 = options.l2 ?? 1;
  const groups = examples.map((e) => e.group);
  const distinctGroups = new Set(groups).size;
  const validation = crossValidateLogistic(rows, labels, features, {
    l2,
    ...(distinctGroups >= MIN_GROUPS_FOR_LEAVE_ONE_OUT ? { groups } : { k: Math.max(2, Math.min(options.k ?? 5, stale, examples.length - stale)) }),
  });
  const model = fitLogistic(rows, labels, features, { l2 });
  const predictor: Predictor = {
    schemaVersion: 1,
    kind: 'monitor-gate-predictor',
    ...model,
    fitted_on: { ...(options.source ? { source: options.source } : {}), rows: examples.length, stale, groups: distinctGroups },
    quality: { scheme: validation.scheme, folds: validation.folds, auroc: validation.auroc },
  };
  return { predictor, validation, dropped, builtIn: compareWithBuiltIn(examples, validation.auroc) };
}

function compareWithBuiltIn(examples: readonly HistoryExample[], heldOut: number | null): FittedPredictor['builtIn'] {
  const shipped = builtInPredictor();
  const missing = shipped.features.filter((f) => !examples.some((e) => typeof e.features[f] === 'number' && Number.isFinite(e.features[f])));
  if (missing.length > 0) return { auroc: null, beaten: null, missing };
  const risk = Float64Array.from(examples, (e) => predictLogistic(shipped, shipped.features.map((f) => (typeof e.features[f] === 'number' ? (e.features[f] as number) : NaN))).risk);
  const auroc = aurocWithTies(risk, Uint8Array.from(examples, (e) => e.stale));
  return { auroc, beaten: heldOut === null ? null : heldOut > auroc, missing };
}

/** What fit-predictor prints: the data, the held-out quality and the coefficients, largest first. */
export function renderFitSummary(fitted: FittedPredictor, out: string): string {
  const { predictor: p, validation: v, dropped } = fitted;
  const f = p.fitted_on ?? {};
  const held = v.scheme === 'leave-one-group-out' ? `leave-one-report-out over ${v.folds} reports` : `${v.folds}-fold cross-validation over monitors`;
  const lines = [
    `fitted on ${f.rows} measured monitors (${f.stale} stale) from ${f.groups} report${f.groups === 1 ? '' : 's'}`,
    `${held}: AUROC ${v.auroc === null ? 'n/a' : v.auroc.toFixed(3)}`,
    'coefficients on standardized features (logit per standard deviation), largest first:',
  ];
  const order = p.features.map((name, j) => ({ name, c: p.coefficients[j] })).sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || a.name.localeCompare(b.name));
  const width = Math.max(...order.map((o) => o.name.length));
  for (const { name, c } of order) {
    lines.push(`  ${name.padEnd(width)}  ${c >= 0 ? '+' : ''}${c.toFixed(3)}  ${FEATURE_DESCRIPTIONS[name as FeatureName] ?? ''}`.trimEnd());
  }
  if (dropped.length > 0) lines.push(`left out (no values in the history): ${dropped.join(', ')}`);
  const b = fitted.builtIn;
  if (b.auroc === null) {
    lines.push(`built-in predictor: not compared (the reports carry no ${b.missing.join(', ')}: written by an older monitor-gate)`);
  } else {
    lines.push(`built-in predictor on the same ${f.rows} monitors: AUROC ${b.auroc.toFixed(3)}`);
    if (b.beaten === false) {
      lines.push(
        `the history is too small to beat the built-in predictor (held-out AUROC ${v.auroc === null ? 'n/a' : v.auroc.toFixed(3)} <= ${b.auroc.toFixed(3)}): ` +
          'keep the built-in one (leave predictor: out of the config) until more measured reports come in',
      );
    }
  }
  lines.push(`wrote ${out}`);
  return lines.join('\n') + '\n';
}
