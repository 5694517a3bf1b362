import type { DriftAxis } from './drift-axis.ts';
import type { MonitorEstimate } from '../types.ts';

/** One checkpoint of a training run: its name (the folder's) and its activation folder. */
export interface Checkpoint {
  name: string;
  dir: string;
}

/** One monitor at one checkpoint, against the base model, label-free. */
export interface TrajectoryPoint {
  checkpoint: string;
  /** The estimated operating point at the deployed threshold; absent when it could not be computed (error says why). */
  estimated?: MonitorEstimate;
  /** Share of the paired rows whose decision at the deployed threshold differs from the base model's. */
  /** The score at the far end of each change's 95% interval: 1 or more when the estimate cannot rule out staleness. */
  score_bound?: number;
  /** The monitor's logit: mean shift from the base rows in base standard deviations (the drift along its own direction). */
  score_shift?: number;
  flip_rate?: number;
  /** Share of the base-flagged rows this checkpoint stops flagging, and of the base-quiet rows it starts flagging. */
  miss_rate?: number;
  false_on_rate?: number;
  error?: string;
}

export interface TrajectoryMonitor {
  id: string;
  category: string;
  layer: number | null;
  blocking: boolean;
  threshold?: number;
  /** at-risk: some checkpoint's estimate crosses the monitor's tolerances (score >= 1); error: nothing could be estimated. */
  verdict: 'at-risk' | 'steady' | 'error';
  /** The first checkpoint whose estimate crosses the tolerances; null when none does. */
  first_flagged: string | null;
  /** The first checkpoint whose score bound is at least 1 (staleness can no longer be ruled out): the early warning. */
  first_warned: string | null;
  points: TrajectoryPoint[];
  error?: string;
  source: { file: string; line: number; column: number };
}

export interface TrajectoryReport {
  schemaVersion: 1;
  kind: 'trajectory';
  tool: { name: 'monitor-gate'; version: string };
  config: string;
  base: string;
  checkpoints: { name: string; dir: string }[];
  /** at-risk when a blocking monitor is flagged at some checkpoint; error when nothing was estimated or a blocking monitor could not be. */
  verdict: 'at-risk' | 'steady' | 'error';
  monitors: TrajectoryMonitor[];
  /** The principal axis of the checkpoints' drift profiles (drift-axis.ts); absent with fewer than two checkpoints. */
  drift_axis?: DriftAxis;
  /** Drift along the trait directions of --traits (traits.ts); absent without one. */
  traits?: TrajectoryTrait[];
}

/** One trait direction across the checkpoints: the mean shift of its projections in base standard deviations. */
export interface TrajectoryTrait {
  name: string;
  layer: number | null;
  points: { checkpoint: string; shift: number }[];
  error?: string;
}
