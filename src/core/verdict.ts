import type { GateReport, GateVerdict, MonitorResult, MonitorVerdict, OperatingMetrics, Tolerance } from './types.ts';

/**
 * Differences such as 1.0 - 0.9 land a hair under 0.1 in binary floating point;
 * a drop that equals the tolerance must count, so compare with this slack.
 */
const EPSILON = 1e-9;

export interface StalenessJudgement {
  verdict: Extract<MonitorVerdict, 'fresh' | 'stale'>;
  reasons: string[];
}

const fmt = (x: number) => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(1));

/**
 * Why a measurement cannot be judged at all, from the base metrics alone (so merge-reports can
 * recompute it): a probe at or below chance on the base rows (constant activations or scores, a
 * broken export) has nothing to go stale from, and calling it fresh would certify it.
 */
export function unjudgeableBase(base: OperatingMetrics): string | undefined {
  if (base.auroc > 0.5) return undefined;
  const oneSide = base.tpr === base.fpr && (base.tpr === 0 || base.tpr === 1);
  const where = oneSide ? `, and every base row is ${base.tpr === 1 ? 'above' : 'at or below'} the threshold` : '';
  return `the probe does not separate the labeled classes on the base rows (AUROC ${fmt(base.auroc)}${where}); a monitor at chance on the base model cannot be judged fresh or stale: check the base activations (constant rows?) and the probe`;
}

/** The 95% intervals of the three changes (updated - base), for judging with require-significance. */
export interface ChangeIntervals {
  /** DeLong's interval for the AUROC change. */
  auroc: readonly [number, number];
  /** Newcombe's interval for the TPR change at the threshold. */
  tpr: readonly [number, number];
  /** Newcombe's interval for the FPR change at the threshold. */
  fpr: readonly [number, number];
}

/** The intervals a measured monitor's tests carry; undefined when the report has no TPR or FPR interval. */
export function changeIntervals(tests: MonitorResult['tests']): ChangeIntervals | undefined {
  if (!tests?.tpr_change || !tests.fpr_change) return undefined;
  return { auroc: tests.delong.ci95, tpr: tests.tpr_change.ci95, fpr: tests.fpr_change.ci95 };
}

const interval = (i: readonly [number, number]) => `95% CI of the change ${fmt(i[0])} to ${fmt(i[1])}`;

/**
 * Stale when any tolerance is reached: AUROC drop, TPR drop or FPR rise at the deployed threshold.
 * With `significance` (require-significance), a reached tolerance counts only when the whole 95%
 * interval of its change is past it (AUROC and TPR: the upper end at or below -tolerance; FPR: the
 * lower end at or above +tolerance); one that is reached but not cleared stays in the reasons,
 * marked as not counted. Without it, the rule and the reasons are exactly the plain ones.
 */
export function judgeStaleness(base: OperatingMetrics, updated: OperatingMetrics, tolerance: Tolerance, significance?: ChangeIntervals): StalenessJudgement {
  const reasons: string[] = [];
  let counted = 0;
  const criterion = (reached: boolean, line: string, change: readonly [number, number] | undefined, cleared: boolean, bound: string) => {
    if (!reached) return;
    if (!change) {
      reasons.push(`${line})`);
      counted++;
    } else if (cleared) {
      reasons.push(`${line}; ${interval(change)}, clear of it)`);
      counted++;
    } else {
      reasons.push(`${line}), not counted: not significant (${interval(change)} ${bound})`);
    }
  };
  const aurocDrop = base.auroc - updated.auroc;
  const tprDrop = base.tpr - updated.tpr;
  const fprRise = updated.fpr - base.fpr;
  const s = significance;
  criterion(
    aurocDrop >= tolerance.auroc_drop - EPSILON,
    `AUROC dropped ${fmt(aurocDrop)} (${fmt(base.auroc)} -> ${fmt(updated.auroc)}; tolerance ${tolerance.auroc_drop}`,
    s?.auroc,
    s !== undefined && s.auroc[1] <= -tolerance.auroc_drop + EPSILON,
    `reaches above -${tolerance.auroc_drop}`,
  );
  criterion(
    tprDrop >= tolerance.tpr_drop - EPSILON,
    `TPR at the deployed threshold dropped ${fmt(tprDrop)} (${fmt(base.tpr)} -> ${fmt(updated.tpr)}; tolerance ${tolerance.tpr_drop}`,
    s?.tpr,
    s !== undefined && s.tpr[1] <= -tolerance.tpr_drop + EPSILON,
    `reaches above -${tolerance.tpr_drop}`,
  );
  criterion(
    fprRise >= tolerance.fpr_rise - EPSILON,
    `FPR at the deployed threshold rose ${fmt(fprRise)} (${fmt(base.fpr)} -> ${fmt(updated.fpr)}; tolerance ${tolerance.fpr_rise}`,
    s?.fpr,
    s !== undefined && s.fpr[0] >= tolerance.fpr_rise - EPSILON,
    `reaches below ${tolerance.fpr_rise}`,
  );
  return { verdict: counted > 0 ? 'stale' : 'fresh', reasons };
}

export interface GatePolicy {
  /** Whether a predicted-stale (unmeasured) blocking monitor fails the gate; default true. */
  failOnPredicted?: boolean;
}

/**
 * A blocking monitor that is stale or could not be evaluated fails the gate; so does one that was
 * not measured but is predicted stale, unless the policy says predictions only advise.
 */
export function blocksGate(result: Pick<MonitorResult, 'blocking' | 'verdict'>, policy: GatePolicy = {}): boolean {
  if (!result.blocking) return false;
  if (result.verdict === 'predicted-stale') return policy.failOnPredicted ?? true;
  return result.verdict === 'stale' || result.verdict === 'error';
}

/** Verdicts that say something about the monitor on the updated model, measured or predicted. */
const CONCLUSIVE: ReadonlySet<MonitorVerdict> = new Set(['fresh', 'stale', 'predicted-stale', 'predicted-fresh']);

/**
 * The gate fails on a blocking failure, and also when it concluded nothing: no monitor at all, or
 * none measured or predicted (every one inconclusive or errored). A gate that measured nothing must
 * not look green. The one exception is a deliberate skip: every monitor skipped because the change
 * carries no model update and the config opted into skip-when-unchanged.
 */
export function decideGate(
  results: readonly Pick<MonitorResult, 'id' | 'blocking' | 'verdict'>[],
  policy: GatePolicy = {},
): {
  verdict: GateVerdict;
  blockingFailures: string[];
  /** The gate failed because nothing was measured, not because of any one monitor. */
  nothingMeasured: boolean;
} {
  const blockingFailures = results.filter((r) => blocksGate(r, policy)).map((r) => r.id);
  const skippedByChoice = results.length > 0 && results.every((r) => r.verdict === 'skipped');
  const nothingMeasured = blockingFailures.length === 0 && !skippedByChoice && !results.some((r) => CONCLUSIVE.has(r.verdict));
  return { verdict: blockingFailures.length > 0 || nothingMeasured ? 'fail' : 'pass', blockingFailures, nothingMeasured };
}

/** The gate verdict and the report's summary (counts per verdict) of a set of monitor results. */
export function summarizeResults(
  results: readonly Pick<MonitorResult, 'id' | 'blocking' | 'verdict'>[],
  policy: GatePolicy = {},
): { verdict: GateVerdict; summary: GateReport['summary'] } {
  const gate = decideGate(results, policy);
  const count = (v: MonitorVerdict) => results.filter((r) => r.verdict === v).length;
  return {
    verdict: gate.verdict,
    summary: {
      monitors: results.length,
      fresh: count('fresh'),
      stale: count('stale'),
      inconclusive: count('inconclusive'),
      error: count('error'),
      predicted_stale: count('predicted-stale'),
      predicted_fresh: count('predicted-fresh'),
      blocking_failures: gate.blockingFailures,
    },
  };
}

/** A screening the config asked for (`sample-risk:`) that could not be read fails the gate: it must not read as a pass. */
export function withSampleRisk(verdict: GateVerdict, report: Pick<GateReport, 'sample_risk'>): GateVerdict {
  return report.sample_risk?.error !== undefined ? 'fail' : verdict;
}

/**
 * CLI exit status: 0 pass, 1 the gate failed on staleness, 2 the gate could not be fully
 * evaluated (a blocking monitor errored on its config, files or probe, or nothing was measured).
 */
export function exitCodeFor(report: Pick<GateReport, 'verdict' | 'monitors' | 'sample_risk'>): 0 | 1 | 2 {
  if (report.monitors.some((m) => m.blocking && m.verdict === 'error')) return 2;
  if (report.sample_risk?.error !== undefined) return 2;
  if (report.verdict === 'pass') return 0;
  return report.monitors.some((m) => m.blocking && (m.verdict === 'stale' || m.verdict === 'predicted-stale')) ? 1 : 2;
}
