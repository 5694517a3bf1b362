/**
 * The principal drift axis of a run: each checkpoint's drift profile is the vector of every
 * monitor's estimated changes in tolerance units (TPR drop / tpr_drop, FPR rise / fpr_rise, AUROC
 * drop / auroc_drop), the base model at the origin. Fine-tuning drift tends to lie along one
 * direction of that space; its share of the profiles' variance says how much, its loadings which
 * monitors carry it, and each checkpoint's position along it how far the run has gone. Descriptive:
 * the per-monitor flag stays the estimated score (on the generated runs the rank-1 projection of
 * the profiles separates stale cells less well than the score itself).
 */
import type { Tolerance } from '../types.ts';
import type { TrajectoryMonitor } from './types.ts';

export interface DriftAxis {
  /** Share of the profiles' sum of squares (about the base, not the mean) on the axis. */
  share: number;
  positions: { checkpoint: string; position: number }[];
  /** Per monitor: the norm of its part of the axis (the loadings' squares sum to 1). */
  loadings: { monitor: string; loading: number }[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0;

/** A monitor's estimated changes in tolerance units, each worse one way: TPR drop, FPR rise, AUROC drop (1 is the stale line). */
export function driftProfile(change: { tpr: number; fpr: number; auroc: number }, t: Pick<Tolerance, 'tpr_drop' | 'fpr_rise' | 'auroc_drop'>): [number, number, number] {
  return [-change.tpr / t.tpr_drop, change.fpr / t.fpr_rise, -change.auroc / t.auroc_drop];
}

/**
 * The unit direction holding most of the rows' sum of squares (about the origin): power iteration on
 * PᵀP from the mean row, which the axis is near when drift grows one way; oriented so the rows'
 * positions sum to 0 or more. Undefined when every row is zero.
 */
export function principalAxis(rows: readonly number[][]): number[] | undefined {
  const width = rows[0]?.length ?? 0;
  let v = new Array<number>(width).fill(0).map((_, j) => rows.reduce((s, row) => s + row[j], 0) + 1e-9);
  for (let it = 0; it < 500; it++) {
    const u = rows.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const w = new Array<number>(width).fill(0);
    rows.forEach((row, i) => row.forEach((x, j) => (w[j] += x * u[i])));
    const norm = Math.hypot(...w);
    if (!(norm > 0)) return undefined;
    const next = w.map((x) => x / norm);
    const moved = Math.hypot(...next.map((x, j) => x - v[j]));
    v = next;
    if (moved < 1e-12) break;
  }
  const sum = rows.reduce((s, row) => s + row.reduce((q, x, j) => q + x * v[j], 0), 0);
  return sum < 0 ? v.map((x) => -x) : v;
}

export function driftAxis(checkpoints: readonly string[], monitors: readonly TrajectoryMonitor[], tolerance: (id: string) => Tolerance): DriftAxis | undefined {
  const used = monitors.filter((m) => m.verdict !== 'error' && checkpoints.every((c) => m.points.find((p) => p.checkpoint === c)?.estimated));
  if (checkpoints.length < 2 || used.length === 0) return undefined;
  const profiles = checkpoints.map((c) =>
    used.flatMap((m) => {
      const e = m.points.find((p) => p.checkpoint === c)!.estimated!;
      return driftProfile({ tpr: e.tpr_delta.value, fpr: e.fpr_delta.value, auroc: e.auroc_delta.value }, tolerance(m.id));
    }),
  );
  const total = profiles.reduce((s, row) => s + row.reduce((q, x) => q + x * x, 0), 0);
  const v = total > 0 ? principalAxis(profiles) : undefined;
  if (!v) return undefined;
  const positions = profiles.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
  const along = positions.reduce((s, x) => s + x * x, 0);
  return {
    share: round4(along / total),
    positions: checkpoints.map((checkpoint, i) => ({ checkpoint, position: round4(positions[i]) })),
    loadings: used.map((m, k) => ({ monitor: m.id, loading: round4(Math.hypot(v[3 * k], v[3 * k + 1], v[3 * k + 2])) })),
  };
}
