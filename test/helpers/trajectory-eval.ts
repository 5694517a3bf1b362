/**
 * How well label-free signals on a run's checkpoints find the (monitor, checkpoint) cells that are
 * stale when measured with labels, on the fixtures of scripts/trajectory-fixtures.ts: AUROC of
 * each signal, error rates of the trajectory's flag (estimated score >= 1), and lead time (does the
 * first flag come no later than the first checkpoint measured stale).
 */
import { aurocWithTies } from '../../src/core/metrics/auroc.ts';
import { driftProfile, principalAxis } from '../../src/core/trajectory/drift-axis.ts';

export interface TrajectoryCell {
  run: string;
  kind: string;
  data: string;
  lr: number;
  checkpoint: string;
  index: number;
  monitor: string;
  stale: boolean;
  score: number;
  /** The score at the far end of the changes' 95% intervals: the early warning at >= 1. */
  score_bound: number;
  tpr_delta: number;
  fpr_delta: number;
  auroc_delta: number;
  flip_rate: number;
  miss_rate: number;
  false_on_rate: number;
  pca_drift: number;
  direction_shift: number;
}

export interface TrajectoryFixture {
  source: string;
  rows: number;
  monitors: { id: string; threshold: number; base_auroc: number }[];
  timings: { run: string; checkpoints: number; axis_share: number | null; seconds: number; tensors_read: number; sides: number[] }[];
  cells: TrajectoryCell[];
}

export function auroc(cells: readonly TrajectoryCell[], signal: (c: TrajectoryCell) => number): number {
  return aurocWithTies(Float64Array.from(cells, signal), Uint8Array.from(cells, (c) => (c.stale ? 1 : 0)));
}

/** False-negative and false-positive rates of a flag over the cells. */
export function errorRates(cells: readonly TrajectoryCell[], flag: (c: TrajectoryCell) => boolean): { fnr: number; fpr: number; stale: number; fresh: number } {
  const stale = cells.filter((c) => c.stale);
  const fresh = cells.filter((c) => !c.stale);
  return { fnr: stale.filter((c) => !flag(c)).length / Math.max(1, stale.length), fpr: fresh.filter(flag).length / Math.max(1, fresh.length), stale: stale.length, fresh: fresh.length };
}

export interface LeadTime {
  /** (fixture, run, monitor) pairs whose last checkpoint is measured stale. */
  pairs: number;
  /** Of those, the first flag at or before the first stale checkpoint. */
  early: number;
  /** Runs with a stale monitor at the last checkpoint, and those where every such monitor was flagged in time. */
  runs: number;
  earlyRuns: number;
  /** First stale index - first flag index, per pair (flag never raised: -Infinity). */
  leads: number[];
}

export function leadTime(cells: readonly TrajectoryCell[], flag: (c: TrajectoryCell) => boolean): LeadTime {
  const byPair = new Map<string, TrajectoryCell[]>();
  for (const c of cells) {
    const key = `${c.run}\u0000${c.monitor}`;
    if (!byPair.has(key)) byPair.set(key, []);
    byPair.get(key)!.push(c);
  }
  const out: LeadTime = { pairs: 0, early: 0, runs: 0, earlyRuns: 0, leads: [] };
  const runs = new Map<string, boolean>();
  for (const [key, list] of byPair) {
    list.sort((a, b) => a.index - b.index);
    if (!list.at(-1)!.stale) continue;
    const firstStale = list.findIndex((c) => c.stale);
    const firstFlag = list.findIndex(flag);
    const inTime = firstFlag !== -1 && firstFlag <= firstStale;
    out.pairs++;
    if (inTime) out.early++;
    out.leads.push(firstFlag === -1 ? -Infinity : firstStale - firstFlag);
    const run = key.split('\u0000')[0];
    runs.set(run, (runs.get(run) ?? true) && inTime);
  }
  out.runs = runs.size;
  out.earlyRuns = [...runs.values()].filter(Boolean).length;
  return out;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The geometric detector the issue describes, held out by run: the principal axis of the drift
 * profiles (every monitor's estimated TPR drop, FPR rise and AUROC drop in tolerance units) fitted
 * on the other runs' checkpoints, and each checkpoint's position along it over the envelope of the
 * benign checkpoints (the other runs' checkpoints with no stale cell; their first checkpoints when
 * none). One risk per checkpoint, shared by its cells.
 */
export function geometricRisk(cells: readonly TrajectoryCell[], tolerance = { tpr_drop: 0.1, fpr_rise: 0.05, auroc_drop: 0.03 }): Map<TrajectoryCell, number> {
  const runs = [...new Set(cells.map((c) => c.run))];
  const monitors = [...new Set(cells.map((c) => c.monitor))];
  const byKey = new Map(cells.map((c) => [`${c.run}\u0000${c.checkpoint}\u0000${c.monitor}`, c]));
  const checkpoints = (run: string) => [...new Set(cells.filter((c) => c.run === run).map((c) => c.checkpoint))];
  const profile = (run: string, checkpoint: string) =>
    monitors.flatMap((m) => {
      const c = byKey.get(`${run}\u0000${checkpoint}\u0000${m}`)!;
      return driftProfile({ tpr: c.tpr_delta, fpr: c.fpr_delta, auroc: c.auroc_delta }, tolerance);
    });
  const risk = new Map<TrajectoryCell, number>();
  for (const held of runs) {
    const train = runs.filter((r) => r !== held);
    const v = principalAxis(train.flatMap((r) => checkpoints(r).map((c) => profile(r, c))))!;
    const position = (p: number[]) => p.reduce((s, x, j) => s + x * v[j], 0);
    const clean = (r: string, c: string) => cells.every((x) => x.run !== r || x.checkpoint !== c || !x.stale);
    const benign = train.flatMap((r) => checkpoints(r).filter((c) => clean(r, c)).map((c) => Math.abs(position(profile(r, c)))));
    const reference = benign.length > 0 ? benign : train.map((r) => Math.abs(position(profile(r, checkpoints(r)[0]))));
    const envelope = Math.max(...reference, 1e-9);
    for (const c of checkpoints(held)) {
      const r = position(profile(held, c)) / envelope;
      for (const m of monitors) risk.set(byKey.get(`${held}\u0000${c}\u0000${m}`)!, r);
    }
  }
  return risk;
}
